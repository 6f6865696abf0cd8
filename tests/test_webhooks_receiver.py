from __future__ import annotations

import logging
import pickle
import uuid
from datetime import timedelta

import anyio
import pytest

import mighty_async.webhooks._receiver as receiver_module
from mighty_async import ConfigurationError, MightyError
from mighty_async.errors import (
    DuplicateEvent,
    EventInProgress,
    InvalidPayload,
    InvalidSecret,
    PayloadTooLarge,
    ReplayedEvent,
    UndeterminedEventType,
    WebhookError,
)
from mighty_async.webhooks import (
    DEFAULT_MAX_BODY_SIZE,
    DEFAULT_REPLAY_WINDOW,
    SECRET_ENV,
    EventStore,
    InMemoryEventStore,
    MemberJoined,
    WebhookReceiver,
)

from .support.webhook_bodies import FIXED_NOW, delivery, encode

pytestmark = pytest.mark.anyio

SECRET = "whsec-Zebra-7741-unguessable"
JOIN = {"member": {"id": 7}, "space_id": 3, "network_id": 1}


def receiver(**kwargs):
    """A receiver on the fake clock."""
    kwargs.setdefault("clock", lambda: FIXED_NOW)
    return WebhookReceiver(SECRET, **kwargs)


def join(**kwargs):
    """A MemberJoined delivery, encoded."""
    return encode(delivery("MemberJoined", JOIN, **kwargs))


async def test_a_delivery_with_the_secret_is_received():
    """The right Bearer secret, a fresh timestamp and a new id give the typed event."""
    event = await receiver().receive(join(), authorization=f"Bearer {SECRET}")
    assert isinstance(event, MemberJoined)


@pytest.mark.parametrize(
    "authorization",
    [
        f"bearer {SECRET}",
        f"BEARER {SECRET}",
        f"  Bearer   {SECRET}  ",
        f"Bearer {SECRET}\t",
        f"Bearer\t{SECRET}",
    ],
)
async def test_the_scheme_is_case_insensitive_and_blanks_are_ignored(authorization):
    """``bearer``, ``BEARER`` and stray blanks around the secret are accepted."""
    assert isinstance(await receiver().receive(join(), authorization=authorization), MemberJoined)


@pytest.mark.parametrize(
    ("authorization", "fragment"),
    [
        (None, "missing"),
        ("", "missing"),
        ("   ", "missing"),
        (SECRET, "not a Bearer credential"),
        (f"Basic {SECRET}", "not a Bearer credential"),
        ("Bearer", "not a Bearer credential"),
        ("Bearer ", "not a Bearer credential"),
        ("Bearer wrong", "does not carry"),
        (f"Bearer {SECRET}x", "does not carry"),
        (f"Bearer {SECRET[:-1]}", "does not carry"),
        (f"Bearer {SECRET.upper()}", "does not carry"),
    ],
)
async def test_a_missing_or_wrong_secret_is_refused_with_401(authorization, fragment):
    """Anything but ``Bearer <secret>`` raises InvalidSecret, whose status is 401."""
    with pytest.raises(InvalidSecret) as caught:
        await receiver().receive(join(), authorization=authorization)
    assert caught.value.status_code == 401
    assert fragment in str(caught.value)


async def test_the_secret_is_checked_before_the_body_is_looked_at():
    """A stranger learns nothing about the body's problems: a bad secret wins over a bad body."""
    recv = receiver(max_body_size=10)
    with pytest.raises(InvalidSecret):
        await recv.receive(b"x" * 100, authorization="Bearer nope")
    with pytest.raises(InvalidSecret):
        await recv.receive(b"not json", authorization=None)


async def test_the_secret_is_compared_in_constant_time(monkeypatch):
    """The check goes through hmac.compare_digest, against every configured secret."""
    calls = []
    real = receiver_module.hmac.compare_digest

    def spy(a, b):
        calls.append((len(a), len(b)))
        return real(a, b)

    monkeypatch.setattr(receiver_module.hmac, "compare_digest", spy)
    recv = WebhookReceiver([SECRET, "the-next-secret"])
    recv.check_authorization(f"Bearer {SECRET}")
    assert calls == [(32, 32), (32, 32)]


