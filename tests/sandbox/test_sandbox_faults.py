"""Fault injection and rate limiting, in-process, on fake clocks and fake sleeps."""

from __future__ import annotations

import httpx
import pytest

from mighty_async import (
    ConfigurationError,
    MightyConnectionError,
    MightyTimeout,
    RateLimited,
    ResponseValidationError,
    ServerError,
)
from mighty_async.testing import RateWindow, Sandbox
from mighty_async.testing._faults import Faults
from mighty_async.testing._ratelimit import RateLimiter, retry_after_header

from ..support.fakeclock import FakeClock

pytestmark = pytest.mark.anyio


class Time:
    """A fake clock and a fake sleep that records what it was asked to wait."""

    def __init__(self) -> None:
        self.now = 50.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def headers(sandbox: Sandbox, token: str | None = None) -> dict[str, str]:
    """Authorization and User-Agent headers for raw requests."""
    return {"Authorization": f"Bearer {token or sandbox.token}", "User-Agent": "tests"}


def raw(sandbox: Sandbox) -> httpx.AsyncClient:
    """A plain httpx client on the sandbox's network prefix."""
    return httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=f"{sandbox.base_url}/admin/v1/networks/{sandbox.network_id}",
        headers=headers(sandbox),
    )


# -- latency ----------------------------------------------------------------------------------


async def test_fixed_latency_uses_the_injected_sleep():
    """A fixed latency delays every request by exactly that much, through the fake sleep."""
    time = Time()
    sandbox = Sandbox(members=3, sleep=time.sleep)
    sandbox.faults.latency(0.25)
    async with sandbox.client() as client:
        await client.me()
        await client.network()
    assert time.slept == [0.25, 0.25]


async def test_random_latency_is_bounded_and_seeded():
    """Random latency stays in its range and repeats for the same seed."""
    delays = []
    for _ in range(2):
        time = Time()
        sandbox = Sandbox(seed=9, members=3, sleep=time.sleep)
        sandbox.faults.latency(0.1, 0.3)
        async with sandbox.client() as client:
            for _ in range(5):
                await client.me()
        delays.append(time.slept)
    assert delays[0] == delays[1]
    assert all(0.1 <= d <= 0.3 for d in delays[0])
    assert len(set(delays[0])) > 1


async def test_latency_off():
    """latency(None) removes the delay."""
    time = Time()
    sandbox = Sandbox(members=3, sleep=time.sleep)
    sandbox.faults.latency(1.0)
    sandbox.faults.latency(None)
    async with sandbox.client() as client:
        await client.me()
    assert time.slept == []


async def test_latency_past_the_read_timeout_times_out():
    """In-process, a latency longer than the client's read timeout raises MightyTimeout."""
    sandbox = Sandbox(members=3)
    sandbox.faults.latency(5.0)
    async with sandbox.client(timeout=httpx.Timeout(5.0, read=0.01)) as client:
        with pytest.raises(MightyTimeout):
            await client.me()


# -- failing, dropping, malformed and slow answers -------------------------------------------------


async def test_fail_next_n_then_recover():
    """fail_next(2) fails exactly the next two requests; the client's retries ride through."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(2, status=503)
    async with sandbox.client() as client:
        await client.me()
    assert sandbox.statuses == [503, 503, 200]
    assert sandbox.faults.pending == 0


async def test_failure_reaches_a_client_without_retries():
    """With retries off, the injected failure is the caller's, with its status code."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(1, status=503)
    async with sandbox.client(retry=None) as client:
        with pytest.raises(ServerError) as caught:
            await client.me()
        await client.me()
    assert caught.value.code == "service_unavailable"
    assert sandbox.statuses == [503, 200]


async def test_fail_with_custom_body_and_retry_after():
    """A failure can carry its own code, message and Retry-After header."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(status=429, error="slow_down", message="take a break", retry_after=7)
    async with sandbox.client(retry=None) as client:
        with pytest.raises(RateLimited) as caught:
            await client.me()
    assert (caught.value.code, caught.value.message) == ("slow_down", "take a break")
    assert caught.value.response is not None
    assert caught.value.response.headers["retry-after"] == "7"


async def test_faults_can_target_a_route_and_method():
    """A fault with route= and method= leaves other requests alone until a match comes."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(1, status=500, method="GET", route="/members/{id}/")
    async with sandbox.client(retry=None) as client:
        await client.me()
        await client.members.list().collect()
        with pytest.raises(ServerError):
            await client.members.get(sandbox.member_ids[0])
        await client.members.get(sandbox.member_ids[0])
    assert sandbox.statuses == [200, 200, 500, 200]


