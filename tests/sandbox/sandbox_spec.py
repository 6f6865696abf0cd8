"""Helpers that read the official spec: schema validators and the operation list."""

from __future__ import annotations

import copy
import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import referencing
from referencing.jsonschema import DRAFT202012

PREFIX = "/admin/v1/networks/{network_id}"
_PAGED = re.compile(r"^(\w+)ResponsePaged$")
_SPEC_URI = "urn:mighty-openapi"


def operations(spec: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Every operation of the spec, keyed by (METHOD, path after the network prefix)."""
    found = {}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                found[(method.upper(), path.removeprefix(PREFIX))] = operation
    return found


def success(operation: dict[str, Any]) -> tuple[int, str | None]:
    """The operation's success status and the schema name of its JSON body (None if empty)."""
    for code, response in operation["responses"].items():
        if code.startswith("2"):
            schema = (response.get("content") or {}).get("application/json", {}).get("schema")
            ref = schema.get("$ref") if schema else None
            return int(code), ref.rsplit("/", 1)[-1] if ref else None
    raise AssertionError("operation without a success response")


def _strict(schema: Any) -> None:
    if isinstance(schema, dict):
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
        for value in schema.values():
            _strict(value)
    elif isinstance(schema, list):
        for value in schema:
            _strict(value)


def _paged(item: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["items", "links"],
        "additionalProperties": False,
        "properties": {
            "items": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}Response"}},
            "links": {
                "type": "object",
                "required": ["self", "next"],
                "additionalProperties": False,
                "properties": {"self": {"type": "string"}, "next": {"type": ["string", "null"]}},
            },
        },
    }


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parsed = datetime.fromisoformat(value)
        return parsed.tzinfo is not None

    @checker.checks("uint64")
    def uint64(value: object) -> bool:
        return not isinstance(value, int) or 0 <= value < 2**64

    @checker.checks("email")
    def email(value: object) -> bool:
        return (
            not isinstance(value, str)
            or re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value) is not None
        )

    @checker.checks("url")
    def url(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return parts.scheme in {"http", "https"} and bool(parts.netloc)

    return checker


class SpecValidator:
    """Validate bodies against the spec's schemas: $refs resolved, missing envelopes added.

    Object schemas are made strict (``additionalProperties: false``) except the error body,
    so a misspelt field in the sandbox fails here instead of passing silently.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        document = copy.deepcopy(spec)
        schemas = document["components"]["schemas"]
        _strict(schemas)
        schemas["ErrorResponse"]["additionalProperties"] = True
        for ref in re.findall(r"#/components/schemas/(\w+ResponsePaged)", str(spec)):
            item = _PAGED.match(ref)
            assert item is not None
            schemas.setdefault(ref, _paged(item.group(1)))
        resource = referencing.Resource.from_contents(document, default_specification=DRAFT202012)
        self._registry = referencing.Registry().with_resource(_SPEC_URI, resource)
        self._checker = _format_checker()

    def errors(self, schema_name: str, body: Any) -> list[str]:
        """Every validation error of ``body`` against ``schema_name``, as readable lines."""
        validator = jsonschema.Draft202012Validator(
            {"$ref": f"{_SPEC_URI}#/components/schemas/{schema_name}"},
            registry=self._registry,
            format_checker=self._checker,
        )
        return [
            f"{'/'.join(map(str, e.absolute_path)) or '$'}: {e.message}"
            for e in validator.iter_errors(body)
        ]