async def test_any_of_several_secrets_is_accepted_while_rotating():
    """During a rotation both the old and the new secret are accepted."""
    recv = WebhookReceiver(["old-secret", "new-secret"])
    recv.check_authorization("Bearer old-secret")
    recv.check_authorization("Bearer new-secret")
    with pytest.raises(InvalidSecret):
        recv.check_authorization("Bearer other")


async def test_the_secret_comes_from_the_environment(monkeypatch):
    """Without a secret argument, MIGHTY_WEBHOOK_SECRET is used."""
    monkeypatch.setenv(SECRET_ENV, "from-env")
    WebhookReceiver().check_authorization("Bearer from-env")


async def test_no_secret_anywhere_is_a_configuration_error(monkeypatch):
    """A receiver that could accept anything is refused at construction."""
    monkeypatch.delenv(SECRET_ENV, raising=False)
    with pytest.raises(ConfigurationError, match=SECRET_ENV):
        WebhookReceiver()


@pytest.mark.parametrize("secret", ["", "  ", [], ["ok", ""], "a\nb", ["x\r"], [3]])
async def test_an_unusable_secret_is_a_configuration_error(secret):
    """Empty secrets, secrets with line breaks and non-strings are refused."""
    with pytest.raises(ConfigurationError):
        WebhookReceiver(secret)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"replay_window": 0},
        {"replay_window": -5},
        {"replay_window": timedelta(0)},
        {"replay_window": "300"},
        {"replay_window": True},
        {"max_body_size": 0},
        {"max_body_size": 1.5},
        {"max_body_size": True},
    ],
)
async def test_unusable_limits_are_configuration_errors(kwargs):
    """A window or size limit that cannot work is refused at construction."""
    with pytest.raises(ConfigurationError):
        WebhookReceiver(SECRET, **kwargs)


async def test_the_secret_never_appears_in_reprs_errors_or_logs(caplog):
    """Neither the configured secret nor a presented one leaks into any text we produce."""
    caplog.set_level(logging.DEBUG)
    recv = receiver()
    texts = [repr(recv), str(recv.store)]
    event = await recv.receive(join(), authorization=f"Bearer {SECRET}")
    attempts = [
        (join(), f"Bearer {SECRET}x"),
        (join(), f"Basic {SECRET}"),
        (join(timestamp="2000-01-01T00:00:00Z"), f"Bearer {SECRET}"),
        (b"x" * (DEFAULT_MAX_BODY_SIZE + 1), f"Bearer {SECRET}"),
        (b"not json", f"Bearer {SECRET}"),
        (encode(delivery("MemberJoined", JOIN, event_id=event.event_id)), f"Bearer {SECRET}"),
    ]
    for body, authorization in attempts:
        with pytest.raises(WebhookError) as caught:
            await recv.receive(body, authorization=authorization)
        texts += [str(caught.value), repr(caught.value), *map(str, caught.value.args)]
    texts += [record.getMessage() for record in caplog.records]
    assert all(SECRET not in text for text in texts)
    assert "***" in repr(recv)


async def test_replay_window_defaults_to_a_day():
    """The default window is 24 hours: Mighty's retries come over several hours."""
    assert WebhookReceiver(SECRET).replay_window == DEFAULT_REPLAY_WINDOW == timedelta(hours=24)


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [
        (timedelta(0), True),
        (timedelta(minutes=-5), True),
        (timedelta(minutes=5), True),
        (timedelta(hours=-24), True),
        (timedelta(hours=24), True),
        (timedelta(hours=-24, seconds=-1), False),
        (timedelta(hours=24, seconds=1), False),
        (timedelta(days=-3), False),
    ],
)
async def test_the_replay_window_applies_on_both_sides(offset, accepted):
    """A timestamp more than the window away from the clock, either way, is refused."""
    body = join(timestamp=(FIXED_NOW + offset).isoformat())
    recv = receiver()
    if accepted:
        await recv.receive(body, authorization=f"Bearer {SECRET}")
        return
    with pytest.raises(ReplayedEvent) as caught:
        await recv.receive(body, authorization=f"Bearer {SECRET}")
    assert caught.value.status_code == 400
    assert "replay window is 86400s" in str(caught.value)


