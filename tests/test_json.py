"""JSON out: `to_dict`/`to_json` write every model so that the converter reads it back equal."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from uuid import UUID

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mighty_async
from mighty_async import (
    Category,
    ConfigurationError,
    Member,
    Network,
    Page,
    Poll,
    PollChoice,
    models,
    to_dict,
    to_json,
    webhooks,
)
from mighty_async._converter import converter, make_converter, structure
from mighty_async.webhooks import MemberJoined, MemberJoinPayload, parse_event

from .support.model_values import (
    DATETIMES,
    EVENT_CLASSES,
    MODEL_CLASSES,
    PAYLOAD_CLASSES,
    model_strategy,
)

STRICT = make_converter(strict=True)


def _round_trip(obj: Any) -> Any:
    return structure(json.loads(to_json(obj)), type(obj), conv=STRICT)


@pytest.mark.parametrize("cls", MODEL_CLASSES + PAYLOAD_CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_model_round_trips_through_json(cls, data):
    """to_json of any model, read back by the (strict) converter, gives an equal model."""
    obj = data.draw(model_strategy(cls))
    assert _round_trip(obj) == obj


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.__name__)
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_webhook_event_round_trips_through_parse_event(cls, data):
    """to_json of a webhook event is a delivery body that parse_event reads back equal."""
    event = data.draw(
        st.builds(
            cls,
            event_id=st.uuids(),
            event_timestamp=st.none() | DATETIMES,
            payload=model_strategy(webhooks.payload_type(cls)),
        )
    )
    assert parse_event(to_json(event)) == event


def test_the_model_classes_are_all_covered():
    """The property runs over every public attrs class of the models and webhooks packages."""
    covered = {cls.__name__ for cls in MODEL_CLASSES} | set(models._types.__all__)
    assert covered == set(models.__all__)
    assert {"GiftDefinition", "MemberJoinPayload", "ReportedContent"} <= {
        cls.__name__ for cls in PAYLOAD_CLASSES
    }
    assert len(EVENT_CLASSES) == len(webhooks.EVENT_TYPES)


def test_datetimes_are_utc_with_z():
    """Timestamps come out as ISO 8601 in UTC ending in Z, whatever their offset was."""
    nine_thirty_ist = datetime(2025, 1, 1, 15, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    member = Member(id=1, created_at=nine_thirty_ist, updated_at=datetime(2025, 1, 1, 9, 0, 0, 5))  # noqa: DTZ001 - naive on purpose
    out = to_dict(member)
    assert out["created_at"] == "2025-01-01T09:30:00Z"
    assert out["updated_at"] == "2025-01-01T09:00:00.000005Z"


def test_a_time_at_the_end_of_the_calendar_keeps_its_offset():
    """A time that cannot move to UTC without overflowing is still written, with its offset."""
    edge = datetime.min.replace(tzinfo=timezone(timedelta(hours=1)))
    assert to_dict(Member(id=1, created_at=edge))["created_at"] == "0001-01-01T00:00:00+01:00"


def test_tuples_become_lists_and_nested_models_dicts():
    """Tuples, top-level or in a field, become lists; nested models become dicts."""
    poll = Poll(id=3, choices=(PollChoice(id=1, text="yes"),))
    out = to_dict((poll, poll))
    assert isinstance(out, list)
    assert out[0]["choices"] == [to_dict(PollChoice(id=1, text="yes"))]
    assert type(out[0]["choices"]) is list
    assert to_dict([Category(id=1, title="a")]) == [{"id": 1, "title": "a"}]


def test_a_page_keeps_its_items_and_position():
    """A Page becomes its items plus number, next_link and is_last."""
    page = Page(items=(Category(id=1, title="a"),), number=2, next_link="n", is_last=False)
    assert to_dict(page) == {
        "items": [{"id": 1, "title": "a"}],
        "number": 2,
        "next_link": "n",
        "is_last": False,
    }


def test_every_field_is_present_in_declaration_order():
    """Missing values are written as null, and keys follow the model's field order."""
    out = to_dict(Network(id=5))
    assert list(out) == [f.name for f in attrs.fields(Network)]
    assert out["title"] is None


def test_events_carry_their_type_tag():
    """A known event's fixed event_type (an init=False field) is written out."""
    event = MemberJoined(
        event_id=UUID(int=7),
        event_timestamp=datetime(2026, 1, 5, 10, tzinfo=UTC),
        payload=MemberJoinPayload(member=Member(id=3), space_id=4),
    )
    out = to_dict(event)
    assert out["event_type"] == "MEMBER_JOINED"
    assert out["event_id"] == "00000000-0000-0000-0000-000000000007"
    assert out["event_timestamp"] == "2026-01-05T10:00:00Z"


def test_to_json_is_compact_by_default_and_indents_on_request():
    """to_json writes one compact line by default, and pretty-prints with indent=N."""
    category = Category(id=1, title="Zoë")
    assert to_json(category) == '{"id":1,"title":"Zoë"}'
    assert to_json(category, indent=2) == '{\n  "id": 1,\n  "title": "Zoë"\n}'
    assert json.loads(to_json([category, category])) == to_dict([category, category])


def test_the_cli_and_export_share_the_same_json():
    """The export's member records are exactly to_dict's output."""
    from mighty_async._export import member_record  # noqa: PLC0415 - the private user of to_dict

    member = Member(id=1, created_at=datetime(2025, 1, 1, tzinfo=UTC), categories=())
    assert member_record(member) == to_dict(member)
    assert member_record(member)["created_at"] == "2025-01-01T00:00:00Z"


@pytest.mark.parametrize("bad", [1, "member", {"id": 1}, Member, [Member(id=1), 2], None])
def test_anything_but_models_is_a_typed_error(bad):
    """A value that is not a model, a sequence of models or a page raises ConfigurationError."""
    with pytest.raises(ConfigurationError, match="to_dict/to_json take a model"):
        to_json(bad)


def test_a_non_finite_float_is_a_typed_error():
    """A float JSON cannot hold (NaN) raises ConfigurationError rather than writing bad JSON."""

    @attrs.frozen
    class Odd:
        x: float

    with pytest.raises(ConfigurationError, match="cannot write as JSON"):
        to_json(Odd(x=float("nan")))


def test_both_are_exported():
    """to_dict and to_json are public names of mighty_async."""
    assert mighty_async.to_dict is to_dict
    assert mighty_async.to_json is to_json
    assert converter.unstructure(Member(id=1))["id"] == 1


CANARY = "mn_CANARY-json-4d2b"


@pytest.mark.anyio
async def test_json_of_answers_never_holds_the_token():
    """to_json of a page and of a model fetched with a planted token never contains it."""
    import httpx  # noqa: PLC0415 - only this test talks to a transport

    from mighty_async import AsyncMightyClient  # noqa: PLC0415

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/members"):
            return httpx.Response(200, json={"items": [{"id": 1}], "links": {"next": None}})
        return httpx.Response(200, json={"id": 1, "network_id": 1, "role": "host"})

    transport = httpx.MockTransport(answer)
    async with AsyncMightyClient(CANARY, network_id=1, transport=transport) as client:
        pages = [page async for page in client.members.list().pages()]
        me = await client.me()
    assert pages
    for out in (to_json(pages[0]), to_json(pages[0].items), to_json(me, indent=2)):
        assert CANARY not in out
        assert "Bearer" not in out
