"""What fleet tests need from the sandbox: arrival times and senders, fixed windows, n-th faults.

In-process on a fake clock, except two tests over loopback HTTP (real sockets, no waiting).
"""

from __future__ import annotations

import time

import httpx
import pytest

from mighty_async import ConfigurationError
from mighty_async.testing import RateWindow, RequestRecord, Sandbox
from mighty_async.testing._faults import Faults
from mighty_async.testing._ratelimit import RateLimiter

pytestmark = pytest.mark.anyio


class Time:
    """A fake clock whose sleep moves it forward."""

    def __init__(self) -> None:
        self.now = 50.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def raw(sandbox: Sandbox, user_agent: str = "tests") -> httpx.AsyncClient:
    """A plain httpx client on the sandbox's network prefix, sending ``user_agent``."""
    return httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=f"{sandbox.base_url}/admin/v1/networks/{sandbox.network_id}",
        headers={"Authorization": f"Bearer {sandbox.token}", "User-Agent": user_agent},
    )


# -- the arrival log --------------------------------------------------------------------------


async def test_each_request_is_logged_with_its_arrival_time():
    """``at`` is the sandbox clock's time when the request arrived, before any latency."""
    clock = Time()
    sandbox = Sandbox(members=3, clock=clock.clock, sleep=clock.sleep)
    async with raw(sandbox) as http:
        await http.get("/me")
        clock.now += 2.5
        sandbox.faults.latency(10.0)
        await http.get("/")
    assert [r.at for r in sandbox.requests] == [50.0, 52.5]
    assert clock.now == 62.5


async def test_each_request_is_logged_with_its_user_agent():
    """``user_agent`` tells the senders apart; a request without one is logged with None."""
    sandbox = Sandbox(members=3)
    async with raw(sandbox, "fleet/w1") as one, raw(sandbox, "fleet/w2") as two:
        await one.get("/me")
        await two.get("/me")
        blocked = await one.get("/me", headers={"User-Agent": ""})
    assert blocked.status_code == 403
    assert [(r.user_agent, r.status) for r in sandbox.requests] == [
        ("fleet/w1", 200),
        ("fleet/w2", 200),
        ("", 403),
    ]
    async with httpx.AsyncClient(transport=sandbox.transport()) as bare:
        bare.headers.pop("User-Agent")
        await bare.get(f"{sandbox.base_url}/admin/v1/networks/1234/me")
    assert sandbox.requests[-1].user_agent is None


def test_when_and_who_stay_out_of_equality():
    """Two records of the same request and answer are equal whatever their time and sender."""
    common = {"method": "GET", "path": "/admin/v1/networks/1234/me", "query": {}, "status": 200}
    early = RequestRecord(**common, at=1.0, user_agent="a")
    late = RequestRecord(**common, at=9.0, user_agent="b")
    assert early == late == RequestRecord(**common)
    assert early != RequestRecord(**{**common, "status": 429}, at=1.0, user_agent="a")
    assert "user_agent='a'" in repr(early)


async def test_served_over_http_the_log_has_time_and_user_agent():
    """Over real HTTP each record carries the arrival time on the sandbox's clock and the sender."""
    sandbox = Sandbox(members=2, clock=time.monotonic)
    async with sandbox.serve() as base_url:
        before = time.monotonic()
        async with httpx.AsyncClient(
            base_url=f"{base_url}/admin/v1/networks/{sandbox.network_id}",
            headers={"Authorization": f"Bearer {sandbox.token}", "User-Agent": "fleet/w7"},
        ) as http:
            answer = await http.get("/me")
        after = time.monotonic()
    assert answer.status_code == 200
    (record,) = sandbox.requests
    assert record.user_agent == "fleet/w7"
    assert record.at is not None
    assert before <= record.at <= after


