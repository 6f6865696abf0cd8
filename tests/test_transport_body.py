"""Broken answers over a real socket: a body cut or stalled after the headers is retried safely.

A raw-socket server on 127.0.0.1 (tests/support/rawserver.py) sends headers and part of a body, then
cuts the connection or goes silent. The transport reads every body inside its retry loop, so
for GET, PUT and DELETE such an answer is retried like a connect error; POST and PATCH are
sent once (the server may have acted), unless the caller opted in with retrying_writes().
Garbage on the wire only ever reaches the caller as a MightyError.

The read timeout is real (0.2 s), since the socket is; the assertions count requests and
never time anything. Backoff sleeps are instant (tests/conftest.py).
"""

from __future__ import annotations

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    MightyConnectionError,
    MightyError,
    MightyTimeout,
    RetryPolicy,
)
from mighty_async.testing import Sandbox

from .support.rawserver import CUT, OK, Answer, RawServer

pytestmark = pytest.mark.anyio

READS = ["GET", "PUT", "DELETE"]
WRITES = ["POST", "PATCH"]
STALLED = Answer(CUT, then="stall")


def client_for(url: str, **options) -> AsyncMightyClient:
    """A client for ``url`` without pacing, with a short real read timeout."""
    options.setdefault("rate_limit", None)
    options.setdefault("timeout", httpx.Timeout(5.0, read=0.2))
    options.setdefault("retry", RetryPolicy(max_retries=2))
    return AsyncMightyClient("tok", network_id=1, base_url=url, **options)


async def send(client: AsyncMightyClient, method: str) -> httpx.Response:
    body = None if method in {"GET", "DELETE"} else {"title": "x"}
    return await client._send(method, client.path("/"), json=body)


@pytest.mark.parametrize("method", READS + WRITES)
async def test_a_body_cut_once_is_retried_for_reads_only(anyio_backend, method):
    """Headers then a cut: reads are retried and succeed; writes raise after one request."""
    with RawServer([Answer(CUT), Answer(OK)]) as server:
        async with client_for(server.url) as client:
            if method in READS:
                response = await send(client, method)
                assert response.json() == {"id": 1}
                assert response.extensions["mighty_async.attempts"] == 2
            else:
                with pytest.raises(MightyConnectionError):
                    await send(client, method)
            stats = client.stats
    assert len(server.requests) == (2 if method in READS else 1)
    assert stats.transport_errors == 1


@pytest.mark.parametrize("method", READS)
async def test_a_body_always_cut_gives_up_after_max_retries(anyio_backend, method):
    """A body cut every time reaches the server 1 + max_retries times, then raises typed."""
    with RawServer([Answer(CUT)]) as server:
        async with client_for(server.url) as client:
            with pytest.raises(MightyConnectionError) as info:
                await send(client, method)
    assert len(server.requests) == 3
    # A cut reads as an early close, or as a reset when the server hung up before reading a
    # request body (PUT): the kernel decides which, so both are the same "cut" here.
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError | httpx.ReadError)


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_a_stalled_body_times_out_and_is_retried_for_reads(anyio_backend, method):
    """A body that stops coming is a read timeout: GET retried to its limit, POST sent once."""
    with RawServer([STALLED]) as server:
        async with client_for(server.url) as client:
            with pytest.raises(MightyTimeout):
                await send(client, method)
    assert len(server.requests) == (3 if method == "GET" else 1)


@pytest.mark.parametrize("method", WRITES)
async def test_opted_in_writes_are_retried_after_a_cut_body(anyio_backend, method):
    """Inside retrying_writes(), a POST or PATCH whose answer was cut is sent again."""
    with RawServer([Answer(CUT), Answer(OK)]) as server:
        async with client_for(server.url) as client, client.retrying_writes():
            response = await send(client, method)
    assert response.json() == {"id": 1}
    assert len(server.requests) == 2


async def test_a_cut_body_is_not_retried_when_retries_are_off(anyio_backend):
    """With retry=None a cut body reaches the caller after one request."""
    with RawServer([Answer(CUT)]) as server:
        async with client_for(server.url, retry=None) as client:
            with pytest.raises(MightyConnectionError):
                await send(client, "GET")
    assert len(server.requests) == 1


HOSTILE = {
    "nothing, then close": Answer(b""),
    "not HTTP": Answer(b"garbage garbage\r\n\r\n"),
    "bad status line": Answer(b"HTTP/1.1 abc OK\r\n\r\n"),
    "header without colon": Answer(b"HTTP/1.1 200 OK\r\nnot a header\r\n\r\n"),
    "bad Content-Length": Answer(b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n"),
    "negative Content-Length": Answer(b"HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n"),
    "bad chunk size": Answer(
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"
    ),
    "chunked, cut": Answer(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"),
    "headers never end": Answer(b"HTTP/1.1 200 OK\r\nContent-Type: app", then="stall"),
    "huge header": Answer(b"HTTP/1.1 200 OK\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n"),
    "two Content-Lengths": Answer(
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello"
    ),
}


@pytest.mark.parametrize("name", list(HOSTILE))
async def test_garbage_on_the_wire_is_a_typed_error(anyio_backend, name):
    """Whatever bytes come back, the caller gets a MightyError, within the retry budget."""
    with RawServer([HOSTILE[name]]) as server:
        async with client_for(server.url) as client:
            with pytest.raises(MightyError) as info:
                await send(client, "GET")
    assert isinstance(info.value, MightyConnectionError)
    assert 1 <= len(server.requests) <= 3


async def test_the_served_sandbox_drop_is_retried_for_reads(anyio_backend):
    """drop_next over real HTTP: a GET is retried and succeeds; a POST is not repeated."""
    sandbox = Sandbox(members=3)
    async with (
        sandbox.serve() as base_url,
        AsyncMightyClient(
            sandbox.token, network_id=sandbox.network_id, base_url=base_url, rate_limit=None
        ) as client,
    ):
        sandbox.faults.drop_next(1)
        me = await client.me()
        assert me.user.id == sandbox.owner["id"]
        assert [r.status for r in sandbox.requests] == [None, 200]
        sandbox.faults.drop_next(1, method="POST")
        with pytest.raises(MightyConnectionError):
            await client.members.create(email="dropped@example.com", first_name="D", last_name="X")
    assert [r.status for r in sandbox.requests] == [None, 200, None]