async def test_faults_apply_in_the_order_added():
    """Queued faults are used first-in, first-out, one per request."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(1, status=502)
    sandbox.faults.fail_next(1, status=504)
    async with raw(sandbox) as http:
        statuses = [(await http.get("/me")).status_code for _ in range(3)]
    assert statuses == [502, 504, 200]


async def test_drop_next_breaks_the_connection():
    """A dropped connection is a transport error for the SDK and a None status in the log."""
    sandbox = Sandbox(members=3)
    sandbox.faults.drop_next(1)
    async with sandbox.client(retry=None) as client:
        with pytest.raises(MightyConnectionError):
            await client.me()
        await client.me()
    assert sandbox.statuses == [None, 200]


async def test_the_client_retries_a_dropped_read():
    """The client's default retries take a GET through a dropped connection."""
    sandbox = Sandbox(members=3)
    sandbox.faults.drop_next(1)
    async with sandbox.client() as client:
        await client.network()
        assert client.stats.retries == 1
    assert sandbox.statuses == [None, 200]


async def test_the_client_waits_out_the_sandbox_limit():
    """With a shared fake clock the client waits out each 429 and every call succeeds."""
    clock = FakeClock()
    sandbox = Sandbox(members=3, rate_limit=RateWindow(2, 30), clock=clock.now, sleep=clock.sleep)
    async with (
        clock.running(),
        sandbox.client(clock=clock.now, sleep=clock.sleep, rate_limit=None) as client,
    ):
        for _ in range(5):
            await client.me()
        assert client.stats.rate_limited == sandbox.statuses.count(429) >= 2
    assert sandbox.statuses.count(200) == 5
    assert clock.now() >= 60


async def test_malformed_next_cuts_the_json():
    """A malformed answer is a 200 whose JSON is cut short; the SDK refuses it."""
    sandbox = Sandbox(members=3)
    sandbox.faults.malformed_next(1)
    async with raw(sandbox) as http:
        response = await http.get("/me")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    with pytest.raises(ValueError):  # the JSONDecodeError of a body cut short
        response.json()
    sandbox.faults.malformed_next(1)
    async with sandbox.client() as client:
        with pytest.raises(ResponseValidationError):
            await client.me()


async def test_malformed_answer_for_a_204_route():
    """Even a route that answers 204 gets a broken JSON body when malformed is injected."""
    sandbox = Sandbox(members=3)
    sandbox.faults.malformed_next(1)
    async with raw(sandbox) as http:
        response = await http.post(f"/members/{sandbox.member_ids[1]}/password_resets")
    assert response.status_code == 200
    assert response.content == b'{"items": ['


async def test_raw_next_sends_exactly_what_it_was_given():
    """A raw answer has the given status, headers and body, and nothing added but its length."""
    sandbox = Sandbox(members=3)
    sandbox.faults.raw_next(1, status=418, headers={"X-Odd": "yes"}, body=b"<html>", route="/me")
    async with raw(sandbox) as http:
        first = await http.get("/me")
        second = await http.get("/me")
    assert (first.status_code, first.content, first.headers["x-odd"]) == (418, b"<html>", "yes")
    assert "content-type" not in first.headers
    assert second.status_code == 200


async def test_raw_next_can_lie_about_the_encoding():
    """A raw answer claiming gzip for a plain body reaches the client as a connection error."""
    sandbox = Sandbox(members=3)
    sandbox.faults.raw_next(1, headers={"Content-Encoding": "gzip"}, body=b'{"id": 1}')
    async with sandbox.client(retry=None) as client:
        with pytest.raises(MightyConnectionError, match="Content-Encoding"):
            await client.me()


async def test_slow_body_arrives_in_chunks():
    """A slow body is sent in chunks with the delay before each; the content is intact."""
    time = Time()
    sandbox = Sandbox(members=30, sleep=time.sleep)
    sandbox.faults.slow_body_next(1, delay=0.5, chunks=3)
    async with sandbox.client() as client:
        members = await client.members.list(per_page=20).collect()
    assert [m.id for m in members] == sandbox.member_ids
    assert time.slept == [0.5, 0.5, 0.5]


async def test_ignore_page_next_answers_page_one_whatever_was_asked():
    """The next n list requests get page 1 (links.next still set); the one after is honoured."""
    sandbox = Sandbox(members=30)
    sandbox.faults.ignore_page_next(2, route="/members")
    async with raw(sandbox) as http:
        answers = [
            (await http.get("/members", params={"page": page, "per_page": 10})).json()
            for page in (3, 2, 2)
        ]
        me = await http.get("/me")
    first_page = sandbox.member_ids[:10]
    assert [[m["id"] for m in a["items"]] for a in answers] == [
        first_page,
        first_page,
        sandbox.member_ids[10:20],
    ]
    assert answers[0]["links"]["next"] is not None
    assert me.status_code == 200
    assert [r.query["page"] for r in sandbox.requests[:3]] == ["3", "2", "2"]  # as sent
    assert sandbox.faults.pending == 0


