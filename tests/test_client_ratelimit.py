"""How AsyncMightyClient exposes rate limiting: settings, stats, and the write-retry opt-in."""

from __future__ import annotations

import anyio
import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ConfigurationError,
    RateLimit,
    RateLimitTransport,
    RetryPolicy,
    ServerError,
    TokenBucket,
)

from .conftest import NETWORK_ID
from .support.fakeclock import FakeClock
from .support.fakeserver import ScriptedServer

pytestmark = pytest.mark.anyio

MEMBER = b'{"id": 7, "email": "ada@example.com", "first_name": "Ada", "last_name": "L"}'


def flaky_writes(clock: FakeClock) -> ScriptedServer:
    """A server whose first answer is a 503 and every later one a member."""

    def script(request: httpx.Request, n: int) -> httpx.Response:
        return server.respond(503) if n == 0 else server.respond(200, json=MEMBER)

    server = ScriptedServer(script, clock=clock)
    return server


def client_for(server: httpx.AsyncBaseTransport, clock: FakeClock, **options) -> AsyncMightyClient:
    return AsyncMightyClient(
        "tok", network_id=1, transport=server, clock=clock.now, sleep=clock.sleep, **options
    )


async def test_a_write_after_a_503_is_not_retried_by_default():
    """members.update (PATCH) that meets a 503 raises ServerError after one request."""
    async with FakeClock().running() as clock:
        server = flaky_writes(clock)
        async with client_for(server, clock) as client:
            with pytest.raises(ServerError):
                await client.members.update(7, role="moderator")
    assert len(server.requests) == 1


async def test_retrying_writes_block_retries_resource_writes():
    """Inside `async with client.retrying_writes()`, a PATCH after a 503 is retried and succeeds."""
    async with FakeClock().running() as clock:
        server = flaky_writes(clock)
        async with client_for(server, clock) as client, client.retrying_writes():
            member = await client.members.update(7, role="moderator")
    assert member.id == 7
    assert [r.method for r in server.requests] == ["PATCH", "PATCH"]


async def test_retrying_writes_works_as_a_plain_with_and_reaches_child_tasks():
    """The sync form works too, and tasks started inside the block inherit the opt-in."""
    async with FakeClock().running() as clock:
        server = flaky_writes(clock)
        async with client_for(server, clock) as client:
            with client.retrying_writes():
                async with anyio.create_task_group() as tg:
                    tg.start_soon(
                        lambda: client.members.create(email="a@b.co", first_name="A", last_name="B")
                    )
    assert [r.method for r in server.requests] == ["POST", "POST"]


async def test_the_opt_in_does_not_leak_to_other_tasks():
    """A task running outside the block at the same time keeps the no-duplicate-writes rule."""
    async with FakeClock().running() as clock:
        server = flaky_writes(clock)
        outcome: list[str] = []
        async with client_for(server, clock) as client:
            opted_in = anyio.Event()

            async def outside() -> None:
                await opted_in.wait()
                try:
                    await client.members.update(7, role="moderator")
                except ServerError:
                    outcome.append("raised")

            async with anyio.create_task_group() as tg:
                tg.start_soon(outside)
                with client.retrying_writes():
                    opted_in.set()
                    await clock.sleep(1.0)
    assert outcome == ["raised"]
    assert len(server.requests) == 1


async def test_rate_limit_none_sends_without_pacing():
    """rate_limit=None turns the limiter off: 30 calls all go at t=0, and no rate is reported."""
    async with FakeClock().running() as clock:

        def script(request: httpx.Request, n: int) -> httpx.Response:
            return server.respond(200)

        server = ScriptedServer(script, clock=clock)
        async with client_for(server, clock, rate_limit=None) as client:
            async with anyio.create_task_group() as tg:
                for _ in range(30):
                    tg.start_soon(client.network)
            assert client.stats.limiter_rate is None
    assert server.arrivals == [0.0] * 30


