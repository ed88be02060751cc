from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pictory_desktop.store.options import (
    OPTIONS,
    PRODUCTION_API_BASE_URL,
    SECRET_NAME,
    DefaultsContext,
    Option,
    _declare,
)
from pictory_desktop.store.paths import AppPaths
from pictory_desktop.store.settings import SECRET_REMOVED_NOTICE, SETTINGS_VERSION, Settings

NOW = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


@pytest.fixture
def settings_path(pictory_home: Path) -> Path:
    return AppPaths.from_environment().settings_file


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")


def test_defaults_without_a_file(settings_path: Path, tmp_path: Path) -> None:
    settings = Settings.load(settings_path, DefaultsContext(has_api_key=False, home=tmp_path))
    assert settings.notices == []
    assert settings["api_base_url"] == PRODUCTION_API_BASE_URL == "https://api.pictory.ai/pictoryapis"
    assert settings["use_sandbox"] is True
    assert settings["poll_interval_seconds"] == 10
    assert settings["autosave_interval_seconds"] == 30
    assert settings["recent_files"] == [] and settings["dismissed_advice"] == []
    assert settings["window_geometry"] == "" and settings["last_open_dir"] is None
    assert settings["download_dir"] == tmp_path / "Downloads"
    assert not settings_path.exists()  # loading alone writes nothing


def test_sandbox_default_follows_whether_there_is_a_key(settings_path: Path) -> None:
    assert Settings.load(settings_path, DefaultsContext(has_api_key=True))["use_sandbox"] is False


def test_download_dir_prefers_videos_when_it_exists(tmp_path: Path, settings_path: Path) -> None:
    (tmp_path / "Videos").mkdir()
    assert Settings.load(settings_path, DefaultsContext(home=tmp_path))["download_dir"] == tmp_path / "Videos"


def test_round_trip_writes_only_set_values_with_a_version(settings_path: Path, tmp_path: Path) -> None:
    settings = Settings.load(settings_path)
    settings["poll_interval_seconds"] = 20
    settings["download_dir"] = tmp_path / "out"
    settings["last_open_dir"] = str(tmp_path)
    settings["window_geometry"] = "AdnQywADAAA="
    settings.dismiss_advice("prompt-too-vague")
    settings.dismiss_advice("prompt-too-vague")
    settings.save()

    on_disk = json.loads(settings_path.read_text())
    assert on_disk["settingsVersion"] == SETTINGS_VERSION
    assert on_disk["download_dir"] == str(tmp_path / "out")
    assert "use_sandbox" not in on_disk  # unset: follows the live default
    assert not list(settings_path.parent.glob(".settings.json.*"))  # no temp file left behind

    again = Settings.load(settings_path)
    assert again.notices == []
    assert again["poll_interval_seconds"] == 20
    assert again["download_dir"] == tmp_path / "out"
    assert again["last_open_dir"] == tmp_path
    assert again["dismissed_advice"] == ["prompt-too-vague"]


def test_recent_files_newest_first_without_duplicates_at_most_ten(settings_path: Path) -> None:
    settings = Settings.load(settings_path)
    for number in range(12):
        settings.add_recent_file(f"/projects/p{number}.pictory.json")
    settings.add_recent_file("/projects/p5.pictory.json")
    recent = settings["recent_files"]
    assert len(recent) == 10
    assert recent[0] == "/projects/p5.pictory.json"
    assert recent.count("/projects/p5.pictory.json") == 1
    assert "/projects/p0.pictory.json" not in recent


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("poll_interval_seconds", 1),
        ("poll_interval_seconds", True),
        ("poll_interval_seconds", "10"),
        ("api_base_url", "http://api.pictory.ai/pictoryapis"),
        ("api_base_url", "ftp://x"),
        ("use_sandbox", "yes"),
        ("download_dir", "relative/folder"),
        ("window_geometry", "not base64!"),
        ("recent_files", "a single string"),
    ],
)
def test_invalid_values_are_refused_with_a_sentence(settings_path: Path, name: str, value: object) -> None:
    settings = Settings.load(settings_path)
    with pytest.raises(ValueError, match=rf"^The setting {name} .+\.$"):
        settings[name] = value


def test_sandbox_url_on_this_computer_may_use_plain_http(settings_path: Path) -> None:
    settings = Settings.load(settings_path)
    settings["api_base_url"] = "http://127.0.0.1:8765/pictoryapis/"
    assert settings["api_base_url"] == "http://127.0.0.1:8765/pictoryapis"


