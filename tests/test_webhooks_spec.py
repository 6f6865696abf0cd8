from __future__ import annotations

import types
import typing
from datetime import datetime

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mighty_async.errors import UndeterminedEventType
from mighty_async.models import Purchase, Subscription
from mighty_async.webhooks import (
    EVENT_TYPES,
    KnownEvent,
    infer_event_types,
    normalize_event_type,
    parse_event,
    payload_type,
)
from mighty_async.webhooks._infer import SIGNATURES

from .support.schemas import example, strategy
from .support.spec import ref_name, resolve
from .support.webhook_bodies import delivery, encode, webhooks

pytestmark = pytest.mark.spec


def _event_names(spec):
    return sorted(webhooks(spec))


def test_every_spec_webhook_has_an_event_class(openapi_spec):
    """The event classes are exactly the spec's webhooks, 44 of them, under normalised names."""
    names = {normalize_event_type(name) for name in webhooks(openapi_spec)}
    assert len(names) == 44
    assert names == set(EVENT_TYPES)


def test_event_class_names_match_the_spec_names(openapi_spec):
    """Each event class is named like its webhook in the spec (``MemberJoined``)."""
    for name in webhooks(openapi_spec):
        assert EVENT_TYPES[normalize_event_type(name)].__name__ == name


LIFTED = {Subscription: {"id"}, Purchase: {"id"}}
"""Fields the models add on purpose: a billing row's own id, lifted from its detail object."""


def _unwrap(annotation):
    """The attrs class inside ``X | None`` or ``tuple[X, ...] | None``, else None."""
    args = typing.get_args(annotation)
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        inner = [a for a in args if a is not type(None)]
        return _unwrap(inner[0]) if len(inner) == 1 else None
    if typing.get_origin(annotation) is tuple:
        return _unwrap(args[0])
    return annotation if attrs.has(annotation) else None


def _check_fields(spec, schema, cls, path, seen):
    schema = resolve(spec, schema)
    attrs.resolve_types(cls)
    fields = {f.name: f for f in attrs.fields(cls)}
    assert set(fields) - LIFTED.get(cls, set()) == set(schema.get("properties", {})), path
    if cls in seen:
        return
    seen.add(cls)
    for key, prop in schema.get("properties", {}).items():
        items = prop.get("items", {}) if prop.get("type") == "array" else prop
        if "$ref" not in items:
            continue
        nested = _unwrap(fields[key].type)
        assert nested is not None, f"{path}.{key} should be a model"
        _check_fields(spec, items, nested, f"{path}.{key}", seen)


def test_payload_models_declare_exactly_the_spec_properties(openapi_spec):
    """Every payload model, and every model nested in it, has the spec's fields and no others."""
    seen: set[type] = set()
    for name, schema in webhooks(openapi_spec).items():
        cls = payload_type(EVENT_TYPES[normalize_event_type(name)])
        _check_fields(openapi_spec, schema, cls, f"{name}.payload", seen)


def test_inference_signatures_are_the_spec_required_keys(openapi_spec):
    """The keys inference looks for are the ones the spec marks required for each payload."""
    for name, schema in webhooks(openapi_spec).items():
        cls = payload_type(EVENT_TYPES[normalize_event_type(name)])
        required = set(resolve(openapi_spec, schema).get("required", ()))
        assert SIGNATURES[cls] == required, (name, ref_name(schema["$ref"]))


def _mirrors(value, parsed, path):
    """Check the parsed model holds every value of the generated JSON."""
    if isinstance(value, dict):
        assert attrs.has(type(parsed)), path
        for key, item in value.items():
            _mirrors(item, getattr(parsed, key), f"{path}.{key}")
    elif isinstance(value, list):
        assert len(parsed) == len(value), path
        for index, (item, got) in enumerate(zip(value, parsed, strict=True)):
            _mirrors(item, got, f"{path}[{index}]")
    elif isinstance(parsed, datetime):
        assert parsed == datetime.fromisoformat(value), path
    elif isinstance(parsed, tuple):
        assert isinstance(value, str), path  # categories: typed string, read as titles
        assert [c.title for c in parsed] == [v.strip() for v in value.split(",") if v.strip()]
    elif isinstance(value, bool) or not isinstance(value, int):
        assert parsed == value, path
    else:
        assert parsed == int(value), path


