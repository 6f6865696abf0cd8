"""Walking the spec's schemas: sample bodies, hypothesis strategies, and a strict validator.

One walker, `walk`, resolves ``$ref``s and sorts a schema into enum, object, array or scalar;
what to build at each node is a `Visitor`'s business. Its uses here: `Sampler` (one
deterministic body per schema, typed or from the spec's own examples), `example` (a value that
fits, with every property or only the required ones) and `strategy` (random values with the
wire's variations). `SpecValidator` checks a body against a schema with jsonschema instead.
"""

from __future__ import annotations

import copy
import functools
import itertools
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import attrs
import jsonschema
import referencing
from hypothesis import strategies as st
from referencing.jsonschema import DRAFT202012

from .spec import PAGED_SUFFIX, paged_envelope, resolve

T = TypeVar("T")


@attrs.frozen
class Node(Generic[T]):
    """One schema node, resolved and sorted, with its children still to walk.

    ``shape`` is ``"enum"``, ``"object"``, ``"array"`` or ``"scalar"``; ``type`` and
    ``format`` are the schema's own (``type`` may be a name, a list of names, or None).
    ``fields`` (objects) and ``item`` (arrays) are thunks: a visitor walks only the children
    it calls, in the order it calls them.
    """

    shape: str
    type: Any
    format: str | None
    name: str
    values: list[Any] = attrs.field(factory=list)
    required: frozenset[str] = frozenset()
    fields: dict[str, Callable[[], T]] = attrs.field(factory=dict)
    item: Callable[[], T] | None = None


class Visitor(Generic[T]):
    """What to build at each schema node; `walk` does the resolving and the recursion."""

    def given(self, schema: dict[str, Any]) -> tuple[T] | None:
        """A value for ``schema`` before it is resolved or walked, or None to walk it."""
        del schema
        return None

    def visit(self, node: Node[T]) -> T:
        """The value for one node."""
        raise NotImplementedError


def walk(
    spec: dict[str, Any], schema: dict[str, Any], visitor: Visitor[T], name: str = "value"
) -> T:
    """What ``visitor`` builds for ``schema``, ``$ref``s resolved against ``spec``."""
    own = visitor.given(schema)
    if own is not None:
        return own[0]
    schema = resolve(spec, schema)
    kind, fmt = schema.get("type"), schema.get("format")
    if "enum" in schema:
        return visitor.visit(Node("enum", kind, fmt, name, values=schema["enum"]))
    if kind == "object" or "properties" in schema:
        fields = {
            key: functools.partial(walk, spec, sub, visitor, key)
            for key, sub in schema.get("properties", {}).items()
        }
        required = frozenset(schema.get("required", ()))
        return visitor.visit(Node("object", kind, fmt, name, required=required, fields=fields))
    if kind == "array":
        item = functools.partial(walk, spec, schema.get("items", {}), visitor, name)
        return visitor.visit(Node("array", kind, fmt, name, item=item))
    return visitor.visit(Node("scalar", kind, fmt, name))


def _children(node: Node[T], keep: Callable[[str], bool] = lambda _: True) -> dict[str, T]:
    return {key: field() for key, field in node.fields.items() if keep(key)}


def _item(node: Node[T]) -> T:
    assert node.item is not None
    return node.item()


# -- one deterministic body per schema ------------------------------------------------------


class Sampler(Visitor[Any]):
    """Builds a sample value for a schema, deterministically.

    Every property is present; values are typed by the schema, or in the ``"examples"``
    flavour the spec's own ``example`` where it has one.
    """

    def __init__(self, spec: dict[str, Any], flavour: str) -> None:
        self.spec = spec
        self.flavour = flavour
        self._numbers = itertools.count(7)

    def value(self, schema: dict[str, Any], name: str = "value") -> Any:
        """A value of ``schema``."""
        return walk(self.spec, schema, self, name)

    def given(self, schema: dict[str, Any]) -> tuple[Any] | None:
        """The spec's example, in the examples flavour."""
        if self.flavour == "examples" and "example" in schema:
            return (schema["example"],)
        return None

    def visit(self, node: Node[Any]) -> Any:
        """The first enum value, every property, one item, or a typed scalar."""
        if node.shape == "enum":
            return node.values[0]
        if node.shape == "object":
            return _children(node)
        if node.shape == "array":
            return [_item(node)]
        scalars = {
            "integer": lambda: next(self._numbers),
            "number": lambda: next(self._numbers) + 0.5,
            "boolean": lambda: True,
            "null": lambda: None,
        }
        make = scalars.get(node.type) if isinstance(node.type, str) else None
        return make() if make else self._string(node.format, node.name)

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


# -- a value that fits ----------------------------------------------------------------------

_STRING_BY_FORMAT = {
    "date-time": "2026-07-05T21:11:41+00:00",
    "date": "2026-07-05",
    "email": "ada.lovelace@example.com",
    "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "url": "https://example.mn.co/x/1",
}
_SCALARS = {"integer": 1234, "number": 12.5, "boolean": True}


class _Example(Visitor[Any]):
    def __init__(self, *, full: bool) -> None:
        self.full = full

    def visit(self, node: Node[Any]) -> Any:
        if node.shape == "enum":
            return node.values[0]
        if node.shape == "object":
            return _children(node, lambda key: self.full or key in node.required)
        if node.shape == "array":
            return [_item(node)]
        if node.type in _SCALARS:
            return _SCALARS[node.type]
        return _STRING_BY_FORMAT.get(node.format or "", "some text")


def example(spec: dict[str, Any], schema: dict[str, Any], *, full: bool = True) -> Any:
    """A value that fits ``schema``: every property when ``full``, else only required ones."""
    return walk(spec, schema, _Example(full=full))


