from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mighty_async.errors import InvalidPayload, UndeterminedEventType
from mighty_async.webhooks import (
    BaseEvent,
    CommentCreated,
    MemberJoined,
    MemberLeft,
    MemberPurchased,
    MemberSubscriptionRenewed,
    MemberUpdated,
    UnknownEvent,
    decode_body,
    infer_event_types,
    normalize_event_type,
    parse_event,
    parse_timestamp,
)
from mighty_async.webhooks._parse import _under_payload

from .support.webhook_bodies import delivery, encode

JOIN = {"member": {"id": 7, "first_name": "Ada"}, "space_id": 3, "network_id": 1}
EVENT_ID = "3c90c3cc-0d44-4b50-8888-8dd25736052a"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("PostCreated", "POST_CREATED"),
        ("POST_CREATED", "POST_CREATED"),
        ("post_created", "POST_CREATED"),
        ("MemberJoinedHook", "MEMBER_JOINED"),
        ("MEMBER_JOINED_HOOK", "MEMBER_JOINED"),
        ("member.joined", "MEMBER_JOINED"),
        ("  member-joined  ", "MEMBER_JOINED"),
        ("HotColdPollCreated", "HOT_COLD_POLL_CREATED"),
        ("RSVPCreated", "RSVP_CREATED"),
        ("RsvpCreated", "RSVP_CREATED"),
        ("EVENT_INSTANCE_CANCELED", "EVENT_INSTANCE_CANCELED"),
        ("Hook", "HOOK"),
    ],
)
def test_normalize_event_type(written, normalised):
    """Every spelling seen in the field normalises to UPPER_SNAKE without a Hook suffix."""
    assert normalize_event_type(written) == normalised


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-12-29T18:18:06+00:00", datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)),
        ("2025-12-29T18:18:06Z", datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)),
        ("2025-12-29T18:18:06.250Z", datetime(2025, 12, 29, 18, 18, 6, 250000, tzinfo=UTC)),
        ("2025-12-29 18:18:06", datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)),
        ("2025-12-29 18:18:06 UTC", datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)),
        (
            "2025-12-29T19:18:06+01:00",
            datetime(2025, 12, 29, 19, 18, 6, tzinfo=timezone(timedelta(hours=1))),
        ),
        ("Mon, 29 Dec 2025 18:18:06 GMT", datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)),
        (1767032286, datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)),
        (1767032286.5, datetime(2025, 12, 29, 18, 18, 6, 500000, tzinfo=UTC)),
        ("1767032286", datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)),
        (1767032286000, datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)),
        (datetime(2025, 12, 29, 18, 18, 6), datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)),  # noqa: DTZ001
    ],
)
def test_parse_timestamp_reads_every_plausible_spelling(value, expected):
    """ISO with offset, Z or none, space-separated, RFC 2822 and epoch values all parse."""
    parsed = parse_timestamp(value)
    assert parsed == expected
    assert parsed is not None
    assert parsed.tzinfo is not None


@pytest.mark.parametrize(
    "value", ["datetime", "string", "", "   ", None, True, [], {}, "2025-13-45", 10**30]
)
def test_parse_timestamp_gives_none_for_what_is_no_time(value):
    """Placeholders and junk give None instead of an error."""
    assert parse_timestamp(value) is None


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.booleans()))
def test_parse_timestamp_never_raises(value):
    """Whatever arrives as event_timestamp, reading it never raises."""
    parsed = parse_timestamp(value)
    assert parsed is None or parsed.tzinfo is not None


def test_a_known_event_is_parsed_with_its_envelope():
    """The envelope gives a UUID event_id, an aware timestamp and the typed payload."""
    body = delivery("MemberJoined", JOIN, event_id=EVENT_ID, timestamp="2025-12-29T18:18:06Z")
    event = parse_event(encode(body))
    assert isinstance(event, MemberJoined)
    assert event.event_id == uuid.UUID(EVENT_ID)
    assert event.event_timestamp == datetime(2025, 12, 29, 18, 18, 6, tzinfo=UTC)
    assert event.event_type == "MEMBER_JOINED"
    assert event.payload.member is not None
    assert event.payload.member.first_name == "Ada"
    assert event.payload.space_id == 3


@pytest.mark.parametrize(
    "body",
    [
        encode(delivery("MemberJoined", JOIN)),
        encode(delivery("MemberJoined", JOIN)).decode(),
        bytearray(encode(delivery("MemberJoined", JOIN))),
        memoryview(encode(delivery("MemberJoined", JOIN))),
        delivery("MemberJoined", JOIN),
    ],
    ids=["bytes", "str", "bytearray", "memoryview", "dict"],
)
def test_parse_event_accepts_every_body_form(body):
    """Bytes, text, buffers and an already decoded object all parse the same way."""
    assert isinstance(parse_event(body), MemberJoined)


