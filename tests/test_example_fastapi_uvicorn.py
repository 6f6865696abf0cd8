"""The example app under a real uvicorn server on 127.0.0.1, driven from asyncio and trio."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import anyio
import anyio.to_thread
import httpx
import pytest

from mighty_async.fastapi import add_webhook_route
from mighty_async.testing._serve import serve_in_thread
from mighty_async.webhooks import normalize_event_type

from .support.example_app import MAX_BODY, ClientFactory, auth, load_example, make_receiver
from .support.schemas import example
from .support.webhook_bodies import FIXED_NOW, delivery, encode, webhooks

pytestmark = pytest.mark.anyio

JOIN = {"member": {"id": 7}, "space_id": 3, "network_id": 1}
HOOK = "/webhooks/mighty"
WAIT = 10.0


class SlowHandler:
    """A handler that waits until the test releases it, to show the answer does not wait."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.finished = threading.Event()

    async def __call__(self, _event: object) -> None:
        """Wait for the release, then say so."""
        await anyio.to_thread.run_sync(self.release.wait, WAIT)
        self.finished.set()


@pytest.fixture(scope="module")
def slow():
    """The slow handler, shared with the module's server."""
    return SlowHandler()


@pytest.fixture(scope="module")
def factory():
    """Clients on a sandbox network, for the module's server."""
    return ClientFactory()


@pytest.fixture(scope="module")
def base_url(factory, slow):
    """The example app, plus a slow webhook route, served once for the whole module."""
    app = load_example().create_app(factory, make_receiver())
    add_webhook_route(app, "/webhooks/slow", slow, receiver=make_receiver())
    with serve_in_thread(app, lifespan=True) as url:
        yield url


@pytest.fixture
async def http(base_url):
    """An HTTP client on the module's server."""
    async with httpx.AsyncClient(base_url=base_url, timeout=WAIT) as client:
        yield client


async def test_lifespan_opens_and_closes_the_client_exactly_once():
    """A server's startup builds one client and its shutdown closes it once."""
    factory = ClientFactory()
    app = load_example().create_app(factory, make_receiver())
    with serve_in_thread(app, lifespan=True) as url:
        assert len(factory.clients) == 1
        async with httpx.AsyncClient(base_url=url) as client:
            for _ in range(3):
                response = await client.get(
                    "/members/by-email", params={"email": factory.member["email"]}
                )
                assert response.status_code == 200
        assert not factory.clients[0].is_closed
    assert len(factory.clients) == 1
    assert factory.clients[0].closes == 1
    assert factory.clients[0].is_closed


async def test_concurrent_requests_share_the_one_client(http, factory):
    """Concurrent lookups over real sockets all go through the one client."""
    before = len(factory.lookups())
    statuses: list[int] = []

    async def lookup():
        response = await http.get("/members/by-email", params={"email": factory.member["email"]})
        statuses.append(response.status_code)

    async with anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(lookup)
    assert statuses == [200] * 20
    assert len(factory.clients) == 1
    assert len(factory.lookups()) - before == 20


async def test_member_lookup_answers_200_and_404(http, factory):
    """The lookup endpoint works over HTTP, found and not found."""
    found = await http.get("/members/by-email", params={"email": factory.member["email"]})
    missing = await http.get("/members/by-email", params={"email": "nobody@example.com"})
    assert (found.status_code, found.json()["id"]) == (200, factory.member["id"])
    assert missing.status_code == 404


@pytest.mark.spec
async def test_every_spec_webhook_type_is_accepted(http, openapi_spec):
    """Each webhook type of the spec, built from its schema, is accepted over HTTP."""
    for name, schema in webhooks(openapi_spec).items():
        body = encode(delivery(name, example(openapi_spec, schema)))
        response = await http.post(HOOK, content=body, headers=auth())
        assert response.status_code == 202, (name, response.text)
        assert response.json()["event_type"] == normalize_event_type(name)


async def test_an_unknown_type_is_acknowledged(http):
    """An unknown type falls back and gets 202."""
    body = encode(delivery("BrandNewThing", {"x": 1}))
    response = await http.post(HOOK, content=body, headers=auth())
    assert response.status_code == 202
    assert response.json()["event_type"] == "BRAND_NEW_THING"


async def test_the_answer_does_not_wait_for_the_handler(http, slow):
    """The 202 arrives while the handler is still running; the handler finishes afterwards."""
    slow.release.clear()
    slow.finished.clear()
    body = encode(delivery("MemberJoined", JOIN))
    response = await http.post("/webhooks/slow", content=body, headers=auth())
    assert response.status_code == 202
    assert not slow.finished.is_set()
    slow.release.set()
    assert await anyio.to_thread.run_sync(slow.finished.wait, WAIT)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-it"}],
    ids=["missing", "wrong"],
)
async def test_a_missing_or_wrong_secret_gets_401(http, headers):
    """No secret, or the wrong one, is refused with 401."""
    response = await http.post(
        HOOK, content=encode(delivery("MemberJoined", JOIN)), headers=headers
    )
    assert response.status_code == 401


async def test_a_replayed_delivery_gets_400(http):
    """A delivery stamped two days ago (outside the 24-hour window) is refused with 400."""
    stale = (FIXED_NOW - timedelta(days=2)).isoformat()
    body = encode(delivery("MemberJoined", JOIN, timestamp=stale))
    response = await http.post(HOOK, content=body, headers=auth())
    assert response.status_code == 400


async def test_a_duplicated_delivery_gets_200(http):
    """The second delivery of one event id is acknowledged with 200."""
    body = encode(delivery("MemberJoined", JOIN, event_id=uuid.uuid4()))
    first = await http.post(HOOK, content=body, headers=auth())
    second = await http.post(HOOK, content=body, headers=auth())
    assert (first.status_code, second.status_code) == (202, 200)


async def test_an_oversized_body_gets_413(http):
    """A body over the limit is refused with 413."""
    body = encode(delivery("MemberJoined", {**JOIN, "padding": "x" * MAX_BODY}))
    response = await http.post(HOOK, content=body, headers=auth())
    assert response.status_code == 413


@pytest.mark.parametrize("body", [b"{not json", b"[]", encode({"payload": JOIN})])
async def test_a_malformed_body_gets_400(http, body):
    """Bodies that are not a delivery are refused with 400."""
    response = await http.post(HOOK, content=body, headers=auth())
    assert response.status_code == 400
