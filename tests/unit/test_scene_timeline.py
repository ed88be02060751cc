"""Which scene is on screen, from the boundaries a draft reports or a file's chapters (the video player's)."""

from __future__ import annotations

from decimal import Decimal

from pictory_desktop.domain.scene_timeline import SceneSpan, clock_text, scene_of_chapter, scene_spans, span_at

# Scene 1, then scene 2 split by Pictory into two parts.
SPANS = scene_spans([(2, 2, 2.5, 4.0), (1, None, 0, 1.5), (2, 1, Decimal("1.5"), Decimal("2.5"))])


def test_spans_play_in_order_and_are_labelled_as_the_editor_numbers_scenes():
    assert [span.label for span in SPANS] == ["Scene 1", "Scene 2, part 1", "Scene 2, part 2"]
    assert SPANS[1] == SceneSpan(2, 1, 1.5, 2.5)  # a Decimal from the length estimate reads as seconds


def test_the_scene_on_screen_starts_at_its_start_and_the_last_one_holds_at_the_very_end():
    assert span_at(SPANS, 0) == SPANS[0]
    assert span_at(SPANS, 1.4999) == SPANS[0]
    assert span_at(SPANS, 1.5) == SPANS[1]
    assert span_at(SPANS, 4.0) == SPANS[2]
    assert span_at(SPANS, 4.1) is None
    assert span_at((), 1.0) is None


def test_a_gap_between_scenes_shows_no_scene():
    spans = scene_spans([(1, None, 0, 1), (2, None, 2, 3)])
    assert span_at(spans, 1.5) is None and span_at(spans, 2) == spans[1]


def test_boundaries_that_cannot_be_spans_are_left_out_instead_of_stopping_the_video():
    spans = scene_spans(
        [
            (1, None, 0, 0),  # no length
            (2, None, 3, 1),  # ends before it starts
            (0, None, 0, 1),  # no scene 0
            (3, 0, 0, 1),  # no part 0
            (4, None, -1, 1),
            (5, None, float("nan"), 1),
            (6, None, 1, 2),
        ]
    )
    assert spans == (SceneSpan(6, None, 1.0, 2.0),)


def test_chapters_named_after_scenes_give_their_scene_and_part_and_others_none():
    assert scene_of_chapter("Scene 3") == (3, None)
    assert scene_of_chapter("scene 12, part 2") == (12, 2)
    assert scene_of_chapter("Scene 4 (part 1): Our spring sale") == (4, 1)
    assert scene_of_chapter("Intro") is None
    assert scene_of_chapter("Scenery") is None


def test_the_players_clock_reads_like_a_players():
    assert [clock_text(s) for s in (0, 4.99, 65, 3725, -1, float("nan"))] == [
        "0:00",
        "0:04",
        "1:05",
        "1:02:05",
        "0:00",
        "0:00",
    ]