def test_an_unparseable_timestamp_is_none_not_an_error():
    """A placeholder event_timestamp leaves the timestamp None and the event intact."""
    event = parse_event(encode(delivery("MemberJoined", JOIN, timestamp="datetime")))
    assert isinstance(event, MemberJoined)
    assert event.event_timestamp is None


def test_a_missing_timestamp_is_none():
    """A body without event_timestamp still parses."""
    body = delivery("MemberJoined", JOIN)
    del body["event_timestamp"]
    assert parse_event(body).event_timestamp is None


def test_an_unknown_type_falls_back_and_keeps_the_raw_body():
    """A type this version does not know becomes UnknownEvent with the body untouched."""
    body = delivery("EventCanceledHook", {"event": {"id": 5}, "whatever": [1, 2]})
    event = parse_event(encode(body))
    assert isinstance(event, UnknownEvent)
    assert event.event_type == "EVENT_CANCELED"
    assert event.payload == {"event": {"id": 5}, "whatever": [1, 2]}
    assert event.raw == body
    assert event.event_id == uuid.UUID(body["event_id"])


def test_an_unknown_type_may_carry_any_payload():
    """The fallback accepts a payload that is not an object, since nothing is known about it."""
    event = parse_event(encode(delivery("SomethingNew", [1, 2, 3])))
    assert isinstance(event, UnknownEvent)
    assert event.payload == [1, 2, 3]


def test_events_are_hashable_and_compare_by_value():
    """Events, including the fallback with its dict payload, can go in sets and compare equal."""
    body = encode(delivery("MemberJoined", JOIN, event_id=EVENT_ID))
    unknown = encode(delivery("New", {"a": 1}, event_id=EVENT_ID))
    assert parse_event(body) == parse_event(body)
    assert len({parse_event(body), parse_event(body), parse_event(unknown)}) == 2


def test_the_body_type_wins_over_the_stated_one():
    """A body that names its own type is parsed as that type, whatever the endpoint says."""
    event = parse_event(encode(delivery("MemberLeft", JOIN)), event_type="MemberJoined")
    assert isinstance(event, MemberLeft)


@pytest.mark.parametrize(
    "stated", ["MemberJoined", "MEMBER_JOINED", "MemberJoinedHook", MemberJoined]
)
def test_the_stated_type_is_used_when_the_body_has_none(stated):
    """The endpoint's type, in any spelling or as a class, fills in a missing event_type."""
    assert isinstance(parse_event(encode(delivery(None, JOIN)), event_type=stated), MemberJoined)


def test_an_empty_event_type_counts_as_missing():
    """``"event_type": ""`` is treated like no type at all."""
    event = parse_event(encode(delivery("", JOIN)), event_type=MemberLeft)
    assert isinstance(event, MemberLeft)


def test_inference_names_a_unique_shape():
    """A payload only one event type can have is recognised without any type name."""
    comment = {
        "id": 1,
        "author_id": 2,
        "cheer_count": 0,
        "created_at": "2026-01-01T00:00:00Z",
        "updated_at": "2026-01-01T00:00:00Z",
        "depth": 1,
        "permalink": "https://x.mn.co/c/1",
        "reply_count": 0,
        "replyable": True,
        "space_id": 3,
        "targetable_id": 4,
        "targetable_type": "Post",
        "text": "hi",
    }
    assert isinstance(parse_event(encode(delivery(None, comment))), CommentCreated)


def test_inference_prefers_the_shape_that_knows_most_keys():
    """``{member, network_id}`` is a MemberUpdated (the join/leave shapes need space_id)."""
    payload = {"member": {"id": 1}, "network_id": 2}
    assert isinstance(parse_event(encode(delivery(None, payload))), MemberUpdated)


def test_an_ambiguous_shape_raises_with_the_candidates():
    """A shape several types share is refused with a clear error naming them."""
    with pytest.raises(UndeterminedEventType) as caught:
        parse_event(encode(delivery(None, JOIN)))
    assert caught.value.candidates == ("MEMBER_JOINED", "MEMBER_LEFT", "MEMBER_UPDATED")
    assert "MEMBER_JOINED, MEMBER_LEFT, MEMBER_UPDATED" in str(caught.value)
    assert "event type" in str(caught.value)
    assert caught.value.status_code == 400


@pytest.mark.parametrize("payload", [{"nothing": "known"}, {}, [1, 2], "text", None])
def test_a_shape_that_fits_nothing_raises(payload):
    """A payload that fits no schema, or is not an object, cannot name a type."""
    with pytest.raises(UndeterminedEventType) as caught:
        parse_event(encode(delivery(None, payload)))
    assert caught.value.candidates == ()