@pytest.mark.parametrize("full", [True, False], ids=["all-properties", "required-only"])
def test_every_webhook_parses_from_a_body_generated_from_its_schema(
    openapi_spec, strict_converter, full
):
    """A body built from each webhook's schema parses, strictly, into its event and payload."""
    for name, schema in webhooks(openapi_spec).items():
        payload = example(openapi_spec, schema, full=full)
        event = parse_event(encode(delivery(name, payload)), converter=strict_converter)
        cls = EVENT_TYPES[normalize_event_type(name)]
        assert type(event) is cls, name
        assert isinstance(event.payload, payload_type(cls)), name
        assert event.event_type == normalize_event_type(name)
        _mirrors(payload, event.payload, f"{name}.payload")


@pytest.mark.parametrize("spelling", ["camel", "upper_snake", "hook"])
def test_every_webhook_name_spelling_reaches_the_same_class(openapi_spec, spelling):
    """``PostCreated``, ``POST_CREATED`` and ``PostCreatedHook`` give the same event class."""
    for name, schema in webhooks(openapi_spec).items():
        written = {
            "camel": name,
            "upper_snake": normalize_event_type(name),
            "hook": f"{name}Hook",
        }[spelling]
        payload = example(openapi_spec, schema, full=False)
        event = parse_event(encode(delivery(written, payload)))
        assert type(event).__name__ == name


def test_stated_type_parses_every_webhook_without_event_type(openapi_spec, strict_converter):
    """With no ``event_type`` in the body, the type the receiver states is used."""
    for name, schema in webhooks(openapi_spec).items():
        body = encode(delivery(None, example(openapi_spec, schema)))
        event = parse_event(body, event_type=name, converter=strict_converter)
        assert type(event).__name__ == name


def test_inference_from_shape_names_the_type_or_lists_it_as_a_candidate(openapi_spec):
    """Without any type, a payload's shape gives its own type, or an ambiguity including it."""
    unique = set()
    for name, schema in webhooks(openapi_spec).items():
        body = encode(delivery(None, example(openapi_spec, schema)))
        expected = normalize_event_type(name)
        candidates = infer_event_types(example(openapi_spec, schema))
        assert expected in candidates, name
        if len(candidates) == 1:
            assert parse_event(body).event_type == expected
            unique.add(name)
            continue
        with pytest.raises(UndeterminedEventType) as caught:
            parse_event(body)
        assert caught.value.candidates == candidates
    assert {
        "CommentCreated",
        "CustomFieldResponseUpdated",
        "GiftLeaderboardUpdated",
        "MemberAmbassadorLeveledUp",
        "MemberJoinRequested",
        "MemberPurchased",
        "ReportedContentCreated",
    } <= unique


def test_inference_is_only_ever_unique_for_types_whose_schema_is_theirs_alone(openapi_spec):
    """Inference never picks one type out of several that share a payload schema."""
    by_schema: dict[str, set[str]] = {}
    for name, schema in webhooks(openapi_spec).items():
        by_schema.setdefault(ref_name(schema["$ref"]), set()).add(normalize_event_type(name))
    for name, schema in webhooks(openapi_spec).items():
        found = infer_event_types(example(openapi_spec, schema))
        if len(found) == 1:
            assert by_schema[ref_name(schema["$ref"])] == set(found), name


@st.composite
def _random_delivery(draw, spec):
    name = draw(st.sampled_from(sorted(webhooks(spec))))
    payload = draw(strategy(spec, webhooks(spec)[name]))
    return name, payload


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_bodies_from_the_schemas_parse_into_their_types(openapi_spec, data):
    """Any body the schemas allow (optional keys dropped, ids as strings, ``Z`` times) parses."""
    name, payload = data.draw(_random_delivery(openapi_spec))
    event = parse_event(encode(delivery(name, payload)))
    cls: type[KnownEvent] = EVENT_TYPES[normalize_event_type(name)]
    assert type(event) is cls
    assert isinstance(event.payload, payload_type(cls))
