"""Reading the official spec in tests: resolving refs, sample bodies, type compatibility."""

from __future__ import annotations

import types
import typing
from datetime import date, datetime
from typing import Any

import attrs

Spec = dict[str, Any]


def resolve(spec: Spec, schema: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` links until a concrete schema is reached."""
    seen = 0
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
        seen += 1
        if seen > 20:  # pragma: no cover - a cycle would be a broken spec
            raise ValueError(f"$ref cycle at {name}")
    return schema


def sample(spec: Spec, schema: dict[str, Any], *, depth: int = 0) -> Any:
    """A body built from a schema: every property present with a value of its declared type."""
    schema = resolve(spec, schema)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind == "object" or "properties" in schema:
        return {
            name: sample(spec, prop, depth=depth + 1)
            for name, prop in schema.get("properties", {}).items()
        }
    if kind == "array":
        return [sample(spec, schema.get("items", {}), depth=depth + 1)] if depth < 6 else []
    if kind == "integer":
        return 7
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    fmt = schema.get("format")
    if fmt == "date-time":
        return "2025-11-07T23:17:21+00:00"
    if fmt == "date":
        return "2025-11-07"
    if fmt == "email":
        return "ada@example.com"
    if "enum" in schema:
        return schema["enum"][0]
    return "text"


def _unwrap(annotation: Any) -> set[Any]:
    """The set of runtime types an annotation admits (None removed)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        out: set[Any] = set()
        for arg in typing.get_args(annotation):
            out |= _unwrap(arg)
        return out
    if origin is typing.Literal:
        return {type(arg) for arg in typing.get_args(annotation)}
    if origin is not None:
        return {origin}
    if hasattr(annotation, "__value__"):
        return _unwrap(annotation.__value__)
    return {annotation} - {type(None)}


def compatible(spec: Spec, schema: dict[str, Any], annotation: Any) -> bool:
    """Whether a model field's annotation can hold what the schema describes."""
    schema = resolve(spec, schema)
    admitted = _unwrap(annotation)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    fmt = schema.get("format")
    if kind == "integer":
        return bool(admitted & {int})
    if kind == "number":
        return bool(admitted & {float, int})
    if kind == "boolean":
        return bool(admitted & {bool})
    if kind == "array":
        return bool(admitted & {list, tuple})
    if kind == "string" and fmt == "date-time":
        return bool(admitted & {datetime})
    if kind == "string" and fmt == "date":
        return bool(admitted & {date})
    if kind == "string":
        return bool(admitted & {str})
    if kind == "object" or "properties" in schema:
        return any(attrs.has(a) or a in (dict, typing.Any) for a in admitted)
    return True
