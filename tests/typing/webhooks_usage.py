"""Typed use of mighty_async.webhooks and mighty_async.fastapi, checked by mypy --strict.

Not collected by pytest: it exists so that a change making the public API harder to type
(losing the union's narrowing, an Any leaking out) fails the typing session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never, assert_type

from fastapi import FastAPI

from mighty_async import AsyncMightyClient, EventInProgress, WebhookError
from mighty_async.fastapi import MightyClient, add_webhook_route, mighty_lifespan
from mighty_async.models import Member, Post
from mighty_async.webhooks import (
    Claim,
    InMemoryEventStore,
    KnownEvent,
    MemberJoined,
    MemberJoinPayload,
    PostCreated,
    UnknownEvent,
    WebhookEvent,
    WebhookReceiver,
    parse_event,
)

if TYPE_CHECKING:
    from datetime import datetime
    from uuid import UUID


def narrows_on_isinstance(event: WebhookEvent) -> int | None:
    """An isinstance check narrows the union, and the payload with it."""
    if isinstance(event, MemberJoined):
        assert_type(event.payload, MemberJoinPayload)
        assert_type(event.payload.member, Member | None)
        return event.payload.space_id
    return None


def narrows_on_the_tag(event: WebhookEvent) -> str | None:
    """Once the fallback is ruled out, comparing event_type narrows to the class of that tag."""
    if isinstance(event, UnknownEvent):
        return None
    if event.event_type == "POST_CREATED":
        assert_type(event, PostCreated)
        assert_type(event.payload, Post)
        return event.payload.title
    return None


def matches_exhaustively(event: WebhookEvent) -> str:
    """A match over the union can be made exhaustive with assert_never."""
    match event:
        case UnknownEvent():
            return f"unknown {event.event_type}"
        case MemberJoined(payload=payload):
            return f"joined {payload.space_id}"
        case _:
            known: KnownEvent = event
            return known.event_type


def envelope(event: WebhookEvent) -> tuple[UUID, datetime | None]:
    """Every member of the union carries the envelope."""
    return event.event_id, event.event_timestamp


def exhaustive_unknown(event: UnknownEvent | MemberJoined) -> str:
    """assert_never accepts what is left after every case."""
    if isinstance(event, UnknownEvent):
        return "unknown"
    if isinstance(event, MemberJoined):
        return "joined"
    assert_never(event)


async def receive(receiver: WebhookReceiver, body: bytes, header: str | None) -> int:
    """The framework-free receiver returns the union, or raises errors with a status."""
    try:
        event = await receiver.receive(body, authorization=header, event_type=MemberJoined)
    except WebhookError as exc:
        return exc.status_code
    assert_type(event, WebhookEvent)
    assert_type(parse_event(body), WebhookEvent)
    return 202


async def handle_once(receiver: WebhookReceiver, body: bytes, header: str | None) -> int:
    """The delivery block yields the event; its refusals carry their status."""
    try:
        async with receiver.delivery(body, authorization=header) as event:
            assert_type(event, WebhookEvent)
    except EventInProgress as exc:
        assert_type(exc.retry_after, int)
        return exc.status_code
    await receiver.complete(event)
    assert isinstance(receiver.store, InMemoryEventStore)
    state: Claim | None = receiver.store.state(event.event_id)
    del state
    return 200


def lent_app(client: AsyncMightyClient) -> FastAPI:
    """mighty_lifespan takes a client as well as a factory."""
    return FastAPI(lifespan=mighty_lifespan(client))


def make_app() -> FastAPI:
    """The FastAPI helpers type-check in ordinary use."""
    app = FastAPI(lifespan=mighty_lifespan(lambda: AsyncMightyClient("t", network_id=1)))

    @app.get("/n")
    async def network(client: MightyClient) -> int | str:
        return client.network_id

    async def handler(event: WebhookEvent) -> None:
        del event

    add_webhook_route(app, "/hook", handler, receiver=WebhookReceiver("s"))
    return app
