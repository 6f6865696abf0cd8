"""Every response schema of the spec has a model with each property, typed compatibly."""

from __future__ import annotations

import types
import typing
from datetime import datetime
from typing import Any

import attrs
import pytest

from mighty_async import models
from tests.support.spec import operations, ref_name, resolve

# The spec's response schemas (and those they embed) and the model each is read into.
SCHEMA_MODELS: dict[str, type] = {
    "AbuseReportResponse": models.AbuseReport,
    "AssetResponse": models.Asset,
    "BadgeResponse": models.Badge,
    "CategoryResponse": models.Category,
    "CollectionOrderItemResponse": models.CollectionOrderItem,
    "CollectionResponse": models.Collection,
    "CommentResponse": models.Comment,
    "CourseworkResponse": models.Coursework,
    "CustomFieldAnswerResponse": models.CustomFieldAnswer,
    "CustomFieldOptionResponse": models.CustomFieldOption,
    "CustomFieldResponse": models.CustomField,
    "EmbeddedLinkResponse": models.EmbeddedLink,
    "EventCreatePayload": models.EventPayload,
    "EventInstanceResponse": models.EventInstance,
    "EventResponse": models.Event,
    "InviteResponse": models.Invite,
    "MeResponse": models.Me,
    "MemberResponse": models.Member,
    "NetworkResponse": models.Network,
    "PlanResponse": models.Plan,
    "PollChoiceResponse": models.PollChoice,
    "PollResponse": models.Poll,
    "PostResponse": models.Post,
    "PurchaseDetailResponse": models.PurchaseDetail,
    "PurchasePlanResponse": models.PurchasePlan,
    "PurchaseResponse": models.Purchase,
    "ReactionResponse": models.Reaction,
    "RsvpResponse": models.Rsvp,
    "SegmentResponse": models.Segment,
    "SpaceResponse": models.Space,
    "SubscriptionDetailResponse": models.SubscriptionDetail,
    "SubscriptionPlanResponse": models.SubscriptionPlan,
    "SubscriptionResponse": models.Subscription,
    "TagResponse": models.Tag,
    "UserResponse": models.User,
}
# Answers the SDK returns as None: there is nothing in them.
EMPTY = frozenset({"EmptyResponse"})
# Model fields the spec does not list, each documented on its model.
EXTRA_FIELDS: dict[type, frozenset[str]] = {
    models.Me: frozenset({"network_id", "role"}),
    models.Subscription: frozenset({"id"}),
    models.Purchase: frozenset({"id"}),
}
# Where the spec's declared type is wrong (REFERENCE.md §4): the model follows the wire.
TYPE_FIXES: dict[tuple[str, str], Any] = {
    ("MemberResponse", "categories"): tuple[models.Category, ...],
    ("PurchaseResponse", "member_categories"): tuple[models.Category, ...],
}
# Ids the spec requires that a model may still lack (categories sent as a plain string).
OPTIONAL_IDS = frozenset({models.Category})


def _refs(node: Any) -> list[str]:
    """Every ``$ref`` name inside a JSON node."""
    if isinstance(node, dict):
        own = [ref_name(node["$ref"])] if "$ref" in node else []
        return own + [name for value in node.values() for name in _refs(value)]
    if isinstance(node, list):
        return [name for value in node for name in _refs(value)]
    return []


def response_schemas(spec: dict[str, Any]) -> set[str]:
    """Every schema a 2xx answer uses, directly or embedded (paged envelopes unwrapped)."""
    pending = [
        name
        for _, _, operation in operations(spec)
        for code, answer in operation["responses"].items()
        if code.startswith("2")
        for name in _refs(answer)
    ]
    found: set[str] = set()
    while pending:
        name = pending.pop().removesuffix("Paged")
        if name not in found:
            found.add(name)
            pending.extend(_refs(spec["components"]["schemas"][name]))
    return found


def without_none(annotation: Any) -> Any:
    """``X | None`` -> ``X``."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        if len(rest) == 1:
            return rest[0]
    return annotation


def expected_type(spec: dict[str, Any], schema: dict[str, Any]) -> Any:
    """The Python type a property of ``schema`` must have in a model."""
    if "$ref" in schema:
        return SCHEMA_MODELS[ref_name(schema["$ref"])]
    schema = resolve(spec, schema)
    kind = schema.get("type")
    if kind == "array":
        return tuple[expected_type(spec, schema.get("items", {})), ...]
    if kind == "string" and schema.get("format") == "date-time":
        return datetime
    return {"integer": int, "boolean": bool, "string": str, "number": float}[kind]


@pytest.mark.spec
def test_every_response_schema_has_a_model(openapi_spec):
    """No response schema of the spec is left without a model."""
    unmapped = sorted(response_schemas(openapi_spec) - set(SCHEMA_MODELS) - EMPTY)
    assert not unmapped
    assert len(SCHEMA_MODELS) + len(EMPTY) == len(response_schemas(openapi_spec))


@pytest.mark.spec
@pytest.mark.parametrize("schema_name", sorted(SCHEMA_MODELS))
def test_model_matches_its_schema(schema_name, openapi_spec):
    """Each property is a model field of a compatible type, and the model invents none."""
    model = SCHEMA_MODELS[schema_name]
    schema = openapi_spec["components"]["schemas"][schema_name]
    properties = schema.get("properties", {})
    fields = {field.name: field for field in attrs.fields(model)}
    hints = typing.get_type_hints(model)
    assert set(fields) - set(properties) == EXTRA_FIELDS.get(model, frozenset())
    for name, prop in properties.items():
        assert name in fields, f"{model.__name__} lacks {name!r}"
        want = TYPE_FIXES.get((schema_name, name)) or expected_type(openapi_spec, prop)
        assert without_none(hints[name]) == want, f"{model.__name__}.{name}"


@pytest.mark.spec
@pytest.mark.parametrize("schema_name", sorted(SCHEMA_MODELS))
def test_model_requires_only_its_id(schema_name, openapi_spec):
    """A required spec ``id`` is a required field; every other field defaults to None."""
    model = SCHEMA_MODELS[schema_name]
    required = set(openapi_spec["components"]["schemas"][schema_name].get("required", ()))
    for field in attrs.fields(model):
        must = field.name == "id" and (
            "id" in required or "id" in EXTRA_FIELDS.get(model, frozenset())
        )
        if model is models.Me and field.name == "user":
            must = True
        if model in OPTIONAL_IDS:
            must = False
        assert (field.default is attrs.NOTHING) == must, f"{model.__name__}.{field.name}"
        if not must:
            assert field.default is None, f"{model.__name__}.{field.name} defaults to None"