async def test_a_custom_limiter_is_used_as_given():
    """Any object with acquire(), on_response() and rate can pace the client."""

    class Counting:
        def __init__(self) -> None:
            self.acquired = 0
            self.seen: list[int] = []

        async def acquire(self) -> None:
            self.acquired += 1

        def on_response(self, response: httpx.Response) -> None:
            self.seen.append(response.status_code)

        @property
        def rate(self) -> float | None:
            return 42.0

    limiter = Counting()
    async with FakeClock().running() as clock:
        server = flaky_writes(clock)
        async with client_for(server, clock, rate_limit=limiter) as client:
            await client.members.get(7)
            assert client.stats.limiter_rate == 42.0
    assert (limiter.acquired, limiter.seen) == (2, [503, 200])


async def test_a_rate_limit_config_builds_a_token_bucket_on_the_clients_clock():
    """rate_limit=RateLimit(...) becomes a TokenBucket paced by the injected clock."""
    async with FakeClock().running() as clock:

        def script(request: httpx.Request, n: int) -> httpx.Response:
            return server.respond(200)

        server = ScriptedServer(script, clock=clock)
        pacing = RateLimit(requests=2, period=1.0, burst=1)
        async with client_for(server, clock, rate_limit=pacing) as client:
            for _ in range(4):
                await client.network()
            assert isinstance(client._transport.limiter, TokenBucket)
    assert server.arrivals == [0.0, 0.5, 1.0, 1.5]


@pytest.mark.parametrize(
    "options",
    [{"rate_limit": 100}, {"rate_limit": "100/min"}, {"retry": 3}, {"retry": {"max_retries": 1}}],
    ids=repr,
)
def test_bad_settings_are_configuration_errors(options):
    """A rate_limit or retry of the wrong kind is refused when the client is built."""
    with pytest.raises(ConfigurationError):
        AsyncMightyClient("tok", network_id=1, **options)


@pytest.mark.parametrize(
    "options",
    [{"max_retries": -1}, {"max_wait": -5.0}, {"backoff_cap": "10"}, {"max_retries": True}],
    ids=repr,
)
def test_bad_retry_policy_is_a_configuration_error(options):
    """A RetryPolicy with a negative or non-numeric setting is refused up front."""
    with pytest.raises(ConfigurationError):
        RetryPolicy(**options)


def test_retry_policy_disabled_means_no_retries():
    """RetryPolicy.disabled() allows no extra attempt and no wait for a 429."""
    assert (RetryPolicy.disabled().max_retries, RetryPolicy.disabled().max_wait) == (0, 0.0)


async def test_default_client_paces_at_100_per_minute_and_counts_requests(client, api):
    """A default client reports the default rate and counts what it sent."""
    api.get("/").respond(200, json={"id": NETWORK_ID})
    assert client.stats.limiter_rate == pytest.approx(100 / 60)
    await client.network()
    stats = client.stats
    assert (stats.requests_sent, stats.responses["2xx"], stats.retries) == (1, 1, 0)
    assert isinstance(client._transport, RateLimitTransport)


def _inner(client: AsyncMightyClient) -> httpx.AsyncHTTPTransport:
    inner = client._transport._inner
    assert isinstance(inner, httpx.AsyncHTTPTransport)
    return inner


def test_default_inner_transport_uses_the_environment_proxy(monkeypatch):
    """HTTPS_PROXY still applies although the client hands httpx its own transport."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("https_proxy", "http://proxy.internal:3128")
    client = AsyncMightyClient("tok", network_id=1)
    assert type(_inner(client)._pool).__name__ == "AsyncHTTPProxy"


def test_no_proxy_is_honoured_for_the_api_host(monkeypatch):
    """NO_PROXY naming the API host keeps the direct connection pool."""
    monkeypatch.setenv("https_proxy", "http://proxy.internal:3128")
    monkeypatch.setenv("no_proxy", "api.mn.co")
    client = AsyncMightyClient("tok", network_id=1)
    assert type(_inner(client)._pool).__name__ == "AsyncConnectionPool"
