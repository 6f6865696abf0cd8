"""A client on a recording mock transport, for the resource tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx

from mighty_async import AsyncMightyClient
from mighty_async._converter import make_converter

Respond = Callable[[httpx.Request], httpx.Response]


def recording_client(
    respond: Respond | dict[str, Any] | None = None, status: int = 200
) -> tuple[AsyncMightyClient, list[httpx.Request]]:
    """A strict client whose requests are recorded and answered by ``respond``.

    ``respond`` is a function of the request, a JSON body to answer with ``status``, or None
    for an empty 204.
    """
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if respond is None:
            return httpx.Response(204)
        if callable(respond):
            return respond(request)
        return httpx.Response(status, json=respond)

    client = AsyncMightyClient(
        "test-token",
        network_id=1234,
        transport=httpx.MockTransport(handler),
        converter=make_converter(strict=True),
    )
    return client, sent


def body(request: httpx.Request) -> Any:
    """The request's JSON body."""
    return json.loads(request.content)


def path(request: httpx.Request) -> str:
    """The request path after the network prefix."""
    return request.url.path.removeprefix("/admin/v1/networks/1234")