@pytest.mark.realtime
async def test_a_served_sandbox_answers_at_once_on_a_kept_alive_connection():
    """Requests on one kept-alive connection are answered in about a millisecond, not 40 ms.

    Real time: the delay this guards against is the client's delayed ACK (40 ms or more on
    Linux), which a server that leaves Nagle's algorithm on waits for before each body. The
    median of 30 requests must stay under 20 ms: a loaded 2-core machine adds a few
    milliseconds to some requests, not to half of them.
    """
    sandbox = Sandbox(members=2)
    took = []
    async with (
        sandbox.serve() as base_url,
        httpx.AsyncClient(
            base_url=f"{base_url}/admin/v1/networks/{sandbox.network_id}",
            headers={"Authorization": f"Bearer {sandbox.token}", "User-Agent": "tests"},
        ) as http,
    ):
        await http.get("/me")
        for _ in range(30):
            started = time.perf_counter()
            await http.get("/me")
            took.append(time.perf_counter() - started)
    assert sorted(took)[len(took) // 2] < 0.020, sorted(took)


# -- fixed rate windows -----------------------------------------------------------------------


def test_a_fixed_window_counts_per_window_of_the_clock():
    """Each window [k * period, (k + 1) * period) admits N; the wait runs to the window's end."""
    clock = Time()
    limiter = RateLimiter(RateWindow(2, 10, fixed=True), clock.clock)
    clock.now = 58.0
    assert limiter.acquire("a") is None
    clock.now = 59.0
    assert limiter.acquire("a") is None
    clock.now = 59.5
    assert limiter.acquire("a") == 0.5
    assert limiter.acquire("b") is None
    clock.now = 60.0
    assert limiter.acquire("a") is None  # a new window: a sliding one would still refuse
    assert limiter.acquire("a") is None
    assert limiter.acquire("a") == 10.0
    limiter.reset()
    assert limiter.acquire("a") is None


def test_a_sliding_window_refuses_where_the_fixed_one_admits():
    """The control for the test above: the default window slides over the same requests."""
    clock = Time()
    limiter = RateLimiter(RateWindow(2, 10), clock.clock)
    for moment in (58.0, 59.0):
        clock.now = moment
        assert limiter.acquire("a") is None
    clock.now = 60.0
    assert limiter.acquire("a") == 8.0


async def test_a_fixed_window_answers_429_with_retry_after_to_the_window_end():
    """Past a fixed window's count the sandbox answers 429, Retry-After whole seconds to its end."""
    clock = Time()
    window = RateWindow(requests=2, period=10, fixed=True)
    sandbox = Sandbox(members=3, rate_limit=window, clock=clock.clock)
    async with raw(sandbox) as http:
        first = [(await http.get("/me")).status_code for _ in range(2)]
        clock.now = 53.2
        limited = await http.get("/me")
        clock.now = 60.0
        again = await http.get("/me")
    assert first == [200, 200]
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "7"
    assert "2 requests per fixed 10s window" in limited.json()["message"]
    assert again.status_code == 200
    assert sandbox.rate_limit == window


def test_a_fixed_window_is_a_flag_of_the_rate_window():
    """``fixed`` defaults to False, is keyword-only, shows in str(), and must be a bool."""
    assert not RateWindow(5, 1).fixed
    assert RateWindow(5, 1) != RateWindow(5, 1, fixed=True)
    assert str(RateWindow(20, 0.5, fixed=True)) == "20 requests per fixed 0.5s window"
    with pytest.raises(ConfigurationError, match="fixed must be True or False"):
        RateWindow(5, 1, fixed=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RateWindow(5, 1, True)  # type: ignore[misc]  # noqa: FBT003


# -- a fault for the n-th request -------------------------------------------------------------


async def test_the_nth_request_is_refused_and_no_other():
    """fail_nth(3, status=429) lets two requests through, refuses the third, then none."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_nth(3, status=429, retry_after=1, error="rate_limit_exceeded")
    assert sandbox.faults.pending == 1
    async with raw(sandbox) as http:
        answers = [await http.get("/me") for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 429, 200, 200]
    assert answers[2].headers["retry-after"] == "1"
    assert answers[2].json()["error"] == "rate_limit_exceeded"
    assert sandbox.faults.pending == 0


async def test_the_nth_request_counts_only_matching_requests():
    """With route= only requests to that route count towards n."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_nth(2, status=500, route="/me")
    async with raw(sandbox) as http:
        for path in ("/me", "/", "/", "/me", "/me"):
            await http.get(path)
    assert sandbox.statuses == [200, 200, 200, 500, 200]


async def test_the_nth_fault_goes_before_the_queue_and_the_queue_keeps_counting():
    """A queued fault takes its request, which still counts; two n-th faults on one go in turn."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(1, status=503)
    sandbox.faults.fail_nth(2, status=429)
    sandbox.faults.fail_nth(3, status=500)
    sandbox.faults.fail_nth(3, status=502)
    async with raw(sandbox) as http:
        for _ in range(5):
            await http.get("/me")
    assert sandbox.statuses == [503, 429, 500, 502, 200]


async def test_clear_removes_the_nth_faults():
    """clear() drops faults waiting for their turn, too."""
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_nth(1)
    sandbox.faults.clear()
    async with raw(sandbox) as http:
        assert (await http.get("/me")).status_code == 200
    assert sandbox.faults.pending == 0


@pytest.mark.parametrize(
    "call",
    [
        lambda f: f.fail_nth(0),
        lambda f: f.fail_nth(-1),
        lambda f: f.fail_nth(1, status=200),
    ],
)
def test_bad_nth_settings_are_refused(call):
    """A count below 1 or a status that is no error is refused at once."""
    with pytest.raises(ConfigurationError):
        call(Faults())
