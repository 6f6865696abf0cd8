"""The example app in-process, over httpx.ASGITransport with its lifespan running."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

import anyio
import httpx
import pytest

from mighty_async.webhooks import normalize_event_type

from .support.asgi import client_for
from .support.example_app import (
    MAX_BODY,
    SECRET,
    ClientFactory,
    auth,
    load_example,
    make_receiver,
)
from .support.schemas import example
from .support.webhook_bodies import FIXED_NOW, delivery, encode, webhooks

pytestmark = pytest.mark.anyio

JOIN = {"member": {"id": 7, "first_name": "Grace", "last_name": "Hopper"}, "space_id": 3}
HOOK = "/webhooks/mighty"


@pytest.fixture
def factory():
    """Clients on the mock API, counted."""
    return ClientFactory()


@pytest.fixture
def app(factory):
    """The example app on the mock API, with the test receiver."""
    return load_example().create_app(factory, make_receiver())


async def test_lifespan_opens_and_closes_the_client_exactly_once(app, factory):
    """One client is built at startup, stays open while serving, and is closed once at the end."""
    async with client_for(app) as http:
        assert len(factory.clients) == 1
        assert not factory.clients[0].is_closed
        assert (
            await http.get("/members/by-email", params={"email": factory.member["email"]})
        ).is_success
        assert len(factory.clients) == 1
    assert len(factory.clients) == 1
    assert factory.clients[0].is_closed
    assert factory.clients[0].closes == 1


async def test_concurrent_requests_share_the_one_client(app, factory):
    """Many simultaneous lookups all succeed through the single client the lifespan opened."""
    statuses: list[int] = []
    async with client_for(app) as http:

        async def lookup():
            response = await http.get(
                "/members/by-email", params={"email": factory.member["email"]}
            )
            statuses.append(response.status_code)

        async with anyio.create_task_group() as tg:
            for _ in range(25):
                tg.start_soon(lookup)
    assert statuses == [200] * 25
    assert len(factory.clients) == 1
    assert len(factory.lookups()) == 25


async def test_member_lookup_by_email(app, factory):
    """The endpoint answers the member the API returns, and 404 when the API has none."""
    async with client_for(app) as http:
        found = await http.get("/members/by-email", params={"email": factory.member["email"]})
        missing = await http.get("/members/by-email", params={"email": "nobody@example.com"})
        no_param = await http.get("/members/by-email")
    assert found.status_code == 200
    ada = factory.member
    assert found.json()["id"] == ada["id"]
    assert found.json()["email"] == ada["email"]
    assert found.json()["created_at"] == ada["created_at"].replace("+00:00", "Z")
    assert missing.status_code == 404
    assert no_param.status_code == 422
    assert factory.lookups() == [
        ada["email"],
        "nobody@example.com",
    ]


@pytest.mark.spec
async def test_every_spec_webhook_type_is_accepted(app, openapi_spec):
    """A delivery of each of the spec's webhook types, built from its schema, gets 202."""
    async with client_for(app) as http:
        for name, schema in webhooks(openapi_spec).items():
            body = encode(delivery(name, example(openapi_spec, schema)))
            response = await http.post(HOOK, content=body, headers=auth())
            assert response.status_code == 202, (name, response.text)
            assert response.json()["event_type"] == normalize_event_type(name)
            assert response.json()["status"] == "accepted"


async def test_member_joins_are_logged(app, caplog):
    """The example's handler logs who joined which space."""
    caplog.set_level(logging.INFO, logger="fastapi_app")
    async with client_for(app) as http:
        response = await http.post(
            HOOK, content=encode(delivery("MemberJoinedHook", JOIN)), headers=auth()
        )
    assert response.status_code == 202
    messages = [r.getMessage() for r in caplog.records if r.name == "fastapi_app"]
    assert messages == ["member 7 (Grace Hopper) joined space 3"]


async def test_an_unknown_type_falls_back_and_is_acknowledged(app):
    """A type the SDK does not know is acknowledged, not refused."""
    async with client_for(app) as http:
        body = encode(delivery("EVENT_INSTANCE_CANCELED", {"event": {"id": 1}}))
        response = await http.post(HOOK, content=body, headers=auth())
    assert response.status_code == 202
    assert response.json()["event_type"] == "EVENT_INSTANCE_CANCELED"


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-secret"},
        {"Authorization": f"Basic {SECRET}"},
        {"Authorization": SECRET},
    ],
    ids=["missing", "wrong", "basic", "bare"],
)
async def test_a_missing_or_wrong_secret_gets_401(app, headers):
    """Without ``Bearer <secret>`` the delivery is refused with 401 and a Bearer challenge."""
    async with client_for(app) as http:
        response = await http.post(
            HOOK, content=encode(delivery("MemberJoined", JOIN)), headers=headers
        )
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert SECRET not in response.text


