"""Reading the official OpenAPI document: where it is, its operations, parameters and ``$ref``s.

The spec is data; nothing here copies it. The document comes from ``$MIGHTY_OPENAPI_SPEC`` or
the shared checkout beside this one; `load_spec` skips a test where it is absent, with the
reason, and fails it under ``CI=true``. ``$ref`` resolution patches the 21 list envelopes the
spec references but never defines (``*ResponsePaged``) as ``{items: [T], links: {self, next}}``.
Walking a schema to build or check a body is in `tests.support.schemas`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

SPEC_ENV = "MIGHTY_OPENAPI_SPEC"
DEFAULT_SPEC = Path(__file__).resolve().parents[3] / "shared" / "mighty-api" / "openapi.json"
PREFIX = "/admin/v1/networks/{network_id}"
METHODS = ("get", "post", "put", "patch", "delete")
PAGED_SUFFIX = "ResponsePaged"
FLAVOURS = ("typed", "examples")


def spec_path() -> Path | None:
    """Where the official OpenAPI document is, or None when this checkout has none."""
    configured = os.environ.get(SPEC_ENV)
    candidates = [Path(configured)] if configured else []
    candidates.append(DEFAULT_SPEC)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


def load_spec() -> dict[str, Any]:
    """The official OpenAPI document; skips the calling test where absent, fails under CI=true."""
    path = spec_path()
    if path is None:
        reason = (
            f"the official OpenAPI document is not here: set {SPEC_ENV} or place it at "
            f"{DEFAULT_SPEC}"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must have the spec: {reason}")
        pytest.skip(reason)
    return json.loads(path.read_text(encoding="utf-8"))


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Yield ``(METHOD, path after the network prefix, operation)`` for every operation."""
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield method.upper(), path.removeprefix(PREFIX), item[method]


def operation_table(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every operation, keyed by ``(METHOD, path after the network prefix)``."""
    return {(method, path): operation for method, path, operation in operations(spec)}


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
        return paged_envelope(name, next_type="null")
    raise KeyError(f"dangling $ref {ref}")


def paged_envelope(name: str, *, next_type: str | list[str]) -> dict[str, Any]:
    """The schema of an undefined ``XResponsePaged``: ``{items: [XResponse], links}``, closed.

    ``next_type`` is ``"null"`` for sample bodies (a one-page list) and ``["string", "null"]``
    for validating what a server sends.
    """
    item = name.removesuffix(PAGED_SUFFIX) + "Response"
    return {
        "type": "object",
        "required": ["items", "links"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
            "links": {
                "type": "object",
                "required": ["self", "next"],
                "additionalProperties": False,
                "properties": {"self": {"type": "string"}, "next": {"type": next_type}},
            },
        },
    }


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
