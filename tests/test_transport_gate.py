"""The shared cooldown gate: holding queued requests, the probe, max_wait, logs and stats."""

from __future__ import annotations

import logging

import anyio
import attrs
import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ClientStats,
    RateLimit,
    RateLimited,
    RateLimitTransport,
    RetryPolicy,
)

from .support.fakeclock import FakeClock
from .support.fakeserver import ScriptedServer

pytestmark = pytest.mark.anyio

BASE = "https://api.test"


def rate_limited_then_ok(server_box: list[ScriptedServer], *retry_afters: str | None):
    """A script answering 429 (with each given Retry-After, None for none) and then 200."""

    def script(request: httpx.Request, n: int) -> httpx.Response:
        server = server_box[0]
        if n < len(retry_afters):
            value = retry_afters[n]
            return server.respond(429, headers={"Retry-After": value} if value else {})
        return server.respond(200)

    return script


def rate_limited_server(clock: FakeClock, *retry_afters: str | None, latency: float = 0.0):
    """A scripted transport answering 429 with each ``Retry-After`` in turn, then 200s."""
    box: list[ScriptedServer] = []
    server = ScriptedServer(rate_limited_then_ok(box, *retry_afters), clock=clock, latency=latency)
    box.append(server)
    return server


def transport_for(server: ScriptedServer, clock: FakeClock, **options) -> RateLimitTransport:
    options.setdefault("rate_limit", None)
    options.setdefault("random", lambda: 0.5)
    return RateLimitTransport(server, clock=clock.now, sleep=clock.sleep, **options)


async def test_queued_requests_wait_out_the_cooldown_and_one_probes_first():
    """After a 429 nothing reaches the API until Retry-After; then one probe goes alone."""
    async with FakeClock().running() as clock:
        server = rate_limited_server(clock, "30", latency=1.0)
        transport = transport_for(server, clock)
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            tg.start_soon(http.get, "/first")
            await clock.sleep(5.0)
            assert transport.cooldown_remaining == pytest.approx(26.0)
            for n in range(9):
                tg.start_soon(http.get, f"/queued/{n}")
    paths = [request.url.path for request in server.requests]
    assert paths[:2] == ["/first", "/first"]
    assert server.arrivals[:2] == pytest.approx([0.0, 31.25])
    assert server.arrivals[2:] == pytest.approx([32.25] * 9)
    assert transport.stats.gate_closures == 1
    assert server.open_connections == 0


async def test_a_burst_of_429s_closes_the_gate_once(caplog):
    """429s answering requests sent before the gate closed are one event: one closure, one log."""
    caplog.set_level(logging.WARNING, logger="mighty_async")
    async with FakeClock().running() as clock:
        server = rate_limited_server(clock, "10", "10", "20", "10", "10", latency=1.0)
        transport = transport_for(server, clock)
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            for n in range(5):
                tg.start_soon(http.get, f"/{n}")
    stats = transport.stats
    assert (stats.rate_limited, stats.gate_closures) == (5, 1)
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert server.arrivals[5] == pytest.approx(21.25)
    assert server.arrivals[6:] == pytest.approx([22.25] * 4)


async def test_without_retry_after_the_cooldown_backs_off_exponentially_with_jitter():
    """429s without Retry-After close the gate for rand * base * 2**n; a success resets n."""
    async with FakeClock().running() as clock:
        server = rate_limited_server(clock, None, None, None)
        policy = RetryPolicy(cooldown_base=2.0, reopen_jitter=0.0)
        transport = transport_for(server, clock, retry=policy, random=lambda: 0.75)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            response = await http.get("/")
            assert response.status_code == 200
            server.script = rate_limited_then_ok([server], *[None] * 5, None)
            start = clock.now()
            await http.get("/again")
    assert server.arrivals[:4] == pytest.approx([0.0, 1.5, 4.5, 10.5])
    assert server.arrivals[5] - start == pytest.approx(1.5)


async def test_retry_after_beyond_max_wait_raises_at_once_and_spares_the_queue():
    """A Retry-After over max_wait raises RateLimited now; queued calls fail without a request."""
    async with FakeClock().running() as clock:
        server = rate_limited_server(clock, "3600", latency=1.0)
        client = AsyncMightyClient(
            "tok",
            network_id=1,
            transport=server,
            rate_limit=None,
            retry=RetryPolicy(max_wait=60.0),
            clock=clock.now,
            sleep=clock.sleep,
        )
        errors: dict[str, RateLimited] = {}

        async def call(name: str) -> None:
            try:
                await client.network()
            except RateLimited as exc:
                errors[name] = exc

        async with client, anyio.create_task_group() as tg:
            tg.start_soon(call, "first")
            await clock.sleep(2.0)
            tg.start_soon(call, "queued")
    assert clock.now() < 3.0
    assert len(server.requests) == 1
    first, queued = errors["first"], errors["queued"]
    assert (first.retry_after, first.attempts, first.response is not None) == (3600.0, 1, True)
    assert queued.attempts == 0
    assert queued.response is None
    assert queued.retry_after == pytest.approx(1.0 + 3600.0 - 2.0)
    assert "max_wait=60s" in str(queued)
    assert client.stats.exhausted == 2


