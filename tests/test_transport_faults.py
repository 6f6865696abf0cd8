"""The fault matrix: which failures are retried for which methods, and how often.

Every cell sends one call through a real `AsyncMightyClient` to a scripted fake that fails
every time, on a fake clock, and checks the exception the caller gets and the exact number of
requests that reached the fake. With ``max_retries=2`` a retried failure reaches it 3 times.
A 429 is retried while the call's total wait fits in ``max_wait`` (5 s here, with
``Retry-After: 1`` and no jitter: attempts at t = 0, 1, 2, 3, 4, 5, so 6 requests).
"""

from __future__ import annotations

import itertools

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    MightyConnectionError,
    MightyTimeout,
    RateLimited,
    RateLimitTransport,
    RetryPolicy,
    ServerError,
)
from mighty_async.models import Network

from .support.fakeclock import FakeClock
from .support.fakeserver import ScriptedServer

pytestmark = pytest.mark.anyio

POLICY = RetryPolicy(max_retries=2, max_wait=5.0, reopen_jitter=0.0)
METHODS = ["GET", "PUT", "DELETE", "POST", "PATCH"]
WRITES = {"POST", "PATCH"}


def raising(exc_type: type[httpx.TransportError]):
    def script(request: httpx.Request, n: int) -> httpx.Response:
        raise exc_type("injected", request=request)

    return script


def answering(status: int, headers: dict[str, str] | None = None):
    def script(request: httpx.Request, n: int) -> httpx.Response:
        return server_of[script].respond(status, headers=headers)

    return script


server_of: dict[object, ScriptedServer] = {}


def scripted(script) -> ScriptedServer:
    server = ScriptedServer(script)
    server_of[script] = server
    return server


# fault -> (exception the caller sees, requests for idempotent methods, requests for writes)
MATRIX = {
    "ConnectError": (raising(httpx.ConnectError), MightyConnectionError, 3, 3),
    "ConnectTimeout": (raising(httpx.ConnectTimeout), MightyTimeout, 3, 3),
    "ReadTimeout": (raising(httpx.ReadTimeout), MightyTimeout, 3, 1),
    "RemoteProtocolError": (raising(httpx.RemoteProtocolError), MightyConnectionError, 3, 1),
    "429": (answering(429, {"Retry-After": "1"}), RateLimited, 6, 6),
    "500": (answering(500), ServerError, 1, 1),
    "502": (answering(502), ServerError, 3, 1),
    "503": (answering(503), ServerError, 3, 1),
}


def client_for(server: ScriptedServer, clock: FakeClock, **options) -> AsyncMightyClient:
    """A client whose requests reach ``server``, timed by ``clock``, with no limiter by default."""
    options.setdefault("rate_limit", None)
    return AsyncMightyClient(
        "tok", network_id=1, transport=server, clock=clock.now, sleep=clock.sleep, **options
    )


async def call(client: AsyncMightyClient, method: str) -> None:
    body = None if method in {"GET", "DELETE"} else {"title": "x"}
    await client._send(method, client.path("/"), json=body)


async def run_cell(fault: str, method: str, *, opt_in: bool = False):
    script, error, _, _ = MATRIX[fault]
    server = scripted(script)

    async def act(client: AsyncMightyClient) -> None:
        if opt_in:
            async with client.retrying_writes():
                await call(client, method)
        else:
            await call(client, method)

    async with FakeClock().running() as clock, client_for(server, clock, retry=POLICY) as client:
        with pytest.raises(error) as info:
            await act(client)
    return server, info.value, client


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fault", list(MATRIX))
async def test_fault_matrix(fault, method):
    """Each fault x method gets the right error after exactly the expected number of requests."""
    _, _, idempotent_count, write_count = MATRIX[fault]
    server, error, client = await run_cell(fault, method)
    expected = write_count if method in WRITES else idempotent_count
    assert len(server.requests) == expected
    assert {r.method for r in server.requests} == {method}
    assert server.open_at_arrival == [0] * expected
    assert server.open_connections == 0
    assert client.stats.requests_sent == expected
    assert client.stats.retries == expected - 1
    if isinstance(error, RateLimited):
        assert error.attempts == expected
        assert error.retry_after == 1.0


@pytest.mark.parametrize("method", sorted(WRITES))
@pytest.mark.parametrize("fault", ["ReadTimeout", "RemoteProtocolError", "502", "503"])
async def test_opted_in_writes_are_retried_like_reads(fault, method):
    """Inside client.retrying_writes(), POST and PATCH are retried after uncertain failures."""
    server, _, _ = await run_cell(fault, method, opt_in=True)
    assert len(server.requests) == 3
    assert all(r.extensions.get("mighty_async.retry_writes") for r in server.requests)


async def test_opt_in_ends_with_its_block():
    """After the retrying_writes block, a POST is back to a single attempt."""
    server = scripted(raising(httpx.ReadTimeout))
    async with FakeClock().running() as clock, client_for(server, clock, retry=POLICY) as client:
        with client.retrying_writes(), pytest.raises(MightyTimeout):
            await call(client, "POST")
        with pytest.raises(MightyTimeout):
            await call(client, "POST")
    assert len(server.requests) == 4


