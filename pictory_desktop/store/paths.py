"""Where the app keeps its files, per operating system.

``PICTORY_DESKTOP_HOME`` puts all four folders under one directory, and stands in for the user's home
when choosing default folders such as where videos are downloaded: tests point it at a temporary folder
so no test ever touches a real user's settings, job history or Downloads, and a portable install can use
it too.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

APP_DIR_NAME = "pictory-desktop"
HOME_OVERRIDE_ENV = "PICTORY_DESKTOP_HOME"


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path
    logs_dir: Path
    # The folder default user folders (Videos, Downloads) are looked up in.
    user_home: Path = field(default_factory=Path.home)

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def jobs_db_file(self) -> Path:
        return self.data_dir / "jobs.sqlite3"

    @property
    def image_cache_dir(self) -> Path:
        """Pictures the editor shows (image tries, picture URLs): ``store.image_cache.ImageCache``."""
        return self.cache_dir / "images"

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        return cls(
            config_dir=root / "config",
            data_dir=root / "data",
            cache_dir=root / "cache",
            logs_dir=root / "logs",
            user_home=root,
        )

    @classmethod
    def from_environment(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        platform: str | None = None,
        home: Path | None = None,
    ) -> AppPaths:
        """Resolve the folders from the environment; the arguments exist so tests can play other OSes."""
        env = os.environ if environ is None else environ
        platform = sys.platform if platform is None else platform
        home = Path.home() if home is None else home

        override = env.get(HOME_OVERRIDE_ENV, "").strip()
        if override:
            return cls.under(Path(override).expanduser())
        if platform.startswith("win"):
            return cls._windows(env, home)
        if platform == "darwin":
            return cls._macos(home)
        return cls._xdg(env, home)

    @classmethod
    def _xdg(cls, env: Mapping[str, str], home: Path) -> AppPaths:
        def base(variable: str, fallback: Path) -> Path:
            value = env.get(variable, "")
            # The XDG spec says relative paths are invalid and must be ignored.
            return Path(value) if value and os.path.isabs(value) else fallback

        return cls(
            config_dir=base("XDG_CONFIG_HOME", home / ".config") / APP_DIR_NAME,
            data_dir=base("XDG_DATA_HOME", home / ".local" / "share") / APP_DIR_NAME,
            cache_dir=base("XDG_CACHE_HOME", home / ".cache") / APP_DIR_NAME,
            # Logs are "state" in XDG terms: worth keeping across restarts, not worth backing up.
            logs_dir=base("XDG_STATE_HOME", home / ".local" / "state") / APP_DIR_NAME / "logs",
        )

    @classmethod
    def _windows(cls, env: Mapping[str, str], home: Path) -> AppPaths:
        roaming = Path(env.get("APPDATA") or home / "AppData" / "Roaming")
        local = Path(env.get("LOCALAPPDATA") or home / "AppData" / "Local")
        # Settings roam with the user's profile; the job database and caches stay on this machine.
        return cls(
            config_dir=roaming / APP_DIR_NAME,
            data_dir=local / APP_DIR_NAME,
            cache_dir=local / APP_DIR_NAME / "Cache",
            logs_dir=local / APP_DIR_NAME / "Logs",
        )

    @classmethod
    def _macos(cls, home: Path) -> AppPaths:
        support = home / "Library" / "Application Support" / APP_DIR_NAME
        return cls(
            config_dir=support,
            data_dir=support,
            cache_dir=home / "Library" / "Caches" / APP_DIR_NAME,
            logs_dir=home / "Library" / "Logs" / APP_DIR_NAME,
        )

    def ensure(self) -> AppPaths:
        """Create the folders (private to the user where the OS honours modes) and return self."""
        for directory in (self.config_dir, self.data_dir, self.cache_dir, self.logs_dir):
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self
