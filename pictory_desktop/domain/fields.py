"""Field names Pictory knows at each level of a request body, and spotting misspellings of them.

The server silently drops fields it does not know, so ``mediastyle`` instead of ``mediaStyle``
renders a video with the wrong look and no error. A name that is *close* to a known one is an
error (it was almost certainly meant); any other unknown name is only advice, because Pictory
may add fields before this list learns them.

The names are data, in ``resources/fields.json`` next to the catalog: every level the schema
describes (video, scene, background, aiVisual, voiceOver, elements of each kind, …), each field
saying whether it holds a value, an object of another level, or a list of them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from types import MappingProxyType

from .storyboard import JsonValue

APP_DATA_KEY = "pictoryDesktop"  # the one app-owned key in a project file; stripped before sending

# Names so close to a known one that they were meant as it; compared without case and punctuation.
_CUTOFF = 0.8


@dataclass(frozen=True)
class Child:
    """What a known field holds when it is more than a value: an object of ``level``, or a list of them."""

    level: str
    is_list: bool


@dataclass(frozen=True)
class Variant:
    """A level whose fields depend on one key, as a scene element's on its ``type``."""

    by: str
    levels: Mapping[str, str]
    otherwise: str | None  # the level for any other value; None: any field goes
    has_otherwise: bool  # False: any other value gets the union of the variants' fields


@dataclass(frozen=True, eq=False)  # compared by identity: it is loaded once, and caches key on it
class FieldSchema:
    levels: Mapping[str, Mapping[str, Child | None]]
    variants: Mapping[str, Variant]

    def known(self, level: str) -> frozenset[str]:
        return _known(self, level)

    def child(self, level: str, name: str) -> Child | None:
        return self.levels[level].get(name)

    def resolve(self, level: str, value: Mapping[str, JsonValue]) -> str | None:
        """The concrete level of ``value`` (a variant picks by its key); None when any field goes."""
        variant = self.variants.get(level)
        if variant is None:
            return level
        key = value.get(variant.by)
        if isinstance(key, str) and key in variant.levels:
            return variant.levels[key]
        if variant.has_otherwise:
            return variant.otherwise
        return level  # the union, registered under the variant's own name


class FieldSchemaError(ValueError):
    """The field list is broken: a packaging bug, not a user error."""


def _child(spec: JsonValue, where: str) -> Child | None:
    if spec is None:
        return None
    if not isinstance(spec, str):
        raise FieldSchemaError(f"{where}: expected null or a level name")
    return Child(spec.removesuffix("[]"), spec.endswith("[]"))


def parse_field_schema(data: JsonValue) -> FieldSchema:
    if not isinstance(data, dict) or not isinstance(levels_raw := data.get("levels"), dict):
        raise FieldSchemaError("the field list needs a 'levels' object")
    levels: dict[str, Mapping[str, Child | None]] = {}
    for name, fields_raw in levels_raw.items():
        if not isinstance(fields_raw, dict):
            raise FieldSchemaError(f"level {name}: expected an object")
        levels[name] = MappingProxyType({k: _child(v, f"{name}.{k}") for k, v in fields_raw.items()})
    variants: dict[str, Variant] = {}
    variants_raw = data.get("variants", {})
    for name, raw in variants_raw.items() if isinstance(variants_raw, dict) else ():
        if not isinstance(raw, dict) or not isinstance(by := raw.get("by"), str):
            raise FieldSchemaError(f"variant {name}: needs 'by'")
        choices = raw.get("levels")
        if not isinstance(choices, dict) or not all(isinstance(v, str) for v in choices.values()):
            raise FieldSchemaError(f"variant {name}: 'levels' maps values to level names")
        otherwise = raw.get("otherwise")
        variants[name] = Variant(
            by,
            MappingProxyType({k: v for k, v in choices.items() if isinstance(v, str)}),
            otherwise if isinstance(otherwise, str) else None,
            "otherwise" in raw,
        )
        # The union of the variants' fields, for an element whose type is missing or unknown.
        union: dict[str, Child | None] = {}
        for level in variants[name].levels.values():
            union.update(levels.get(level, {}))
        levels[name] = MappingProxyType(union)
    for name, fields_of in levels.items():
        for key, child in fields_of.items():
            if child is not None and child.level not in levels:
                raise FieldSchemaError(f"{name}.{key} names the unknown level {child.level}")
    return FieldSchema(MappingProxyType(levels), MappingProxyType(variants))


@cache
def _known(schema: FieldSchema, level: str) -> frozenset[str]:
    return frozenset(schema.levels[level])


@cache
def default_fields() -> FieldSchema:
    text = resources.files("pictory_desktop.resources").joinpath("fields.json").read_text("utf-8")
    return parse_field_schema(json.loads(text))


def _fold(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


@cache
def _folded(known: frozenset[str]) -> dict[str, str]:
    return {_fold(name): name for name in known}


@lru_cache(maxsize=1024)  # difflib takes ~0.1 ms a name, and a storyboard repeats its few unknown names per scene
def probable_meaning(name: str, known: frozenset[str]) -> str | None:
    """The known field ``name`` was probably meant to be, or None when it is not close to any."""
    folded = _folded(known)
    key = _fold(name)
    if key in folded:
        return folded[key]
    import difflib  # only for misspelled names: not worth ~2 ms on every start

    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=_CUTOFF)
    return folded[match[0]] if match else None


@dataclass(frozen=True)
class StrayField:
    """A field name the schema does not know at its level; ``meant`` is the known name it is close to."""

    path: str
    name: str
    meant: str | None


def stray_fields(obj: Mapping[str, JsonValue], level: str, path: str, schema: FieldSchema) -> list[StrayField]:
    """Every unknown field in ``obj`` (an object of ``level`` at ``path``) and, through the known fields
    that hold objects, in everything below it."""
    found: list[StrayField] = []
    concrete = schema.resolve(level, obj)
    if concrete is None:
        return found
    fields_of = schema.levels[concrete]
    for name, value in obj.items():
        if name not in fields_of:
            where = f"{path}.{name}" if path else name
            found.append(StrayField(where, name, probable_meaning(name, schema.known(concrete))))
            continue
        child = fields_of[name]
        if child is None:
            continue
        where = f"{path}.{name}" if path else name
        if child.is_list:
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, dict):
                        found += stray_fields(item, child.level, f"{where}[{i}]", schema)
        elif isinstance(value, dict):
            found += stray_fields(value, child.level, where, schema)
    return found