async def test_500_is_not_retried_even_for_opted_in_writes():
    """A 500 is an answer, not a transient failure: it is never retried."""
    server, _, _ = await run_cell("500", "POST", opt_in=True)
    assert len(server.requests) == 1


async def test_a_transient_failure_then_success_returns_the_success():
    """A GET that meets one 503 succeeds on the second attempt, which the response records."""

    def script(request: httpx.Request, n: int) -> httpx.Response:
        return server.respond(503 if n == 0 else 200)

    server = ScriptedServer(script)
    async with FakeClock().running() as clock:
        transport = RateLimitTransport(
            server, rate_limit=None, retry=POLICY, clock=clock.now, sleep=clock.sleep
        )
        async with httpx.AsyncClient(transport=transport, base_url="https://api.test") as http:
            response = await http.get("/")
    assert response.status_code == 200
    assert response.extensions["mighty_async.attempts"] == 2
    assert server.open_at_arrival == [0, 0]
    assert server.open_connections == 0


async def test_backoff_sleeps_on_the_injected_clock_within_bounds():
    """Retries after a failure sleep on the fake clock, each within the backoff ceiling."""
    server = scripted(raising(httpx.ConnectError))
    sent_at: list[float] = []
    async with FakeClock().running() as clock:

        def script(request: httpx.Request, n: int) -> httpx.Response:
            sent_at.append(clock.now())
            raise httpx.ConnectError("down", request=request)

        server = ScriptedServer(script)
        policy = RetryPolicy(max_retries=3, backoff_base=1.0, backoff_cap=3.0)
        transport = RateLimitTransport(
            server,
            rate_limit=None,
            retry=policy,
            clock=clock.now,
            sleep=clock.sleep,
            random=lambda: 0.999,
        )
        async with httpx.AsyncClient(transport=transport) as http:
            with pytest.raises(httpx.ConnectError):
                await http.get("https://api.test/")
    gaps = [b - a for a, b in itertools.pairwise(sent_at)]
    assert gaps == pytest.approx([0.999, 1.998, 2.997])
    assert transport.stats.backoff_wait == pytest.approx(sum(gaps))


async def test_503_retry_after_is_honoured_for_the_backoff():
    """A 503 with a short Retry-After is retried after that wait instead of the backoff."""
    sent_at: list[float] = []
    async with FakeClock().running() as clock:

        def script(request: httpx.Request, n: int) -> httpx.Response:
            sent_at.append(clock.now())
            return server.respond(503 if n == 0 else 200, headers={"Retry-After": "7"})

        server = ScriptedServer(script)
        transport = RateLimitTransport(server, rate_limit=None, clock=clock.now, sleep=clock.sleep)
        async with httpx.AsyncClient(transport=transport) as http:
            response = await http.get("https://api.test/")
    assert response.status_code == 200
    assert sent_at == [0.0, 7.0]


async def test_programming_errors_are_neither_wrapped_nor_retried():
    """An exception that is not an httpx.TransportError propagates at once, unchanged."""

    def script(request: httpx.Request, n: int) -> httpx.Response:
        raise ZeroDivisionError

    server = ScriptedServer(script)
    async with FakeClock().running() as clock, client_for(server, clock) as client:
        with pytest.raises(ZeroDivisionError):
            await client._request("GET", client.path("/"), Network)
    assert len(server.requests) == 1
    assert client.stats.transport_errors == 0


@pytest.mark.parametrize(
    "exc_type", [httpx.LocalProtocolError, httpx.ProxyError, httpx.UnsupportedProtocol]
)
async def test_transport_errors_that_retrying_cannot_fix_are_raised_at_once(exc_type):
    """Our own protocol errors, proxy refusals and bad schemes are not retried."""
    server = scripted(raising(exc_type))
    async with FakeClock().running() as clock:
        transport = RateLimitTransport(server, rate_limit=None, clock=clock.now, sleep=clock.sleep)
        async with httpx.AsyncClient(transport=transport) as http:
            with pytest.raises(exc_type):
                await http.get("https://api.test/")
    assert len(server.requests) == 1


async def test_a_streamed_body_is_not_replayed_after_it_may_have_been_sent():
    """A one-shot streaming body is sent once after an uncertain failure (it cannot be replayed)."""
    server = scripted(raising(httpx.ReadTimeout))

    async def body():
        yield b"chunk"

    async with FakeClock().running() as clock:
        transport = RateLimitTransport(server, rate_limit=None, clock=clock.now, sleep=clock.sleep)
        async with httpx.AsyncClient(transport=transport) as http:
            with pytest.raises(httpx.ReadTimeout):
                await http.put("https://api.test/", content=body())
    assert len(server.requests) == 1


@pytest.mark.parametrize("fault", ["503", "ConnectError", "429"])
async def test_retry_none_turns_every_retry_off(fault):
    """With retry=None a 503, a connect error and a 429 reach the caller after one request."""
    script, error, _, _ = MATRIX[fault]
    server = scripted(script)
    async with FakeClock().running() as clock, client_for(server, clock, retry=None) as client:
        with pytest.raises(error):
            await call(client, "GET")
    assert len(server.requests) == 1