async def test_exhausted_429_reaches_the_caller_with_attempts_and_retry_after():
    """Once max_wait is used up, the 429 becomes RateLimited carrying retry_after and attempts."""
    async with FakeClock().running() as clock:
        server = rate_limited_server(clock, *["4"] * 10)
        client = AsyncMightyClient(
            "tok",
            network_id=1,
            transport=server,
            rate_limit=None,
            retry=RetryPolicy(max_wait=10.0, reopen_jitter=0.0),
            clock=clock.now,
            sleep=clock.sleep,
        )
        async with client:
            with pytest.raises(RateLimited) as info:
                await client.members.get(42)
    assert server.arrivals == [0.0, 4.0, 8.0]
    assert (info.value.attempts, info.value.retry_after) == (3, 4.0)
    assert info.value.status_code == 429


async def test_a_permit_granted_while_the_gate_closed_is_not_used():
    """A request that got its limiter permit after the gate closed goes back to wait at the gate."""
    async with FakeClock().running() as clock:
        server = rate_limited_server(clock, "20", latency=3.0)
        pacing = RateLimit(requests=1, period=10.0, burst=1, adaptive=False)
        transport = transport_for(server, clock, rate_limit=pacing)
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            tg.start_soon(http.get, "/a")
            await clock.sleep(0.5)
            tg.start_soon(http.get, "/b")
    assert [r.url.path for r in server.requests] == ["/a", "/b", "/a"]
    assert server.arrivals[1] >= 23.0
    assert server.arrivals[2] >= server.arrivals[1] + 3.0


async def test_without_a_shared_cooldown_only_the_refused_request_waits():
    """With shared_cooldown=False a 429 holds back its own request, not the others."""
    async with FakeClock().running() as clock:
        server = rate_limited_server(clock, "30")
        transport = transport_for(server, clock, retry=RetryPolicy(shared_cooldown=False))
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            tg.start_soon(http.get, "/a")
            await clock.sleep(1.0)
            tg.start_soon(http.get, "/b")
    assert [(r.url.path, t) for r, t in zip(server.requests, server.arrivals, strict=True)] == [
        ("/a", 0.0),
        ("/b", 1.0),
        ("/a", 30.0),
    ]
    assert transport.stats.gate_closures == 0


async def test_each_attempt_is_logged_without_query_headers_or_token(caplog):
    """One line per attempt (method, path, status, attempt, wait), WARNING on closing, no secret."""
    caplog.set_level(logging.DEBUG, logger="mighty_async")
    async with FakeClock().running() as clock:
        server = rate_limited_server(clock, "2")
        client = AsyncMightyClient(
            "tok-CANARY-123",
            network_id=1,
            transport=server,
            clock=clock.now,
            sleep=clock.sleep,
        )
        async with client:
            await client._send("GET", client.path("/members/by_email"), params={"email": "a@b.co"})
    records = [r for r in caplog.records if r.name == "mighty_async"]
    messages = [r.getMessage() for r in records]
    path = "/admin/v1/networks/1/members/by_email"
    per_attempt = [
        m for m in messages if m.startswith(f"GET {path} -> ") and ": retrying in" not in m
    ]
    assert len(per_attempt) == 2, per_attempt
    assert per_attempt[0].startswith(f"GET {path} -> 429 (members.get_by_email, attempt 1, ")
    assert per_attempt[1].startswith(f"GET {path} -> 200 (members.get_by_email, attempt 2, ")
    assert "waited 2." in per_attempt[1]
    assert any(
        r.levelname == "WARNING" and "pausing every request" in r.getMessage() for r in records
    )
    everything = " ".join(messages) + " ".join(str(r.args) for r in records)
    for secret in ("tok-CANARY-123", "a@b.co", "email=", "Bearer", "uthorization", "user-agent"):
        assert secret not in everything


async def test_a_transport_on_its_own_logs_each_attempt_at_debug(caplog):
    """Without a client (and its audit records) the transport logs every attempt itself."""
    caplog.set_level(logging.DEBUG, logger="mighty_async")
    async with FakeClock().running() as clock:
        transport = RateLimitTransport(
            rate_limited_server(clock, "2"), clock=clock.now, sleep=clock.sleep
        )
        async with httpx.AsyncClient(transport=transport, base_url="https://api.mn.co") as http:
            await http.get("/admin/v1/networks/1/members/by_email")
    messages = [r.getMessage() for r in caplog.records if r.name == "mighty_async"]
    path = "/admin/v1/networks/1/members/by_email"
    assert f"GET {path} -> 429 (attempt 1, waited 0.000s)" in messages
    assert any(m.startswith(f"GET {path} -> 200 (attempt 2, waited 2.") for m in messages)


