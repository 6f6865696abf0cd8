"""Reading the official OpenAPI document: operations, parameters, and sample bodies.

The spec is data; nothing here copies it. Sample bodies follow a response schema: every
property present, values typed by the schema (or the spec's own ``example`` in the
"examples" flavour), ``$ref`` resolved, and the 21 list envelopes the spec references but
never defines (``*ResponsePaged``) filled in as ``{items: [T], links: {self, next: null}}``.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

PREFIX = "/admin/v1/networks/{network_id}"
METHODS = ("get", "post", "put", "patch", "delete")
PAGED_SUFFIX = "ResponsePaged"
FLAVOURS = ("typed", "examples")


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield ``(METHOD, path after the network prefix, operation)`` for every operation."""
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path.removeprefix(PREFIX), item[method]


def find_operation(spec: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    """The operation object at ``method`` ``path`` (path after the network prefix)."""
    return spec["paths"][PREFIX + path][method.lower()]


def ref_name(ref: str) -> str:
    """``#/components/schemas/MemberResponse`` -> ``MemberResponse``."""
    return ref.rsplit("/", 1)[-1]


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """Follow a ``$ref`` (patching the undefined ``*ResponsePaged`` envelopes)."""
    ref = schema.get("$ref")
    if ref is None:
        return schema
    name = ref_name(ref)
    schemas = spec["components"]["schemas"]
    if name in schemas:
        return resolve(spec, schemas[name])
    if name.endswith(PAGED_SUFFIX):
        item = name.removesuffix(PAGED_SUFFIX) + "Response"
        return {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
                "links": {
                    "type": "object",
                    "properties": {"self": {"type": "string"}, "next": {"type": "null"}},
                },
            },
        }
    raise KeyError(f"dangling $ref {ref}")


def query_parameters(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The operation's query parameters by name."""
    return {
        p["name"]: p
        for p in operation.get("parameters", [])
        if "name" in p and p.get("in") == "query"
    }


def path_parameters(path: str) -> list[str]:
    """The ``{names}`` of a path template, in order (``network_id`` excluded)."""
    return [
        segment[1:-1]
        for segment in path.split("/")
        if segment.startswith("{") and segment.endswith("}")
    ]


def request_body(spec: dict[str, Any], operation: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """``(content type, resolved schema)`` of the request body, or ``("", {})``."""
    content = operation.get("requestBody", {}).get("content", {})
    for content_type, media in content.items():
        return content_type, resolve(spec, media.get("schema", {}))
    return "", {}


def success(spec: dict[str, Any], operation: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
    """``(status, resolved schema or None)`` of the operation's 2xx answer."""
    for code, answer in operation["responses"].items():
        if code.startswith("2"):
            media = answer.get("content", {}).get("application/json")
            return int(code), resolve(spec, media["schema"]) if media else None
    raise AssertionError("operation without a 2xx answer")


def response_schema_name(operation: dict[str, Any]) -> str | None:
    """The component name the 2xx answer refers to (``...Paged`` names included)."""
    for code, answer in operation["responses"].items():
        if code.startswith("2"):
            media = answer.get("content", {}).get("application/json")
            return ref_name(media["schema"]["$ref"]) if media else None
    return None


class Sampler:
    """Builds a sample value for a schema, deterministically."""

    def __init__(self, spec: dict[str, Any], flavour: str) -> None:
        self.spec = spec
        self.flavour = flavour
        self._numbers = itertools.count(7)

    def value(self, schema: dict[str, Any], name: str = "value") -> Any:
        """A value of ``schema``: the spec's example in the examples flavour, else typed."""
        if self.flavour == "examples" and "example" in schema:
            return schema["example"]
        schema = resolve(self.spec, schema)
        kind = schema.get("type")
        if "enum" in schema:
            return schema["enum"][0]
        if kind == "object" or "properties" in schema:
            return {key: self.value(sub, key) for key, sub in schema.get("properties", {}).items()}
        if kind == "array":
            return [self.value(schema.get("items", {}), name)]
        scalars = {
            "integer": lambda: next(self._numbers),
            "number": lambda: next(self._numbers) + 0.5,
            "boolean": lambda: True,
            "null": lambda: None,
        }
        make = scalars.get(kind) if isinstance(kind, str) else None
        return make() if make else self._string(schema.get("format"), name)

    def _string(self, fmt: str | None, name: str) -> str:
        if fmt == "date-time":
            return f"2026-01-02T03:04:{next(self._numbers) % 60:02d}+00:00"
        if fmt == "email":
            return f"{name}@example.com"
        if fmt in {"url", "uri"}:
            return f"https://example.com/{name}"
        if fmt == "binary":
            return f"{name}-bytes"
        return f"{name}-{next(self._numbers)}"