async def test_the_replay_window_follows_the_injected_clock():
    """Moving the fake clock past the window turns an accepted timestamp into a refused one."""
    now = [FIXED_NOW]
    recv = WebhookReceiver(SECRET, replay_window=60, clock=lambda: now[0])
    recv.parse(join())
    now[0] = FIXED_NOW + timedelta(seconds=61)
    with pytest.raises(ReplayedEvent):
        recv.parse(join())


async def test_an_unparseable_timestamp_skips_the_replay_window():
    """When the timestamp cannot be read, the window is off for that delivery."""
    event = await receiver().receive(join(timestamp="datetime"), authorization=f"Bearer {SECRET}")
    assert event.event_timestamp is None


async def test_the_replay_window_can_be_turned_off():
    """replay_window=None accepts any timestamp."""
    recv = receiver(replay_window=None)
    await recv.receive(join(timestamp="1999-01-01T00:00:00Z"), authorization=f"Bearer {SECRET}")
    assert "replay_window=off" in repr(recv)


async def test_an_oversized_body_is_refused_with_413():
    """A body over max_body_size raises PayloadTooLarge carrying the limit."""
    body = join()
    recv = receiver(max_body_size=len(body) - 1)
    with pytest.raises(PayloadTooLarge) as caught:
        await recv.receive(body, authorization=f"Bearer {SECRET}")
    assert caught.value.status_code == 413
    assert caught.value.limit == len(body) - 1
    assert isinstance(
        await receiver(max_body_size=len(body)).receive(body, authorization=f"Bearer {SECRET}"),
        MemberJoined,
    )


@pytest.mark.parametrize("form", [bytes, bytearray, memoryview, lambda b: b.decode()])
async def test_the_size_limit_applies_to_every_body_form(form):
    """Bytes, buffers and text are all measured in bytes against the limit."""
    body = encode(delivery("MemberJoined", {**JOIN, "name": "é" * 20}))
    with pytest.raises(PayloadTooLarge):
        receiver(max_body_size=len(body) - 1).parse(form(body))
    assert isinstance(receiver(max_body_size=len(body)).parse(form(body)), MemberJoined)


async def test_malformed_bodies_are_invalid_payloads():
    """Not JSON, or not a delivery, is InvalidPayload with status 400."""
    for body in (b"{", b"[]", b'{"payload": {}}'):
        with pytest.raises(InvalidPayload) as caught:
            await receiver().receive(body, authorization=f"Bearer {SECRET}")
        assert caught.value.status_code == 400


async def test_a_repeated_event_id_is_a_duplicate_with_status_200():
    """Mighty's retry of a handled event is refused as DuplicateEvent (200), carrying it."""
    recv = receiver()
    body = join()
    first = await recv.receive(body, authorization=f"Bearer {SECRET}")
    await recv.complete(first)
    with pytest.raises(DuplicateEvent) as caught:
        await recv.receive(body, authorization=f"Bearer {SECRET}")
    assert caught.value.status_code == 200
    assert caught.value.event == first


async def test_forget_lets_a_retry_through():
    """After forget(), the same event id is processed again."""
    recv = receiver()
    event = await recv.receive(join(event_id=uuid.uuid4()), authorization=f"Bearer {SECRET}")
    await recv.forget(event)
    again = await recv.receive(
        encode(delivery("MemberJoined", JOIN, event_id=event.event_id)),
        authorization=f"Bearer {SECRET}",
    )
    assert again.event_id == event.event_id


