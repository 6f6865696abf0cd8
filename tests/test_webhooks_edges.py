"""Webhook deliveries at their edges: no event acknowledged before it was handled, no 500s.

No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations at run
time, and one refers to a local variable.
"""

import json
import uuid
from datetime import timedelta
from typing import Annotated

import anyio
import pytest
from fastapi import Depends, FastAPI, HTTPException
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mighty_async.errors import DuplicateEvent, EventInProgress, WebhookError
from mighty_async.fastapi import MightyWebhook, add_webhook_route
from mighty_async.webhooks import WebhookEvent, WebhookReceiver

from .support.asgi import client_for
from .support.example_app import SECRET, auth, make_receiver
from .support.webhook_bodies import FIXED_NOW, delivery, encode

pytestmark = pytest.mark.anyio

JOIN = {"member": {"id": 7}, "space_id": 3, "network_id": 1}


def join(**kwargs) -> bytes:
    """A MemberJoined delivery, encoded."""
    return encode(delivery("MemberJoined", JOIN, **kwargs))


# -- 3. a retry is never acknowledged while the first delivery is being handled ---------------


async def test_inline_retry_during_a_slow_handler_is_not_acknowledged():
    """background=False: a retry while the handler runs gets 409; after its failure, a rerun."""
    started, release = anyio.Event(), anyio.Event()
    runs: list[str] = []

    async def handler(event):
        runs.append("run")
        if len(runs) == 1:
            started.set()
            await release.wait()
            message = "the first try fails"
            raise RuntimeError(message)

    app = FastAPI()
    add_webhook_route(app, "/hook", handler, receiver=make_receiver(), background=False)
    body = join()
    statuses: list[int] = []
    async with client_for(app) as http:

        async def first() -> None:
            statuses.append((await http.post("/hook", content=body, headers=auth())).status_code)

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(first)
            await started.wait()
            retry = await http.post("/hook", content=body, headers=auth())
            release.set()
        later = await http.post("/hook", content=body, headers=auth())
        again = await http.post("/hook", content=body, headers=auth())
    assert (retry.status_code, retry.headers["retry-after"]) == (409, "60")
    assert statuses == [500]
    assert (later.status_code, later.json()["status"]) == (200, "processed")
    assert again.status_code == 200
    assert "already handled" in again.json()["detail"]
    assert runs == ["run", "run"]


async def test_background_handler_failure_lets_the_next_delivery_run_it():
    """background=True: a handler that failed leaves the event unhandled for a later delivery."""
    runs: list[int] = []

    async def handler(event):
        runs.append(len(runs))
        if len(runs) == 1:
            message = "fails once"
            raise RuntimeError(message)

    app = FastAPI()
    webhook = add_webhook_route(app, "/hook", handler, receiver=make_receiver())
    body = join()
    async with client_for(app) as http:
        first = await http.post("/hook", content=body, headers=auth())
        second = await http.post("/hook", content=body, headers=auth())
        third = await http.post("/hook", content=body, headers=auth())
    assert [first.status_code, second.status_code, third.status_code] == [202, 202, 200]
    assert runs == [0, 1]
    event_id = uuid.UUID(first.json()["event_id"])
    assert webhook.receiver.store.state(event_id) == "handled"


async def test_the_dependency_counts_an_event_handled_only_when_the_endpoint_returned():
    """An endpoint that raises leaves its event unhandled; one that returns makes it a duplicate."""
    webhook = MightyWebhook(make_receiver())
    calls: list[str] = []
    app = FastAPI()

    @app.post("/hook", status_code=202)
    async def receive(event: Annotated[WebhookEvent, Depends(webhook)]) -> None:
        calls.append("endpoint")
        if len(calls) == 1:
            raise HTTPException(status_code=503, detail="not now")

    body = join()
    async with client_for(app) as http:
        answers = [(await http.post("/hook", content=body, headers=auth())) for _ in range(3)]
    assert [a.status_code for a in answers] == [503, 202, 200]
    assert calls == ["endpoint", "endpoint"]


async def test_the_receivers_delivery_block_completes_or_forgets():
    """receiver.delivery(): a block that raises forgets the event, one that ends completes it."""
    receiver = make_receiver()
    body = join()

    async def failing_handler() -> None:
        async with receiver.delivery(body, authorization=f"Bearer {SECRET}"):
            with pytest.raises(EventInProgress):
                await receiver.receive(body, authorization=f"Bearer {SECRET}")
            message = "handler failed"
            raise RuntimeError(message)

    with pytest.raises(RuntimeError):
        await failing_handler()
    async with receiver.delivery(body, authorization=f"Bearer {SECRET}") as event:
        assert event.event_type == "MEMBER_JOINED"
    with pytest.raises(DuplicateEvent):
        async with receiver.delivery(body, authorization=f"Bearer {SECRET}"):
            pytest.fail("a handled event never reaches the block")