def test_clear_and_pending():
    """Pending counts what is queued; clear() empties the queue and the latency."""
    faults = Faults()
    faults.fail_next(3)
    faults.drop_next(2)
    faults.latency(1.0)
    assert faults.pending == 5
    faults.clear()
    assert faults.pending == 0
    assert faults.delay() == 0.0
    assert "pending=0" in repr(faults)


@pytest.mark.parametrize(
    "call",
    [
        lambda f: f.fail_next(0),
        lambda f: f.fail_next(1, status=200),
        lambda f: f.drop_next(-1),
        lambda f: f.latency(-1),
        lambda f: f.latency(2, 1),
        lambda f: f.slow_body_next(1, chunks=0),
        lambda f: f.slow_body_next(1, delay=-2),
        lambda f: f.ignore_page_next(0),
        lambda f: f.raw_next(1, status=99),
        lambda f: f.raw_next(1, status=True),
        lambda f: f.raw_next(1, body="text, not bytes"),
    ],
)
def test_bad_fault_settings_are_refused(call):
    """Nonsense fault settings raise ConfigurationError at once, not later during a request."""
    with pytest.raises(ConfigurationError):
        call(Faults())


# -- rate limiting ----------------------------------------------------------------------------


def test_rate_window_parse_and_validate():
    """RateWindow reads REQUESTS/SECONDS and refuses non-positive values."""
    assert RateWindow.parse("100/60") == RateWindow(requests=100, period=60.0)
    assert RateWindow.parse("5") == RateWindow(5, 60.0)
    assert str(RateWindow(20, 2)) == "20 requests per 2s"
    for bad in ("x/1", "0/1", "1/0", "1/-3"):
        with pytest.raises(ConfigurationError, match="REQUESTS/SECONDS"):
            RateWindow.parse(bad)
    with pytest.raises(ConfigurationError):
        RateWindow(requests=True, period=1)  # type: ignore[arg-type]


def test_limiter_slides_per_key():
    """The window admits N per period per key and frees slots as old requests age out."""
    time = Time()
    limiter = RateLimiter(RateWindow(2, 10), time.clock)
    assert limiter.acquire("a") is None
    time.now += 4
    assert limiter.acquire("a") is None
    assert limiter.acquire("a") == 6.0
    assert limiter.acquire("b") is None
    time.now += 6
    assert limiter.acquire("a") is None
    assert limiter.acquire("a") == 4.0
    limiter.reset()
    assert limiter.acquire("a") is None


@pytest.mark.parametrize(("wait", "header"), [(0.0, "1"), (0.2, "1"), (2.5, "3"), (60, "60")])
def test_retry_after_is_whole_seconds_rounded_up(wait, header):
    """Retry-After is whole seconds, rounded up, never zero."""
    assert retry_after_header(wait) == header


async def test_rate_limited_answer():
    """Beyond the window the answer is 429 with the API's error body and Retry-After."""
    time = Time()
    sandbox = Sandbox(members=3, rate_limit=RateWindow(1, 2.5), clock=time.clock)
    async with raw(sandbox) as http:
        assert (await http.get("/me")).status_code == 200
        limited = await http.get("/me")
        time.now += 2.5
        again = await http.get("/me")
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"
    assert limited.json()["error"] == "rate_limit_exceeded"
    assert "1 requests per 2.5s" in limited.json()["message"]
    assert again.status_code == 200


async def test_each_token_has_its_own_window():
    """Two tokens do not share a window."""
    time = Time()
    sandbox = Sandbox(members=3, rate_limit=RateWindow(1, 60), clock=time.clock)
    other = sandbox.issue_token()
    async with raw(sandbox) as http:
        first = await http.get("/me")
        second = await http.get("/me", headers=headers(sandbox, other))
        third = await http.get("/me")
    assert [first.status_code, second.status_code, third.status_code] == [200, 200, 429]


async def test_rejected_requests_do_not_use_up_the_window():
    """Unauthenticated requests are refused before the limiter and are not counted."""
    time = Time()
    sandbox = Sandbox(members=3, rate_limit=RateWindow(1, 60), clock=time.clock)
    async with raw(sandbox) as http:
        bad = await http.get("/me", headers={"Authorization": "Bearer nope"})
        good = await http.get("/me")
    assert (bad.status_code, good.status_code) == (401, 200)


async def test_rate_limit_can_change_at_run_time():
    """set_rate_limit adds, changes and removes the limit and the Retry-After mode."""
    time = Time()
    sandbox = Sandbox(members=3, clock=time.clock)
    assert sandbox.rate_limit is None
    sandbox.set_rate_limit(RateWindow(1, 60), retry_after=False)
    assert sandbox.rate_limit == RateWindow(1, 60)
    async with raw(sandbox) as http:
        await http.get("/me")
        limited = await http.get("/me")
        sandbox.set_rate_limit(None)
        free = await http.get("/me")
    assert limited.status_code == 429
    assert "retry-after" not in limited.headers
    assert free.status_code == 200
