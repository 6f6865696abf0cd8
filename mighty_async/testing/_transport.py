"""An httpx transport that hands each request straight to an ASGI app: no sockets, no server.

It differs from `httpx.ASGITransport` where the sandbox needs it to: an answer the app leaves
unfinished (the "dropped connection" fault) becomes `httpx.RemoteProtocolError`, as it would
over a real socket, and the request's read timeout is enforced around the app, so injected
latency can time a request out (with a real sleep; a fake sleep never waits).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anyio
import httpx

if TYPE_CHECKING:
    from ._app import ASGIApp, Message

__all__ = ["SandboxTransport"]


class SandboxTransport(httpx.AsyncBaseTransport):
    """Serve httpx requests from an ASGI app in the same process and event loop."""

    def __init__(self, app: ASGIApp, *, client: tuple[str, int] = ("127.0.0.1", 50000)) -> None:
        self._app = app
        self._client = client

    def __repr__(self) -> str:
        return f"<SandboxTransport app={self._app!r}>"

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Run the app on ``request`` and return its complete answer."""
        body = await request.aread()
        url = request.url
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": url.scheme,
            "path": url.path,
            "raw_path": url.raw_path.split(b"?", 1)[0],
            "query_string": url.query,
            "root_path": "",
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "server": (url.host, url.port),
            "client": self._client,
        }
        sent = False
        started: dict[str, Any] = {}
        chunks: list[bytes] = []
        complete = False

        async def receive() -> Message:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: Message) -> None:
            nonlocal complete
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)

        timeout = request.extensions.get("timeout", {}).get("read")
        try:
            with anyio.fail_after(timeout):
                await self._app(scope, receive, send)
        except TimeoutError as exc:
            raise httpx.ReadTimeout("the sandbox did not answer in time", request=request) from exc
        if not started:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if not complete:
            raise httpx.RemoteProtocolError(
                "peer closed connection without sending complete message body", request=request
            )
        headers = [(k, v) for k, v in started.get("headers", []) if k.lower() != b"content-length"]
        return httpx.Response(
            started["status"], headers=headers, content=b"".join(chunks), request=request
        )