async def test_a_cancelled_handler_forgets_its_event():
    """A delivery block cancelled midway (the request went away) leaves the event unhandled."""
    receiver = make_receiver()
    body = join()
    with anyio.CancelScope() as scope:
        async with receiver.delivery(body, authorization=f"Bearer {SECRET}"):
            scope.cancel()
            await anyio.sleep_forever()
    event = await receiver.receive(body, authorization=f"Bearer {SECRET}")
    assert event.event_type == "MEMBER_JOINED"


# -- 4. every input yields 2xx or 4xx, never a 500 ---------------------------------------------


async def test_a_400_digit_timestamp_is_no_timestamp():
    """An integer too large for any clock is read as no timestamp, not an OverflowError."""
    receiver = make_receiver()
    body = encode({**delivery("MemberJoined", JOIN), "event_timestamp": int("9" * 400)})
    event = await receiver.receive(body, authorization=f"Bearer {SECRET}")
    assert event.event_timestamp is None


@pytest.mark.parametrize("header", ["Bearer \ud800", "Bearer \udfff\ud800x", "\ud800 x"])
async def test_a_header_with_lone_surrogates_is_a_wrong_secret(header):
    """A header no encoder accepts is refused as a wrong secret (401), not a UnicodeEncodeError."""
    with pytest.raises(WebhookError) as caught:
        await make_receiver().receive(join(), authorization=header)
    assert caught.value.status_code == 401


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
TIMESTAMPS = (
    st.integers()
    | st.integers(min_value=10**300, max_value=10**400)
    | st.floats()
    | st.text(max_size=30)
    | st.datetimes().map(lambda d: d.isoformat())
    | st.just(FIXED_NOW.isoformat())
)
HEADERS = (
    st.none() | st.text() | st.text().map(lambda t: f"Bearer {t}") | st.just(f"Bearer {SECRET}")
)


def bodies() -> st.SearchStrategy[object]:
    """Anything a sender can post: raw bytes, text, or envelopes with hostile fields."""
    envelope = st.fixed_dictionaries(
        {},
        optional={
            "event_id": st.uuids().map(str) | JSON,
            "event_timestamp": TIMESTAMPS,
            "event_type": st.sampled_from(["MemberJoined", "POST_CREATED", "Nope"]) | JSON,
            "payload": st.just(JOIN) | JSON,
        },
    )
    return (
        st.binary(max_size=64)
        | st.text(max_size=64)
        | envelope.map(lambda e: json.dumps(e, allow_nan=True))
        | envelope.map(lambda e: json.dumps(e).encode())
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies(), header=HEADERS)
def test_the_receiver_refuses_anything_with_a_webhook_error(body, header):
    """Whatever the body and header, receive() returns an event or raises a WebhookError."""
    receiver = WebhookReceiver(SECRET, clock=lambda: FIXED_NOW)

    async def run() -> int:
        try:
            await receiver.receive(body, authorization=header)
        except WebhookError as exc:
            return exc.status_code
        return 202

    assert 200 <= anyio.run(run) < 500


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies(), header=HEADERS)
def test_the_route_never_answers_500_to_a_delivery(body, header):
    """Over HTTP, any body and Authorization header get a 2xx or a 4xx, never a 5xx."""

    async def handler(event):
        return None

    app = FastAPI()
    add_webhook_route(app, "/hook", handler, receiver=make_receiver())

    async def run() -> int:
        headers = (
            {} if header is None else {"Authorization": header.encode("utf-8", "surrogatepass")}
        )
        async with client_for(app) as http:
            content = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
            return (await http.post("/hook", content=content, headers=headers)).status_code

    status = anyio.run(run)
    assert 200 <= status < 500


def test_the_replay_window_lets_mightys_retries_in():
    """A retry hours later, with the original timestamp, is still received by default."""
    hours_later = FIXED_NOW + timedelta(hours=8)
    receiver = WebhookReceiver(SECRET, clock=lambda: hours_later)

    async def run() -> WebhookEvent:
        return await receiver.receive(join(), authorization=f"Bearer {SECRET}")

    assert anyio.run(run).event_type == "MEMBER_JOINED"
