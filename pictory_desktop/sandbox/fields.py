"""The sandbox's own reading of ``resources/fields.json``: the fields Pictory keeps; it drops the rest.

Like the catalog, the list of documented field names is one fact shared with the app as data; how it is
walked is written here apart from ``pictory_desktop.domain``. Pictory strips unknown fields without a word,
at every level, so the copy of a body the sandbox keeps (and prices, and returns as ``renderParams``) holds
only what the documentation names.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

# A level maps each field name to None (keep the value as it is), or to (level, is a list of that level).
Level = dict[str, "tuple[str, bool] | None"]


class KnownFields:
    def __init__(self, raw: dict[str, Any]) -> None:
        self.levels: dict[str, Level] = {}
        for name, spec in raw["levels"].items():
            self.levels[name] = {
                key: None if child is None else (child.removesuffix("[]"), child.endswith("[]"))
                for key, child in spec.items()
            }
        # A variant (a scene element) takes its fields from the level its discriminating key names.
        self.variants: dict[str, tuple[str, dict[str, str], str | None, bool]] = {}
        for name, spec in raw.get("variants", {}).items():
            self.variants[name] = (spec["by"], dict(spec["levels"]), spec.get("otherwise"), "otherwise" in spec)
            merged: Level = {}
            for level in spec["levels"].values():
                merged.update(self.levels[level])
            self.levels[name] = merged

    def _level_of(self, level: str, obj: dict[str, Any]) -> str | None:
        if level not in self.variants:
            return level
        key, choices, otherwise, has_otherwise = self.variants[level]
        value = obj.get(key)
        if isinstance(value, str) and value in choices:
            return choices[value]
        return otherwise if has_otherwise else level

    def strip(self, obj: dict[str, Any], level: str) -> dict[str, Any]:
        """A copy of ``obj`` (an object of ``level``) with every unknown field dropped, at every depth."""
        concrete = self._level_of(level, obj)
        if concrete is None:
            return dict(obj)
        spec = self.levels[concrete]
        kept: dict[str, Any] = {}
        for key, value in obj.items():
            if key not in spec:
                continue
            child = spec[key]
            if child is not None and child[1] and isinstance(value, list):
                value = [self.strip(item, child[0]) if isinstance(item, dict) else item for item in value]
            elif child is not None and not child[1] and isinstance(value, dict):
                value = self.strip(value, child[0])
            kept[key] = value
        return kept


@lru_cache(maxsize=1)
def known_fields() -> KnownFields:
    text = files("pictory_desktop.resources").joinpath("fields.json").read_text(encoding="utf-8")
    return KnownFields(json.loads(text))