async def test_stats_count_what_happened():
    """client.stats counts sends, answers by class, errors, retries, 429s, waits and the rate."""
    async with FakeClock().running() as clock:
        calls: list[str] = []

        def script(request: httpx.Request, n: int) -> httpx.Response:
            calls.append(request.url.path)
            if n == 0:
                return server.respond(429, headers={"Retry-After": "2"})
            if n == 2:
                return server.respond(404)
            if n == 3:
                raise httpx.ConnectError("refused", request=request)
            return server.respond(200)

        server = ScriptedServer(script, clock=clock)
        transport = transport_for(
            server, clock, rate_limit=RateLimit(requests=1, period=1.0, burst=1)
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            assert transport.stats.requests_sent == 0
            for path in ("/a", "/b", "/c"):
                await http.get(path)
    stats = transport.stats
    assert stats.requests_sent == 5
    assert stats.responses == {"1xx": 0, "2xx": 2, "3xx": 0, "4xx": 2, "5xx": 0}
    assert (stats.transport_errors, stats.retries, stats.rate_limited) == (1, 2, 1)
    assert (stats.gate_closures, stats.exhausted) == (1, 0)
    assert stats.gate_wait == pytest.approx(2.0)
    assert stats.limiter_wait > 0
    assert stats.backoff_wait > 0
    assert stats.limiter_rate == pytest.approx(0.5)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        stats.retries = 0  # type: ignore[misc]
    assert isinstance(stats, ClientStats)


async def test_a_success_records_one_attempt_and_the_transport_closes_its_inner():
    """Every answer carries the attempt count; closing the transport closes the inner one."""
    closed: list[bool] = []

    class Inner(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            return httpx.Response(200, request=request)

        async def aclose(self) -> None:
            closed.append(True)

    async with FakeClock().running() as clock:
        transport = RateLimitTransport(Inner(), clock=clock.now, sleep=clock.sleep)
        async with httpx.AsyncClient(transport=transport) as http:
            response = await http.get("https://api.test/")
    assert response.extensions["mighty_async.attempts"] == 1
    assert "mighty_async.retry_after" not in response.extensions
    assert closed == [True]
    assert "RateLimitTransport" in repr(transport)


class PerPathServer(httpx.AsyncBaseTransport):
    """Answers each path with its own (status, Retry-After, latency) plan, in order."""

    def __init__(self, clock: FakeClock, plans: dict[str, list[tuple[int, str | None, float]]]):
        self.clock = clock
        self.plans = plans
        self.log: list[tuple[str, float, int]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        status, retry_after, latency = self.plans[path].pop(0)
        self.log.append((path, self.clock.now(), status))
        await self.clock.sleep(latency)
        headers = {"Retry-After": retry_after} if retry_after else {}
        return httpx.Response(status, headers=headers, request=request)


async def test_a_late_429_for_a_request_sent_before_the_cooldown_does_not_reclose_the_gate():
    """A 429 for a request sent before the last closure, arriving after reopening, is old news."""
    async with FakeClock().running() as clock:
        server = PerPathServer(
            clock,
            {
                "/a": [(429, "1", 1.0), (200, None, 0.0)],
                "/b": [(429, "30", 3.0), (200, None, 0.0)],
            },
        )
        transport = transport_for(server, clock, retry=RetryPolicy(reopen_jitter=0.0))
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            tg.start_soon(http.get, "/a")
            tg.start_soon(http.get, "/b")
    assert sorted(server.log[:2]) == [("/a", 0.0, 429), ("/b", 0.0, 429)]
    assert server.log[2:] == [("/a", 2.0, 200), ("/b", 3.0, 200)]
    assert transport.stats.gate_closures == 1


async def test_a_late_success_for_a_request_sent_before_the_cooldown_does_not_skip_the_probe():
    """A success sent before the gate closed does not reopen it: the next request still probes."""
    async with FakeClock().running() as clock:
        server = PerPathServer(
            clock,
            {
                "/a": [(429, "5", 1.0), (200, None, 1.0)],
                "/b": [(200, None, 2.0)],
                "/c": [(200, None, 0.0)],
            },
        )
        transport = transport_for(server, clock, retry=RetryPolicy(reopen_jitter=0.0))
        async with (
            httpx.AsyncClient(transport=transport, base_url=BASE) as http,
            anyio.create_task_group() as tg,
        ):
            tg.start_soon(http.get, "/a")
            tg.start_soon(http.get, "/b")
            await clock.sleep(3.0)
            tg.start_soon(http.get, "/c")
    assert server.log[2:] == [("/a", 6.0, 200), ("/c", 7.0, 200)]


async def test_without_a_shared_cooldown_a_429_without_retry_after_backs_off_on_its_own():
    """Without a shared cooldown or Retry-After, the refused request sleeps its own backoff."""
    async with FakeClock().running() as clock:
        server = rate_limited_server(clock, None)
        policy = RetryPolicy(shared_cooldown=False, cooldown_base=4.0)
        transport = transport_for(server, clock, retry=policy, random=lambda: 0.5)
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            response = await http.get("/")
    assert response.status_code == 200
    assert server.arrivals == [0.0, 2.0]
    assert transport.stats.backoff_wait == pytest.approx(2.0)
