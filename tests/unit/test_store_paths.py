from __future__ import annotations

from pathlib import Path

from pictory_desktop.store.paths import AppPaths


def test_home_override_puts_all_four_folders_under_it(tmp_path: Path) -> None:
    env = {"PICTORY_DESKTOP_HOME": str(tmp_path), "XDG_CONFIG_HOME": "/elsewhere", "APPDATA": r"C:\x"}
    for platform in ("linux", "win32", "darwin"):
        paths = AppPaths.from_environment(env, platform=platform, home=Path("/home/u"))
        for folder in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.logs_dir):
            assert folder.is_relative_to(tmp_path)
        assert len({paths.config_dir, paths.data_dir, paths.cache_dir, paths.logs_dir}) == 4


def test_conftest_points_the_real_environment_at_a_temporary_home(pictory_home: Path) -> None:
    paths = AppPaths.from_environment()
    assert paths.settings_file == pictory_home / "config" / "settings.json"
    assert paths.jobs_db_file == pictory_home / "data" / "jobs.sqlite3"


def test_linux_follows_xdg_variables() -> None:
    env = {
        "XDG_CONFIG_HOME": "/cfg",
        "XDG_DATA_HOME": "/data",
        "XDG_CACHE_HOME": "/cache",
        "XDG_STATE_HOME": "/state",
    }
    paths = AppPaths.from_environment(env, platform="linux", home=Path("/home/u"))
    assert paths.config_dir == Path("/cfg/pictory-desktop")
    assert paths.data_dir == Path("/data/pictory-desktop")
    assert paths.cache_dir == Path("/cache/pictory-desktop")
    assert paths.logs_dir == Path("/state/pictory-desktop/logs")


def test_linux_defaults_and_relative_xdg_values_are_ignored() -> None:
    paths = AppPaths.from_environment({"XDG_CONFIG_HOME": "relative/dir"}, platform="linux", home=Path("/h"))
    assert paths.config_dir == Path("/h/.config/pictory-desktop")
    assert paths.data_dir == Path("/h/.local/share/pictory-desktop")
    assert paths.cache_dir == Path("/h/.cache/pictory-desktop")


def test_windows_uses_appdata_for_config_and_localappdata_for_the_rest() -> None:
    env = {"APPDATA": "/win/Roaming", "LOCALAPPDATA": "/win/Local"}
    paths = AppPaths.from_environment(env, platform="win32", home=Path("/h"))
    assert paths.config_dir == Path("/win/Roaming/pictory-desktop")
    assert paths.data_dir == Path("/win/Local/pictory-desktop")
    assert paths.cache_dir.is_relative_to(Path("/win/Local/pictory-desktop"))


def test_macos_uses_application_support() -> None:
    paths = AppPaths.from_environment({}, platform="darwin", home=Path("/Users/u"))
    assert paths.config_dir == Path("/Users/u/Library/Application Support/pictory-desktop")
    assert paths.cache_dir == Path("/Users/u/Library/Caches/pictory-desktop")


def test_ensure_creates_the_folders(tmp_path: Path) -> None:
    paths = AppPaths.under(tmp_path / "app").ensure()
    assert all(p.is_dir() for p in (paths.config_dir, paths.data_dir, paths.cache_dir, paths.logs_dir))