async def test_refused_deliveries_are_not_remembered():
    """A stale delivery does not enter the store, so it cannot mask a later good one."""
    recv = receiver()
    event_id = uuid.uuid4()
    with pytest.raises(ReplayedEvent):
        await recv.receive(
            join(event_id=event_id, timestamp="2000-01-01T00:00:00Z"),
            authorization=f"Bearer {SECRET}",
        )
    assert isinstance(recv.store, InMemoryEventStore)
    assert event_id not in recv.store


async def test_deduplication_can_be_turned_off():
    """deduplicate=False processes every delivery, retries included."""
    recv = receiver(deduplicate=False)
    body = join()
    await recv.receive(body, authorization=f"Bearer {SECRET}")
    await recv.receive(body, authorization=f"Bearer {SECRET}")
    assert recv.store is None
    await recv.forget(recv.parse(body))


class RecordingStore(InMemoryEventStore):
    """A store that keeps every call, to check the receiver uses the one it is given."""

    def __init__(self):
        super().__init__()
        self.calls: list[tuple[str, uuid.UUID]] = []

    async def claim(self, event_id):
        """Record the call, then claim."""
        self.calls.append(("claim", event_id))
        return await super().claim(event_id)

    async def complete(self, event_id):
        """Record the call, then complete."""
        self.calls.append(("complete", event_id))
        await super().complete(event_id)

    async def release(self, event_id):
        """Record the call, then release."""
        self.calls.append(("release", event_id))
        await super().release(event_id)


async def test_a_custom_store_is_used():
    """A store satisfying the EventStore protocol replaces the in-memory default."""
    store = RecordingStore()
    assert isinstance(store, EventStore)
    recv = receiver(store=store)
    event = await recv.receive(join(), authorization=f"Bearer {SECRET}")
    await recv.forget(event)
    again = await recv.receive(join(event_id=event.event_id), authorization=f"Bearer {SECRET}")
    await recv.complete(again)
    assert store.calls == [
        ("claim", event.event_id),
        ("release", event.event_id),
        ("claim", event.event_id),
        ("complete", event.event_id),
    ]


async def test_concurrent_retries_are_processed_once():
    """Many simultaneous deliveries of one event: one is accepted, the rest told to retry."""
    recv = receiver()
    body = join()
    outcomes: list[str] = []

    async def deliver():
        try:
            await recv.receive(body, authorization=f"Bearer {SECRET}")
        except EventInProgress as exc:
            outcomes.append(f"retry later ({exc.status_code})")
        else:
            outcomes.append("accepted")

    async with anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(deliver)
    assert sorted(outcomes) == ["accepted"] + ["retry later (409)"] * 19


async def test_webhook_errors_pickle_with_their_details():
    """Refusals survive pickling (process pools, task queues) with their text and attributes."""
    event = receiver().parse(join())
    errors = [
        InvalidSecret("missing"),
        ReplayedEvent("old"),
        InvalidPayload("bad", errors=["$.event_id: missing"]),
        UndeterminedEventType("which?", candidates=["MEMBER_JOINED", "MEMBER_LEFT"]),
        PayloadTooLarge("big", limit=10),
        DuplicateEvent("again", event=event),
        EventInProgress("busy", event=event),
    ]
    for exc in errors:
        copy = pickle.loads(pickle.dumps(exc))  # noqa: S301 - our own bytes
        assert type(copy) is type(exc)
        assert str(copy) == str(exc)
        assert vars(copy) == vars(exc)
        assert copy.status_code == exc.status_code


def test_the_webhook_errors_form_the_documented_tree():
    """Every refusal is a WebhookError (a MightyError) carrying the status a framework sends."""
    expected = {
        InvalidSecret: 401,
        PayloadTooLarge: 413,
        InvalidPayload: 400,
        UndeterminedEventType: 400,
        ReplayedEvent: 400,
        DuplicateEvent: 200,
    }
    for cls, status in expected.items():
        assert issubclass(cls, WebhookError)
        assert issubclass(cls, MightyError)
        assert cls.status_code == status
    assert issubclass(UndeterminedEventType, InvalidPayload)
