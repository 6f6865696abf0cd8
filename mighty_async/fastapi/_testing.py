"""Test a FastAPI app in-process *with* its lifespan, so `mighty_lifespan` runs as in production.

`httpx.ASGITransport` only sends requests: it never runs the app's startup and shutdown, and it
passes no lifespan state, so an endpoint asking for the app's client would find none. This
module plays the server's part: it runs the ASGI lifespan protocol around a block and copies
the lifespan state into every request, as uvicorn does.
"""

from __future__ import annotations

import math
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import anyio
import httpx

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping

    Scope = MutableMapping[str, Any]
    Message = MutableMapping[str, Any]
    Receive = Callable[[], Awaitable[Message]]
    Send = Callable[[Message], Awaitable[None]]
    ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

__all__ = ["LifespanError", "lifespan_transport"]


class LifespanError(RuntimeError):
    """The app reported that its startup or its shutdown failed."""


@asynccontextmanager
async def lifespan_transport(
    app: ASGIApp, **transport_options: Any
) -> AsyncIterator[httpx.ASGITransport]:
    """Start ``app``, yield an `httpx.ASGITransport` to it, and shut it down at the end.

    ```python
    async with lifespan_transport(create_app(mock_client)) as transport:
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
            response = await http.get("/members/by-email", params={"email": "ada@example.com"})
    ```

    Works on asyncio and trio. ``transport_options`` go to `httpx.ASGITransport`
    (``raise_app_exceptions=False`` turns an endpoint's exception into a 500 response).

    Raises:
        LifespanError: the app's startup or shutdown reported a failure.
    """
    state: dict[str, Any] = {}
    to_app_send, to_app = anyio.create_memory_object_stream[dict[str, Any]](math.inf)
    from_app_send, from_app = anyio.create_memory_object_stream[dict[str, Any]](math.inf)
    scope: Scope = {
        "type": "lifespan",
        "asgi": {"version": "3.0", "spec_version": "2.0"},
        "state": state,
    }

    async def expect(kind: str) -> None:
        message = await from_app.receive()
        if message["type"] != kind:
            raise LifespanError(f"{message['type']}: {message.get('message', '')}")

    async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in {"http", "websocket"}:
            scope = {**scope, "state": dict(state)}
        await app(scope, receive, send)

    async def receive() -> Message:
        return await to_app.receive()

    async def send(message: Message) -> None:
        await from_app_send.send(dict(message))

    async def run() -> None:
        await app(scope, receive, send)

    async with anyio.create_task_group() as tg, to_app_send, from_app, from_app_send, to_app:
        tg.start_soon(run)
        await to_app_send.send({"type": "lifespan.startup"})
        await expect("lifespan.startup.complete")
        try:
            yield httpx.ASGITransport(app=with_state, **transport_options)
        finally:
            await to_app_send.send({"type": "lifespan.shutdown"})
            await expect("lifespan.shutdown.complete")
