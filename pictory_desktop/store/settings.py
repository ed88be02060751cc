"""User settings in config_dir/settings.json: versioned, migrated, written atomically.

A file this version cannot use (not JSON, wrong shape, bad values, or written by a NEWER version) is
renamed aside, never deleted, and ``notices`` holds a sentence for the user saying what happened and where
the old file is. Only values the user set are written; unset options follow their (live) defaults.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from pictory_desktop.domain.limits import SpendingLimits
from pictory_desktop.store.aside import move_aside
from pictory_desktop.store.atomic import atomic_write_text
from pictory_desktop.store.options import OPTIONS, SECRET_NAME, DefaultsContext, Option
from pictory_desktop.store.paths import AppPaths

SETTINGS_VERSION = 1
VERSION_KEY = "settingsVersion"

SECRET_REMOVED_NOTICE = (
    "Your settings file contained an API key. It was removed from the file because keys belong in your "
    "system's password keyring: enter the key again in Settings."
)


def _drop_secrets(data: dict[str, Any], notices: list[str]) -> dict[str, Any]:
    secret_names = [name for name in data if name != VERSION_KEY and SECRET_NAME.search(name)]
    if secret_names:
        notices.append(SECRET_REMOVED_NOTICE)
    return {name: value for name, value in data.items() if name not in secret_names}


def _migrate_0_to_1(data: dict[str, Any], notices: list[str]) -> dict[str, Any]:
    # Files without settingsVersion come from the prototype, which used the same option names but could
    # hold the API key in plain text ("apiKey"). Version 1 adds the version stamp and drops any secret.
    return _drop_secrets(data, notices)


# MIGRATIONS[n] turns a version-n dict into a version-(n+1) dict. Add one entry per format change.
Migration = Callable[[dict[str, Any], list[str]], dict[str, Any]]
MIGRATIONS: dict[int, Migration] = {0: _migrate_0_to_1}


class _Unusable(Exception):
    """The whole file must be set aside; the message is the reason, phrased for the user."""


class Settings:
    def __init__(self, path: Path, context: DefaultsContext | None = None) -> None:
        self.path = path
        self.context = context or DefaultsContext()
        self._values: dict[str, Any] = {}
        # Names this version does not know are kept and written back, so nothing typed by hand is lost.
        self._unknown: dict[str, Any] = {}
        self.notices: list[str] = []
        self._migrated = False

    # -- loading --------------------------------------------------------------------------------------

    @classmethod
    def for_paths(cls, paths: AppPaths, context: DefaultsContext | None = None) -> Settings:
        context = context or DefaultsContext()
        # Default folders follow the paths' idea of home (PICTORY_DESKTOP_HOME when set), not the real one.
        return cls.load(paths.settings_file, replace(context, home=paths.user_home))

    @classmethod
    def load(cls, path: Path, context: DefaultsContext | None = None, *, now: datetime | None = None) -> Settings:
        settings = cls(path, context)
        settings._read(now)
        return settings

    def _read(self, now: datetime | None) -> None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            self.notices.append(
                f"Your settings file {self.path} could not be opened ({exc.strerror or type(exc).__name__}), "
                "so Pictory Desktop is using default settings for now."
            )
            return
        try:
            data = self._parse(raw)
        except _Unusable as reason:
            aside = move_aside(self.path, now=now)
            self.notices.append(
                f"Your settings file could not be used ({reason}), so Pictory Desktop started with default "
                f"settings. The old file was kept as {aside}."
            )
            return

        rejected: list[str] = []
        for name, value in data.items():
            option = OPTIONS.get(name)
            if option is None:
                self._unknown[name] = value
                continue
            try:
                self._values[name] = option.validate(value)
            except (ValueError, TypeError):
                rejected.append(name)

        if rejected:
            aside = move_aside(self.path, now=now)
            self.notices.append(
                f"Some settings had values this version cannot use ({', '.join(rejected)}); they were reset "
                f"to their defaults. The original file was kept as {aside}."
            )
            self.save()
        elif self._migrated:
            # Write the new format now so a migration that removed a secret scrubs it from disk at once.
            self.save()

    def _parse(self, raw: bytes) -> dict[str, Any]:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise _Unusable("it is not valid JSON") from None
        if not isinstance(data, dict):
            raise _Unusable("it does not contain a list of settings")
        version = data.get(VERSION_KEY, 0)
        if isinstance(version, bool) or not isinstance(version, int) or version < 0:
            raise _Unusable("its version number is not valid")
        if version > SETTINGS_VERSION:
            raise _Unusable(
                f"it was written by a newer version of Pictory Desktop (settings version {version}; this "
                f"version understands up to {SETTINGS_VERSION})"
            )
        data = {name: value for name, value in data.items() if name != VERSION_KEY}
        for step in range(version, SETTINGS_VERSION):
            data = MIGRATIONS[step](data, self.notices)
            self._migrated = True
        # Whatever the version, a secret found in the file is removed from it.
        before = len(data)
        data = _drop_secrets(data, self.notices)
        self._migrated = self._migrated or len(data) != before
        return data

    # -- values ---------------------------------------------------------------------------------------

    @staticmethod
    def option(name: str) -> Option:
        try:
            return OPTIONS[name]
        except KeyError:
            raise KeyError(f"no setting named {name!r}") from None

    def get(self, name: str) -> Any:
        option = self.option(name)
        if name in self._values:
            return self._values[name]
        return option.default(self.context)

    def set(self, name: str, value: Any) -> None:
        option = self.option(name)
        try:
            self._values[name] = option.validate(value)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"The setting {name} {exc}.") from None

    def reset(self, name: str) -> None:
        self.option(name)
        self._values.pop(name, None)

    def is_set(self, name: str) -> bool:
        self.option(name)
        return name in self._values

    __getitem__ = get
    __setitem__ = set

    def spending_limits(self) -> SpendingLimits:
        """The user's confirmation threshold and monthly AI-credit limit, as the window and the CLI check them."""
        return SpendingLimits(
            confirm_above=self.get("confirm_above_credits"), monthly_limit=self.get("monthly_credit_limit")
        )

    def add_recent_file(self, path: Path | str) -> None:
        """Put ``path`` first in recent files (once), keeping at most the declared maximum."""
        entry = str(path)
        self.set("recent_files", [entry, *(item for item in self.get("recent_files") if item != entry)])

    def dismiss_advice(self, advice_id: str) -> None:
        current = self.get("dismissed_advice")
        if advice_id not in current:
            self.set("dismissed_advice", [*current, advice_id])

    # -- saving ---------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self._unknown)
        for name, value in self._values.items():
            data[name] = OPTIONS[name].encode(value)
        data[VERSION_KEY] = SETTINGS_VERSION
        return data

    def save(self) -> None:
        atomic_write_text(self.path, json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n")