def test_a_weak_signature_does_not_claim_an_unrelated_payload():
    """``{id, created_at}`` plus many foreign keys is not taken for a MemberJoinRequested."""
    payload = {"id": 1, "created_at": "2026-01-01T00:00:00Z", "a": 1, "b": 2, "c": 3}
    assert infer_event_types(payload) == ()
    lookalike = {"id": 1, "created_at": "2026-01-01T00:00:00Z", "email": "a@b.c"}
    assert infer_event_types(lookalike) == ("MEMBER_JOIN_REQUESTED",)


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        (b"", "not JSON"),
        (b"not json", "not JSON"),
        (b"\xff\xfe\xfa", "not JSON"),
        (b"[" * 50_000, "not JSON"),
        (b"[]", "not an object"),
        (b'"text"', "not an object"),
        (b"null", "not an object"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_invalid(body, fragment):
    """Malformed bodies raise InvalidPayload, never a JSON or recursion error."""
    with pytest.raises(InvalidPayload) as caught:
        decode_body(body)
    assert fragment in str(caught.value)
    assert caught.value.status_code == 400


@pytest.mark.parametrize(
    ("change", "error"),
    [
        (lambda b: b.pop("event_id"), "$.event_id: missing"),
        (lambda b: b.update(event_id="not-a-uuid"), "$.event_id: not a UUID (str)"),
        (lambda b: b.update(event_id=12), "$.event_id: not a UUID (int)"),
        (lambda b: b.pop("payload"), "$.payload: missing"),
        (lambda b: b.update(event_type=5), "$.event_type: expected a string, got int"),
        (lambda b: b.update(payload=[JOIN]), "$.payload: expected an object, got list"),
    ],
)
def test_an_envelope_of_the_wrong_shape_is_invalid(change, error):
    """Each envelope problem is reported with the path at fault."""
    body = delivery("MemberJoined", JOIN)
    change(body)
    with pytest.raises(InvalidPayload) as caught:
        parse_event(encode(body))
    assert caught.value.errors == (error,)


def test_a_payload_that_does_not_fit_its_model_is_invalid():
    """A payload with a wrongly typed field names the event, the model and the field."""
    payload = {"member": {"id": "not a number"}, "space_id": 3}
    with pytest.raises(InvalidPayload) as caught:
        parse_event(encode(delivery("MemberJoined", payload)))
    assert "MEMBER_JOINED" in str(caught.value)
    assert "MemberJoinPayload" in str(caught.value)
    assert any(line.endswith("@ $.payload.member.id") for line in caught.value.errors)


def test_the_strict_converter_refuses_keys_the_models_do_not_declare(strict_converter):
    """The strict twin catches a field the spec does not have; production ignores it."""
    payload = {**JOIN, "brand_new_field": 1}
    assert isinstance(parse_event(encode(delivery("MemberJoined", payload))), MemberJoined)
    with pytest.raises(InvalidPayload) as caught:
        parse_event(encode(delivery("MemberJoined", payload)), converter=strict_converter)
    assert caught.value.errors == ("extra fields found (brand_new_field) @ $.payload",)


@pytest.mark.parametrize(
    ("line", "rerooted"),
    [
        (
            "invalid value for type, expected int @ $.member.id",
            "invalid value for type, expected int @ $.payload.member.id",
        ),
        ("extra fields found (x) @ $", "extra fields found (x) @ $.payload"),
        ("$: expected an object", "$.payload: expected an object"),
        ("no path at all", "no path at all"),
    ],
)
def test_converter_errors_are_rerooted_at_the_payload(line, rerooted):
    """Error paths from the converter point into the delivery, under ``$.payload``."""
    assert _under_payload(line) == rerooted


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_only_ever_raise_invalid_payload(body):
    """Arbitrary bytes either parse or raise a WebhookError, never anything else."""
    try:
        event = parse_event(body)
    except InvalidPayload:
        return
    assert isinstance(event, BaseEvent)


@settings(max_examples=300, deadline=None)
@given(
    event_type=st.none() | st.sampled_from(["MemberJoined", "PostCreated", "RsvpCreated", "X"]),
    payload=_JSON,
    event_id=st.sampled_from([EVENT_ID, "bad", None]) | st.integers(),
)
def test_random_envelopes_only_ever_raise_invalid_payload(event_type, payload, event_id):
    """Any JSON in the envelope's slots parses or raises InvalidPayload (a 400)."""
    body = {"event_id": event_id, "event_timestamp": "x", "payload": payload}
    if event_type is not None:
        body["event_type"] = event_type
    try:
        event = parse_event(json.dumps(body))
    except InvalidPayload:
        return
    assert event.event_id == uuid.UUID(EVENT_ID)


def test_billing_rows_get_their_lifted_id():
    """A purchase or subscription payload carries the row's own id, as the models' API does."""
    purchase = {"member_id": 1, "member_email": "a@b.c", "plan": {}, "purchase": {"id": 77}}
    subscription = {"member_id": 1, "plan": {}, "subscription": {"id": 88}}
    bought = parse_event(encode(delivery("MemberPurchased", purchase)))
    renewed = parse_event(encode(delivery("MemberSubscriptionRenewed", subscription)))
    assert isinstance(bought, MemberPurchased)
    assert isinstance(renewed, MemberSubscriptionRenewed)
    assert (bought.payload.id, renewed.payload.id) == (77, 88)