def test_unknown_option_name_is_an_error(settings_path: Path) -> None:
    with pytest.raises(KeyError):
        Settings.load(settings_path)["no_such_option"]


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"{not json", "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not valid JSON"),
        (b"[1, 2, 3]", "does not contain"),
        (b'{"settingsVersion": "one"}', "version number"),
    ],
)
def test_corrupt_file_is_set_aside_and_defaults_used(settings_path: Path, content: bytes, why: str) -> None:
    settings_path.parent.mkdir(parents=True, exist_ok=True)
    settings_path.write_bytes(content)
    settings = Settings.load(settings_path, now=NOW)

    aside = settings_path.with_name("settings.json.broken-20260304T050607Z")
    assert aside.read_bytes() == content
    assert not settings_path.exists()
    assert settings["poll_interval_seconds"] == 10
    assert len(settings.notices) == 1
    assert why in settings.notices[0] and str(aside) in settings.notices[0]
    assert settings.notices[0].endswith(".")


def test_newer_version_is_set_aside_untouched(settings_path: Path) -> None:
    write_json(settings_path, {"settingsVersion": SETTINGS_VERSION + 1, "poll_interval_seconds": 25})
    original = settings_path.read_bytes()
    settings = Settings.load(settings_path, now=NOW)
    aside = settings_path.with_name("settings.json.broken-20260304T050607Z")
    assert aside.read_bytes() == original
    assert settings["poll_interval_seconds"] == 10
    assert "newer version" in settings.notices[0] and str(aside) in settings.notices[0]


def test_wrong_typed_values_reset_those_only_and_keep_the_original(settings_path: Path) -> None:
    write_json(
        settings_path,
        {"settingsVersion": 1, "poll_interval_seconds": "fast", "autosave_interval_seconds": 60},
    )
    settings = Settings.load(settings_path, now=NOW)
    assert settings["poll_interval_seconds"] == 10
    assert settings["autosave_interval_seconds"] == 60
    assert "poll_interval_seconds" in settings.notices[0]
    assert settings_path.with_name("settings.json.broken-20260304T050607Z").exists()
    # The repaired file is written at once, so the next start has no notice.
    assert Settings.load(settings_path).notices == []
    assert Settings.load(settings_path)["autosave_interval_seconds"] == 60


def test_two_broken_files_in_one_second_do_not_overwrite_each_other(settings_path: Path) -> None:
    for content in (b"first", b"second"):
        settings_path.parent.mkdir(parents=True, exist_ok=True)
        settings_path.write_bytes(content)
        Settings.load(settings_path, now=NOW)
    kept = sorted(p.read_bytes() for p in settings_path.parent.glob("settings.json.broken-*"))
    assert kept == [b"first", b"second"]


def test_migration_from_version_0_drops_a_plaintext_key(settings_path: Path) -> None:
    secret = "pictai_0123456789abcdef0123456789ab3f9a"
    write_json(settings_path, {"apiKey": secret, "poll_interval_seconds": 15, "custom_note": "kept"})
    settings = Settings.load(settings_path)
    assert settings["poll_interval_seconds"] == 15
    assert settings.notices == [SECRET_REMOVED_NOTICE]
    # Rewritten at once in the new format, without the secret; unknown names survive.
    raw = settings_path.read_text()
    assert secret not in raw
    assert json.loads(raw) == {"settingsVersion": 1, "poll_interval_seconds": 15, "custom_note": "kept"}
    assert Settings.load(settings_path).notices == []


def test_no_option_looks_like_a_secret() -> None:
    assert OPTIONS, "options must be declared"
    for name in OPTIONS:
        assert not SECRET_NAME.search(name), name
    with pytest.raises(AssertionError, match="secret"):
        _declare(Option("api_key", str, lambda _: "", str))
    assert "api_key" not in OPTIONS


def test_every_default_passes_its_own_validator(tmp_path: Path) -> None:
    context = DefaultsContext(home=tmp_path)
    for option in OPTIONS.values():
        default = option.default(context)
        assert option.validate(option.encode(default)) == default, option.name
        assert isinstance(default, option.type), option.name


def test_with_pictory_desktop_home_downloads_default_inside_it_not_in_the_real_home(tmp_path, monkeypatch):
    from pictory_desktop.store.paths import AppPaths
    from pictory_desktop.store.settings import Settings

    monkeypatch.setenv("PICTORY_DESKTOP_HOME", str(tmp_path / "portable"))
    settings = Settings.for_paths(AppPaths.from_environment().ensure())
    assert Path(settings.get("download_dir")).is_relative_to(tmp_path / "portable")
