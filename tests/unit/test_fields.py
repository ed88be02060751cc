"""resources/fields.json: every level of a request Pictory documents, and the walk that finds stray names."""

from __future__ import annotations

import pytest

from pictory_desktop.domain.fields import FieldSchemaError, default_fields, parse_field_schema, stray_fields
from pictory_desktop.domain.storyboard import JsonObject
from pictory_desktop.sandbox.fields import known_fields

SCHEMA = default_fields()


@pytest.mark.parametrize(
    ("level", "name"),
    [("video", "destinations"), ("video", "avatar"), ("video", "subtitleStyle"), ("scene", "elements"),
     ("scene", "storyCoPilot"), ("background", "searchFilter"), ("background", "colorOverlay"),
     ("aiVisual", "visualContinuity"), ("voiceOver", "externalVoice"), ("aiVoice", "premiumVoiceSettings"),
     ("backgroundMusic", "clips"), ("fontStyle", "animations"), ("logo", "position"), ("mediaElement", "aiVisual"),
     ("textElement", "textVariant"), ("shapeElement", "fill"), ("sceneAvatar", "borderThickness")],
)  # fmt: skip
def test_every_level_the_schema_describes_is_listed(level, name):
    assert name in SCHEMA.known(level)


def test_an_element_is_checked_against_the_fields_of_its_own_kind():
    shape_fill_on_text = {"type": "text", "text": "Hi", "fill": "red"}
    assert [s.path for s in stray_fields(shape_fill_on_text, "element", "e", SCHEMA)] == ["e.fill"]
    assert stray_fields({"type": "shape", "name": "circle", "fill": "red"}, "element", "e", SCHEMA) == []
    # An element of no known type is held to what any kind may have.
    assert stray_fields({"fill": "red", "text": "Hi"}, "element", "e", SCHEMA) == []


def test_free_form_values_and_other_destinations_are_never_flagged():
    body = {
        "variables": {"Name": "Ada", "anything": 1},
        "webhookInput": {"ticket": 4},
        "destinations": [{"type": "s3", "bucket": "b"}, {"type": "vimeo", "folder_uri": "/v/1", "colour": "x"}],
    }
    assert [s.path for s in stray_fields(body, "video", "", SCHEMA)] == ["destinations[1].colour"]


def test_a_typo_deep_in_a_body_names_the_field_it_was_meant_to_be():
    body: JsonObject = {"voiceOver": {"aiVoices": [{"speaker": "Brian", "premiumVoiceSettings": {"stabilty": "60%"}}]}}
    [stray] = stray_fields(body, "video", "", SCHEMA)
    assert (stray.path, stray.meant) == ("voiceOver.aiVoices[0].premiumVoiceSettings.stabilty", "stability")


def test_a_field_list_naming_a_level_it_does_not_have_is_refused():
    with pytest.raises(FieldSchemaError, match="unknown level"):
        parse_field_schema({"levels": {"video": {"scenes": "scene[]"}}})


def test_the_sandbox_keeps_the_same_fields_the_app_knows():
    body = {
        "videoName": "x",
        "brandNmae": "typo",
        "scenes": [{"story": "s", "elements": [{"type": "text", "text": "Hi", "textVarient": "heading"}]}],
    }
    assert known_fields().strip(body, "video") == {
        "videoName": "x",
        "scenes": [{"story": "s", "elements": [{"type": "text", "text": "Hi"}]}],
    }
