"""Serve an ASGI app in-process *with* its lifespan, as a server would, for httpx.ASGITransport.

httpx.ASGITransport sends requests only: it never runs the app's startup and shutdown, and it
passes no lifespan state. `running` does both, the way uvicorn does: it runs the lifespan
protocol around the block and copies the lifespan state into every request's scope.
"""

from __future__ import annotations

import math
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import anyio
import httpx

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable


class LifespanError(RuntimeError):
    """The app reported that its startup or shutdown failed."""


@asynccontextmanager
async def running(app: Callable[..., Any]) -> AsyncIterator[Callable[..., Any]]:
    """Run ``app``'s lifespan around the block; yield an ASGI app that sees its state."""
    state: dict[str, Any] = {}
    to_app_send, to_app = anyio.create_memory_object_stream[dict[str, Any]](math.inf)
    from_app_send, from_app = anyio.create_memory_object_stream[dict[str, Any]](math.inf)
    scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": state}

    async def expect(kind: str) -> None:
        message = await from_app.receive()
        if message["type"] != kind:
            raise LifespanError(f"{message['type']}: {message.get('message', '')}")

    async def with_state(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] in {"http", "websocket"}:
            scope = {**scope, "state": dict(state)}
        await app(scope, receive, send)

    async with anyio.create_task_group() as tg, to_app_send, from_app, from_app_send, to_app:
        tg.start_soon(app, scope, to_app.receive, from_app_send.send)
        await to_app_send.send({"type": "lifespan.startup"})
        await expect("lifespan.startup.complete")
        try:
            yield with_state
        finally:
            await to_app_send.send({"type": "lifespan.shutdown"})
            await expect("lifespan.shutdown.complete")


@asynccontextmanager
async def client_for(app: Callable[..., Any], **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on ``app`` with its lifespan running."""
    async with running(app) as served:
        transport = httpx.ASGITransport(app=served, raise_app_exceptions=False)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://app.test", **kwargs
        ) as c:
            yield c
