"""Webhook bodies built from the official spec's schemas, for the webhook and FastAPI tests.

Nothing here copies the spec: every body is generated from the document the `openapi_spec`
fixture loads, so a change in the spec changes the bodies.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from hypothesis import strategies as st

from ._spec import resolve

FIXED_NOW = datetime(2026, 7, 5, 21, 11, 41, tzinfo=UTC)
"""The fake clock's time in the receiver tests; deliveries are stamped with it."""

_STRING_BY_FORMAT = {
    "date-time": "2026-07-05T21:11:41+00:00",
    "date": "2026-07-05",
    "email": "ada.lovelace@example.com",
    "uuid": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
    "url": "https://example.mn.co/x/1",
}


def schema_name(schema: dict[str, Any]) -> str:
    """The component name a ``$ref`` points to."""
    return schema["$ref"].rsplit("/", 1)[-1]


def webhooks(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each webhook name in the spec and its payload schema (a ``$ref``)."""
    found = {}
    for name, item in spec["webhooks"].items():
        body = item["post"]["requestBody"]["content"]["application/json"]["schema"]
        found[name] = body["properties"]["payload"]
    return found


_SCALARS = {"integer": 1234, "number": 12.5, "boolean": True}


def example(spec: dict[str, Any], schema: dict[str, Any], *, full: bool = True) -> Any:
    """A value that fits ``schema``: every property when ``full``, else only required ones."""
    schema = resolve(spec, schema)
    kind = schema.get("type")
    if "enum" in schema:
        value = schema["enum"][0]
    elif kind == "object" or "properties" in schema:
        required = set(schema.get("required", ()))
        value = {
            key: example(spec, item, full=full)
            for key, item in schema.get("properties", {}).items()
            if full or key in required
        }
    elif kind == "array":
        value = [example(spec, schema.get("items", {}), full=full)]
    elif kind in _SCALARS:
        value = _SCALARS[kind]
    else:
        value = _STRING_BY_FORMAT.get(schema.get("format", ""), "some text")
    return value


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
    schema = resolve(spec, schema)
    kind = schema.get("type")
    if "enum" in schema:
        found: st.SearchStrategy[Any] = st.sampled_from(schema["enum"])
    elif kind == "object" or "properties" in schema:
        required = set(schema.get("required", ()))
        properties = schema.get("properties", {})

        def value(key: str, item: dict[str, Any]) -> st.SearchStrategy[Any]:
            if quirks and key in _CATEGORY_KEYS:
                return _CATEGORIES | strategy(spec, item, quirks=quirks)
            return strategy(spec, item, quirks=quirks)

        found = st.fixed_dictionaries(
            {k: value(k, v) for k, v in properties.items() if k in required},
            optional={k: value(k, v) for k, v in properties.items() if k not in required},
        )
    elif kind == "array":
        found = st.lists(strategy(spec, schema.get("items", {}), quirks=quirks), max_size=2)
    elif kind in _SCALAR_STRATEGIES:
        found = _SCALAR_STRATEGIES[kind]
    elif schema.get("format") == "date-time":
        found = _DATE_TIMES
        kind = "date-time"
    else:
        found = _SAFE_TEXT
    if quirks:
        found = found | st.none() | _QUIRKS.get(kind or "string", st.nothing())
    return found


def delivery(
    event_type: str | None,
    payload: Any,
    *,
    event_id: uuid.UUID | str | None = None,
    timestamp: str | None = None,
) -> dict[str, Any]:
    """A delivery envelope; ``event_type`` None leaves the key out, as the spec's schema does."""
    body: dict[str, Any] = {
        "event_id": str(event_id or uuid.uuid4()),
        "event_timestamp": timestamp if timestamp is not None else FIXED_NOW.isoformat(),
        "payload": payload,
    }
    if event_type is not None:
        body["event_type"] = event_type
    return body


def encode(body: Any) -> bytes:
    """The body as Mighty would send it."""
    return json.dumps(body).encode()
