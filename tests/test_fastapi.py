"""mighty_async.fastapi: the lifespan, the client dependency, the webhook dependency and route.

No ``from __future__ import annotations``: FastAPI must read the endpoints' annotations at run
time, and some refer to local variables.
"""

import logging
import subprocess
import sys
import textwrap
import uuid
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from starlette.datastructures import State

from mighty_async import AsyncMightyClient, ConfigurationError
from mighty_async.fastapi import (
    STATE_KEY,
    MightyClient,
    MightyWebhook,
    add_webhook_route,
    get_client,
    mighty_lifespan,
)
from mighty_async.webhooks import MemberJoined, MemberLeft, WebhookEvent

from .support.asgi import LifespanError, client_for
from .support.example_app import SECRET, ClientFactory, auth, make_receiver
from .support.webhook_bodies import delivery, encode

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[1]
JOIN = {"member": {"id": 7}, "space_id": 3, "network_id": 1}


def _network_app(factory, **kwargs):
    app = FastAPI(lifespan=mighty_lifespan(factory, **kwargs))

    @app.get("/network-id")
    async def network_id(client: MightyClient) -> dict[str, object]:
        return {"network_id": client.network_id, "client": id(client)}

    return app


def test_the_package_imports_without_fastapi():
    """mighty_async and its webhooks work without FastAPI; mighty_async.fastapi says what to do."""
    script = textwrap.dedent(
        """
        import sys
        sys.modules["fastapi"] = None
        import mighty_async, mighty_async.webhooks
        assert "fastapi" not in [m for m in sys.modules if sys.modules[m] is not None]
        try:
            import mighty_async.fastapi
        except ImportError as exc:
            print(exc)
        """
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "pip install 'mighty-async[fastapi]'" in result.stdout


async def test_endpoints_receive_the_lifespan_client():
    """The MightyClient annotation hands every request the one client of the app."""
    factory = ClientFactory()
    async with client_for(_network_app(factory)) as http:
        first = (await http.get("/network-id")).json()
        second = (await http.get("/network-id")).json()
    assert first == second
    assert first["network_id"] == 123
    assert first["client"] == id(factory.clients[0])


async def test_the_default_factory_reads_the_environment(monkeypatch):
    """Without a factory, the client is built from MIGHTY_API_TOKEN and MIGHTY_NETWORK_ID."""
    monkeypatch.setenv("MIGHTY_API_TOKEN", "env-token")
    monkeypatch.setenv("MIGHTY_NETWORK_ID", "777")
    async with client_for(_network_app(None)) as http:
        assert (await http.get("/network-id")).json()["network_id"] == 777


async def test_the_apps_own_lifespan_runs_inside_with_the_client_open():
    """A nested lifespan starts after the client opens, stops before it closes, shares state."""
    factory = ClientFactory()
    seen = []

    @asynccontextmanager
    async def own(app):
        seen.append(("start", factory.clients[0].is_closed))
        yield {"cache": "warm"}
        seen.append(("stop", factory.clients[0].is_closed))

    app = _network_app(factory, lifespan=own)

    @app.get("/cache")
    async def cache(client: MightyClient, request_state: Annotated[dict, Depends(_state)]):
        return {"cache": request_state["cache"], "same": request_state[STATE_KEY] is client}

    async with client_for(app) as http:
        assert (await http.get("/cache")).json() == {"cache": "warm", "same": True}
    assert seen == [("start", False), ("stop", False)]
    assert factory.clients[0].closes == 1


def _state(request: Request) -> dict:
    return {"cache": request.state.cache, STATE_KEY: request.state.mighty_client}


async def test_the_client_is_closed_when_the_apps_startup_fails():
    """If the nested lifespan fails to start, the client opened for it is still closed."""
    factory = ClientFactory()

    @asynccontextmanager
    async def broken(app):
        message = "database is down"
        raise RuntimeError(message)
        yield  # pragma: no cover

    with pytest.raises(ExceptionGroup) as caught:
        async with client_for(_network_app(factory, lifespan=broken)):
            pass  # pragma: no cover
    assert caught.group_contains(LifespanError, match="database is down")
    assert factory.clients[0].closes == 1


async def test_without_the_lifespan_the_dependency_fails_clearly():
    """Without mighty_lifespan, the dependency fails with a 500 and an error naming the fix."""
    app = FastAPI()

    @app.get("/x")
    async def endpoint(client: MightyClient) -> None: ...

    async with client_for(app) as http:
        assert (await http.get("/x")).status_code == 500

    class Connection:
        state = State()

    with pytest.raises(ConfigurationError, match="mighty_lifespan"):
        get_client(Connection())  # type: ignore[arg-type]


async def test_tests_can_override_the_client_dependency():
    """dependency_overrides replaces the app's client, as FastAPI users expect."""
    other = ClientFactory()()
    app = _network_app(ClientFactory())
    app.dependency_overrides[get_client] = lambda: other
    async with client_for(app) as http:
        assert (await http.get("/network-id")).json()["client"] == id(other)
    await other.aclose()


def _dependency_app(receiver, **kwargs):
    app = FastAPI()
    webhook = MightyWebhook(receiver, **kwargs)
    received: list[WebhookEvent] = []

    @app.post("/hook", status_code=204)
    async def hook(event: Annotated[WebhookEvent, Depends(webhook)]) -> None:
        received.append(event)

    return app, received


async def test_the_dependency_hands_over_typed_events_once():
    """The endpoint gets the typed event; a duplicate is answered 200 without reaching it."""
    app, received = _dependency_app(make_receiver())
    body = encode(delivery("MemberJoined", JOIN))
    async with client_for(app) as http:
        first = await http.post("/hook", content=body, headers=auth())
        second = await http.post("/hook", content=body, headers=auth())
    assert (first.status_code, second.status_code) == (204, 200)
    assert len(received) == 1
    assert isinstance(received[0], MemberJoined)


async def test_the_dependency_uses_the_endpoints_stated_type():
    """An endpoint configured for one type parses bodies that do not name theirs."""
    app, received = _dependency_app(make_receiver(), event_type=MemberLeft)
    async with client_for(app) as http:
        response = await http.post("/hook", content=encode(delivery(None, JOIN)), headers=auth())
    assert response.status_code == 204
    assert isinstance(received[0], MemberLeft)


async def test_the_dependency_reads_the_secret_from_the_environment(monkeypatch):
    """MightyWebhook() with no receiver uses MIGHTY_WEBHOOK_SECRET, and hides it in its repr."""
    monkeypatch.setenv("MIGHTY_WEBHOOK_SECRET", SECRET)
    webhook = MightyWebhook()
    webhook.receiver.check_authorization(f"Bearer {SECRET}")
    assert SECRET not in repr(webhook)


async def test_refusals_carry_their_status_and_never_the_secret(caplog):
    """401, 413 and 400 come with a reason that never repeats the secret, in body or logs."""
    caplog.set_level(logging.DEBUG)
    app, received = _dependency_app(make_receiver(max_body_size=400))
    async with client_for(app) as http:
        responses = [
            await http.post("/hook", content=b"{}", headers=auth("x" + SECRET)),
            await http.post("/hook", content=b"x" * 401, headers=auth()),
            await http.post("/hook", content=b"{}", headers=auth()),
        ]
    assert [r.status_code for r in responses] == [401, 413, 400]
    assert received == []
    texts = [r.text for r in responses] + [r.getMessage() for r in caplog.records]
    assert all(SECRET not in text for text in texts)


def _route_app(handler, **kwargs):
    app = FastAPI()
    kwargs.setdefault("receiver", make_receiver())
    webhook = add_webhook_route(app, "/hook", handler, **kwargs)
    return app, webhook


async def test_the_route_answers_202_and_runs_the_handler_after():
    """In background mode the answer is 202 with the event's id and type; the handler runs."""
    handled = []

    async def handler(event):
        handled.append(event)

    app, _ = _route_app(handler)
    body = delivery("MemberJoined", JOIN)
    async with client_for(app) as http:
        response = await http.post("/hook", content=encode(body), headers=auth())
    assert response.status_code == 202
    assert response.json() == {
        "status": "accepted",
        "event_id": body["event_id"],
        "event_type": "MEMBER_JOINED",
    }
    assert [event.event_id for event in handled] == [uuid.UUID(body["event_id"])]


async def test_a_failing_background_handler_is_logged_not_raised(caplog):
    """A handler that raises after the 202 is logged with its traceback; the app carries on."""

    async def handler(event):
        message = "boom"
        raise ValueError(message)

    app, _ = _route_app(handler)
    async with client_for(app) as http:
        response = await http.post(
            "/hook", content=encode(delivery("MemberJoined", JOIN)), headers=auth()
        )
    assert response.status_code == 202
    failures = [r for r in caplog.records if "handler failed" in r.getMessage()]
    assert len(failures) == 1
    assert failures[0].exc_info is not None


async def test_inline_mode_answers_after_the_handler():
    """background=False runs the handler first and answers 200 "processed"."""
    handled = []

    async def handler(event):
        handled.append(event)

    app, _ = _route_app(handler, background=False)
    async with client_for(app) as http:
        response = await http.post(
            "/hook", content=encode(delivery("MemberJoined", JOIN)), headers=auth()
        )
    assert (response.status_code, response.json()["status"]) == (200, "processed")
    assert len(handled) == 1


async def test_inline_failure_answers_500_and_lets_the_retry_through():
    """An inline handler that fails gets a 500, and Mighty's retry of it is processed."""
    attempts = []

    async def handler(event):
        attempts.append(event.event_id)
        if len(attempts) == 1:
            message = "first try fails"
            raise RuntimeError(message)

    app, _ = _route_app(handler, background=False)
    body = encode(delivery("MemberJoined", JOIN))
    async with client_for(app) as http:
        first = await http.post("/hook", content=body, headers=auth())
        retry = await http.post("/hook", content=body, headers=auth())
        third = await http.post("/hook", content=body, headers=auth())
    assert [first.status_code, retry.status_code, third.status_code] == [500, 200, 200]
    assert "boom" not in first.text
    assert retry.json()["status"] == "processed"
    assert len(attempts) == 2


async def test_the_route_can_live_on_a_router_with_a_stated_type():
    """add_webhook_route works on an APIRouter, with one endpoint per event type."""
    handled = []

    async def handler(event):
        handled.append(event)

    router = APIRouter(prefix="/mighty")
    add_webhook_route(
        router, "/member-left", handler, receiver=make_receiver(), event_type="MemberLeft"
    )
    app = FastAPI()
    app.include_router(router)
    async with client_for(app) as http:
        response = await http.post(
            "/mighty/member-left", content=encode(delivery(None, JOIN)), headers=auth()
        )
    assert response.status_code == 202
    assert isinstance(handled[0], MemberLeft)


async def test_the_route_returns_its_dependency():
    """The returned MightyWebhook holds the receiver in effect, for tests and introspection."""
    receiver = make_receiver()
    _, webhook = _route_app(lambda _event: None, receiver=receiver)  # type: ignore[arg-type]
    assert webhook.receiver is receiver


def test_mighty_client_is_the_sdk_client():
    """The alias annotates AsyncMightyClient, so type checkers see the real client."""
    assert MightyClient.__origin__ is AsyncMightyClient  # type: ignore[attr-defined]