# -- random values with the wire's variations ----------------------------------------------

_SAFE_TEXT = st.text(alphabet="abcdefghij ,", max_size=12)
_TIMES = st.datetimes(
    min_value=datetime(1971, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive by design
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)
_INTEGERS = st.integers(min_value=0, max_value=2**63 - 1)
_SCALAR_STRATEGIES: dict[str, st.SearchStrategy[Any]] = {
    "integer": _INTEGERS | _INTEGERS.map(str),
    "number": st.floats(allow_nan=False, allow_infinity=False),
    "boolean": st.booleans(),
}
_DATE_TIMES = _TIMES.map(lambda t: t.isoformat()) | _TIMES.map(
    lambda t: t.isoformat().replace("+00:00", "Z")
)


# REFERENCE.md §4 quirks, and the near misses around them: values our converter reads (or
# refuses) in its own way, where a second decoder would be most likely to disagree.
_QUIRKS: dict[str, st.SearchStrategy[Any]] = {
    "integer": st.sampled_from([" 12", "007", "+5", "1e3", "1.0", "-0", "null", "", "\u0663"])
    | st.floats(allow_nan=False, allow_infinity=False).map(round).map(float)
    | st.booleans()
    | st.integers(min_value=2**64, max_value=2**70),
    "number": st.sampled_from(["1.5", " 2", "nan", "1_0", "1e3", "inf"])
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70),
    "boolean": st.sampled_from([0, 1, 2, "true", "True", "1", "0", "yes", 1.0, "null"]),
    "string": st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.booleans(),
    "date-time": _TIMES.map(lambda t: t.replace(tzinfo=None).isoformat())
    | st.sampled_from(
        [
            "2026-07-05T21:11:41.1234567Z",
            "2026-07-05T21:11:41.9999999+00:00",
            "2026-07-05T21:11:41.123456Z",
            "2026-07-05",
            "2026-07-05T21:11Z",
            "2026-07-05 21:11:41Z",
            "2026-07-05t21:11:41z",
            "2026-07-05T21:11:41+0530",
            "2026-07-05T21:11:41-00:00",
            "2026-07-05T21:11:41+23:59",
            "2026-07-05T24:00:00Z",
            " 2026-07-05T21:11:41Z ",
            "1700000000",
        ]
    )
    | st.integers(min_value=0, max_value=2**32)
    | st.floats(min_value=0, max_value=2**32),
}
_CATEGORY = st.fixed_dictionaries(
    {}, optional={"id": _INTEGERS | _INTEGERS.map(str), "title": _SAFE_TEXT}
)
_CATEGORIES = st.one_of(
    st.lists(_CATEGORY, max_size=3),
    st.lists(_SAFE_TEXT, max_size=3),
    st.lists(_CATEGORY | _SAFE_TEXT, max_size=3).map(json.dumps),
    _CATEGORY,
    _CATEGORY.map(json.dumps),
    st.sampled_from(["[VIP] members", "{staff}", "[1, 2]", '{"colour": "red"}', "[]", " "]),
)
_CATEGORY_KEYS = frozenset({"categories", "member_categories"})


class _Strategy(Visitor["st.SearchStrategy[Any]"]):
    def __init__(self, *, quirks: bool) -> None:
        self.quirks = quirks

    def visit(self, node: Node[st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
        kind = node.type
        if node.shape == "enum":
            found: st.SearchStrategy[Any] = st.sampled_from(node.values)
        elif node.shape == "object":
            fields = _children(node)
            if self.quirks:
                fields = {
                    key: _CATEGORIES | value if key in _CATEGORY_KEYS else value
                    for key, value in fields.items()
                }
            found = st.fixed_dictionaries(
                {k: v for k, v in fields.items() if k in node.required},
                optional={k: v for k, v in fields.items() if k not in node.required},
            )
        elif node.shape == "array":
            found = st.lists(_item(node), max_size=2)
        elif kind in _SCALAR_STRATEGIES:
            found = _SCALAR_STRATEGIES[kind]
        elif node.format == "date-time":
            found, kind = _DATE_TIMES, "date-time"
        else:
            found = _SAFE_TEXT
        if self.quirks:
            found = found | st.none() | _QUIRKS.get(kind or "string", st.nothing())
        return found


def strategy(
    spec: dict[str, Any], schema: dict[str, Any], *, quirks: bool = False
) -> st.SearchStrategy[Any]:
    """Random values that fit ``schema``, with the wire's variations.

    Optional keys come and go, ids arrive as numbers or numeric strings, timestamps end in
    ``+00:00`` or ``Z``. Plain strings use a small alphabet: ``MemberResponse.categories`` is
    typed string and read as comma-separated titles. With ``quirks``, any value may also be
    null or one of the odd shapes of REFERENCE.md §4 and its near misses (naive or
    sub-microsecond timestamps, padded or exponent ids, categories in every shape).
    """
    return walk(spec, schema, _Strategy(quirks=quirks))


# -- checking a body ------------------------------------------------------------------------

_SPEC_URI = "urn:mighty-openapi"


def _strict(schema: Any) -> None:
    if isinstance(schema, dict):
        if schema.get("type") == "object" and "properties" in schema:
            schema.setdefault("additionalProperties", False)
        for value in schema.values():
            _strict(value)
    elif isinstance(schema, list):
        for value in schema:
            _strict(value)


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
        for ref in re.findall(rf"#/components/schemas/(\w+{PAGED_SUFFIX})", str(spec)):
            schemas.setdefault(ref, paged_envelope(ref, next_type=["string", "null"]))
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