@pytest.mark.parametrize("age", [timedelta(hours=25), timedelta(hours=-25), timedelta(days=2)])
async def test_a_replayed_delivery_gets_400(app, age):
    """A timestamp outside the 24-hour window is refused with 400."""
    stale = (FIXED_NOW - age).isoformat()
    async with client_for(app) as http:
        body = encode(delivery("MemberJoined", JOIN, timestamp=stale))
        response = await http.post(HOOK, content=body, headers=auth())
    assert response.status_code == 400
    assert "replay window" in response.json()["detail"]


async def test_a_duplicated_delivery_gets_200_and_is_handled_once(app, caplog):
    """Mighty's retry of an accepted event is acknowledged with 200 and not processed again."""
    caplog.set_level(logging.INFO, logger="fastapi_app")
    body = encode(delivery("MemberJoined", JOIN, event_id=uuid.uuid4()))
    async with client_for(app) as http:
        first = await http.post(HOOK, content=body, headers=auth())
        second = await http.post(HOOK, content=body, headers=auth())
    assert (first.status_code, second.status_code) == (202, 200)
    assert "already handled" in second.json()["detail"]
    assert len([r for r in caplog.records if r.name == "fastapi_app"]) == 1


async def test_an_oversized_body_gets_413(app):
    """A body over the limit is refused with 413 from its Content-Length."""
    body = encode(delivery("MemberJoined", {**JOIN, "padding": "x" * MAX_BODY}))
    async with client_for(app) as http:
        response = await http.post(HOOK, content=body, headers=auth())
    assert response.status_code == 413


class Chunks(httpx.AsyncByteStream):
    """A request body of ``count`` 1 KiB chunks with no length, as a plain iterator.

    (Not an async generator: the ASGI transport stops reading it early, and an async generator
    left open would be finalised at an awkward time under trio.)
    """

    def __init__(self, count):
        self.left = count

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.left == 0:
            raise StopAsyncIteration
        self.left -= 1
        return b" " * 1024


async def test_an_oversized_chunked_body_gets_413(app):
    """A body without Content-Length is counted as it streams in and refused past the limit."""
    async with client_for(app) as http:
        request = httpx.Request(
            "POST", f"http://app.test{HOOK}", headers=auth(), stream=Chunks(MAX_BODY // 1024 + 2)
        )
        response = await http.send(request)
    assert "content-length" not in response.request.headers
    assert response.status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b"",
        encode({"event_type": "MemberJoined", "payload": JOIN}),
        encode(delivery("MemberJoined", {"member": {"id": "seven"}})),
        encode(delivery(None, JOIN)),
    ],
    ids=["not-json", "array", "empty", "no-event-id", "wrong-field-type", "undetermined-type"],
)
async def test_a_malformed_body_gets_400(app, body):
    """Bodies that are not a valid delivery are refused with 400 and a reason."""
    async with client_for(app) as http:
        response = await http.post(HOOK, content=body, headers=auth())
    assert response.status_code == 400
    assert response.json()["detail"]


async def test_the_example_runs_against_the_sandbox(monkeypatch):
    """Without a token, the example's own factory serves lookups and webhooks from the sandbox."""
    testing = pytest.importorskip("mighty_async.testing")
    monkeypatch.delenv("MIGHTY_API_TOKEN", raising=False)
    monkeypatch.delenv("MIGHTY_WEBHOOK_SECRET", raising=False)
    module = load_example()
    assert module.uses_sandbox()
    async with testing.Sandbox(seed=0).client() as probe:
        members = await probe.members.list(max_items=1).collect()
    email = members[0].email
    app = module.create_app()
    headers = auth(module.SANDBOX_WEBHOOK_SECRET)
    body = encode(delivery("MemberJoined", JOIN, timestamp=datetime.now(UTC).isoformat()))
    async with client_for(app) as http:
        found = await http.get("/members/by-email", params={"email": email})
        missing = await http.get("/members/by-email", params={"email": "nobody@nowhere.invalid"})
        hook = await http.post(HOOK, content=body, headers=headers)
    assert found.status_code == 200
    assert found.json()["email"] == email
    assert missing.status_code == 404
    assert hook.status_code == 202
