"""RedisLimiter against a real redis-server on loopback: the script's logic, one call at a time.

These run on asyncio only (redis-py's client is asyncio-only; the trio refusal is tested
below). Waits are real but short: Redis's clock is real, so the tests use rates of tens to
hundreds of requests per second and cooldowns of tens to hundreds of milliseconds. The tests
whose outcome depends on how much real time passes are marked ``realtime``.
"""

from __future__ import annotations

import asyncio
import pickle
import subprocess
import sys
import textwrap
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import redis.asyncio as aioredis

from mighty_async import (
    AsyncMightyClient,
    ConfigurationError,
    MonthlyUsage,
    QuotaExceeded,
    RateLimit,
    RedisLimiter,
    SharedLimiter,
)
from mighty_async._redis._limiter import SCRIPT

pytestmark = pytest.mark.anyio
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def anyio_backend():
    """Asyncio only: redis-py's client does not run on trio."""
    return "asyncio"


class RecordingSleep:
    """A real asyncio sleep that remembers what it was asked to sleep."""

    def __init__(self):
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        await asyncio.sleep(seconds)


def unique_key() -> str:
    return f"t{uuid.uuid4().hex[:12]}"


def make(redis_server, *, key=None, network_id=1, sleep=None, **settings) -> RedisLimiter:
    """A limiter on the test server, on real time (the suite's default clock is instant)."""
    return RedisLimiter(
        redis_server.url,
        key=key or unique_key(),
        network_id=network_id,
        clock=time.monotonic,
        sleep=sleep or asyncio.sleep,
        **settings,
    )


async def test_it_is_a_shared_limiter(redis_server):
    """RedisLimiter satisfies the SharedLimiter protocol the transport looks for."""
    async with make(redis_server) as limiter:
        assert isinstance(limiter, SharedLimiter)


@pytest.mark.realtime
async def test_burst_then_paced(redis_server):
    """A quiet bucket lets ``burst`` permits go at once, then asks to wait about 1/rate.

    Real time: the bucket refills on Redis's clock. At 4 a second the fifth permit is due
    250 ms after the burst, far more than five round trips to Redis take on a loaded 2-core
    machine, so it still has to wait.
    """
    sleep = RecordingSleep()
    async with make(redis_server, rate=4, per=1, burst=4, sleep=sleep) as limiter:
        for _ in range(4):
            assert await limiter.admit() == 0.0
        assert sleep.calls == []
        await limiter.acquire()
        assert sleep.calls
        assert 0.0 < sleep.calls[0] <= 0.25 + 1e-6
        assert limiter.rate == 4.0


@pytest.mark.realtime
async def test_two_limiters_share_one_bucket(redis_server):
    """Two limiters (two processes) on one key and network draw from one burst.

    Real time: the bucket refills on Redis's clock, one permit per 250 ms, far longer than
    four round trips to Redis take on a loaded 2-core machine.
    """
    key = unique_key()
    sleep = RecordingSleep()
    async with (
        make(redis_server, key=key, rate=4, per=1, burst=3) as first,
        make(redis_server, key=key, rate=4, per=1, burst=3, sleep=sleep) as second,
    ):
        await first.admit()
        await first.admit()
        await second.admit()
        assert sleep.calls == []
        await second.acquire()
        assert sleep.calls, "the fourth permit of a burst of 3 had to wait"


async def test_two_networks_never_share_a_budget(redis_server):
    """The same key for two networks gives two independent buckets."""
    key = unique_key()
    sleep = RecordingSleep()
    async with (
        make(redis_server, key=key, network_id=1, rate=10, per=1, burst=2, sleep=sleep) as one,
        make(redis_server, key=key, network_id=2, rate=10, per=1, burst=2, sleep=sleep) as two,
    ):
        for _ in range(2):
            await one.acquire()
            await two.acquire()
        assert sleep.calls == []
        assert (await one.usage()).requests == 2
        assert (await two.usage()).requests == 2


async def test_a_limiter_paces_one_network_only(redis_server):
    """Binding a second network is refused; the same network in another form is accepted."""
    async with make(redis_server, network_id=None) as limiter:
        assert limiter.network_id is None
        async with AsyncMightyClient("t", network_id=7, rate_limit=limiter):
            assert limiter.network_id == "7"
        limiter.bind_network("7")
        with pytest.raises(ConfigurationError, match="networks never share a budget"):
            AsyncMightyClient("t", network_id=8, rate_limit=limiter)


async def test_an_unbound_limiter_refuses_to_guess(redis_server):
    """Without a network the limiter raises a ConfigurationError instead of picking a key."""
    async with make(redis_server, network_id=None) as limiter:
        with pytest.raises(ConfigurationError, match="which network"):
            await limiter.acquire()


@pytest.mark.realtime
async def test_a_429_closes_the_gate_for_every_limiter(redis_server):
    """A cooldown settled by one limiter is returned by the next admission of another.

    Real time: the cooldown runs on Redis's clock; the bound leaves 100 ms for one round trip
    to Redis, plenty on a loaded 2-core machine.
    """
    key = unique_key()
    async with make(redis_server, key=key) as seen, make(redis_server, key=key) as other:
        await seen.admit()
        refused = httpx.Response(429)
        seen.on_response(refused)
        await seen.settle(refused, 0.5)
        wait = await other.admit()
        assert 0.4 < wait <= 0.5


@pytest.mark.realtime
async def test_acquire_waits_out_a_closed_gate(redis_server):
    """acquire(), the plain Limiter call, sleeps through the fleet's cooldown, then takes one.

    Real time: the cooldown runs on Redis's clock; the bound leaves 100 ms of the 200 ms
    cooldown for one round trip to Redis, plenty on a loaded 2-core machine.
    """
    key = unique_key()
    sleep = RecordingSleep()
    async with (
        make(redis_server, key=key) as seen,
        make(redis_server, key=key, sleep=sleep) as other,
    ):
        await seen.settle(httpx.Response(429), 0.2)
        await other.acquire()
        assert 0.1 < sleep.calls[0] <= 0.2


@pytest.mark.realtime
async def test_the_fleet_reopens_with_one_probe(redis_server):
    """After a cooldown one admission is the probe; others wait until it is answered.

    Real time: the cooldown and the waits run on Redis's clock. Every bound is a lower one
    (sleep past the 20 ms cooldown; the other still waits after 100 ms, its probe timeout being
    10 s), which a slow, loaded machine only makes easier to meet.
    """
    key = unique_key()
    sleep = RecordingSleep()
    async with (
        make(redis_server, key=key, rate=100, per=1, burst=5) as prober,
        make(redis_server, key=key, rate=100, per=1, burst=5, sleep=sleep) as other,
    ):
        await prober.settle(httpx.Response(429), 0.02)
        await asyncio.sleep(0.03)
        assert await prober.admit() == 0.0
        waiting = asyncio.create_task(other.admit())
        await asyncio.sleep(0.1)
        assert not waiting.done(), "a second request went while the probe was out"
        assert sleep.calls
        ok = httpx.Response(200)
        prober.on_response(ok)
        await prober.settle(ok, 0.0)
        assert await asyncio.wait_for(waiting, 1) == 0.0


@pytest.mark.realtime
async def test_an_unanswered_probe_expires(redis_server, monkeypatch):
    """A probe whose process died stops blocking the fleet after the probe timeout.

    Real time: the probe expires on Redis's clock. The bound (at least 150 ms of the 300 ms
    timeout still to wait) leaves 150 ms for a round trip to Redis on a loaded 2-core machine.
    """
    monkeypatch.setattr("mighty_async._redis._limiter._PROBE_TIMEOUT", 0.3)
    key = unique_key()
    async with make(redis_server, key=key) as prober, make(redis_server, key=key) as other:
        await prober.settle(httpx.Response(429), 0.01)
        await asyncio.sleep(0.02)
        await prober.admit()
        started = time.monotonic()
        assert await asyncio.wait_for(other.admit(), 2) == 0.0
        assert time.monotonic() - started >= 0.15


async def test_the_adaptive_rate_is_shared(redis_server):
    """A 429 halves the fleet's rate once per event; successes raise it back for everyone."""
    key = unique_key()
    settings = {"rate": 100, "per": 1, "burst": 50}
    async with (
        make(redis_server, key=key, **settings) as one,
        make(redis_server, key=key, **settings) as two,
    ):
        await one.admit()
        one.on_response(httpx.Response(200))
        refused = httpx.Response(429)
        one.on_response(refused)
        await one.settle(refused, 0.0)
        assert one.rate == 50.0
        two.on_response(refused)  # answered late: the same congestion event
        await two.settle(refused, 0.0)
        assert two.rate == 50.0
        for _ in range(5):
            await two.acquire()
            two.on_response(httpx.Response(200))
        await two.acquire()  # the successes travel with the next admission
        assert two.rate == 60.0
        await one.acquire()
        assert one.rate == 60.0


async def test_a_fixed_rate_is_not_adapted(redis_server):
    """With adaptive=False a 429 empties the bucket but keeps the rate."""
    async with make(redis_server, rate=100, per=1, adaptive=False) as limiter:
        await limiter.admit()
        limiter.on_response(httpx.Response(200))
        limiter.on_response(httpx.Response(429))
        await limiter.settle(httpx.Response(429), 0.0)
        assert limiter.rate == 100.0


async def test_server_errors_count_neither_way(redis_server):
    """5xx answers are not sent to Redis as successes or 429s."""
    async with make(redis_server) as limiter:
        limiter.on_response(httpx.Response(503))
        assert limiter._pending == []
        await limiter.settle(httpx.Response(503), 0.0)


async def test_counts_are_kept_per_month(redis_server):
    """usage() counts every permit of the current month; another month reads zero."""
    async with make(redis_server, rate=1000, per=1, burst=20) as limiter:
        for _ in range(7):
            await limiter.acquire()
        usage = await limiter.usage()
        now = datetime.now(UTC)
        assert usage == MonthlyUsage(
            network="1", month=f"{now.year:04d}-{now.month:02d}", requests=7, budget=None
        )
        assert usage.remaining is None
        assert (await limiter.usage(month="1999-01")).requests == 0
        with pytest.raises(ConfigurationError, match="month"):
            await limiter.usage(month="2025-13")


async def test_the_budget_refuses_with_a_typed_error(redis_server):
    """Past monthly_budget, admission raises QuotaExceeded and the count stops growing."""
    async with make(redis_server, rate=1000, per=1, burst=20, monthly_budget=3) as limiter:
        for _ in range(3):
            await limiter.acquire()
        with pytest.raises(QuotaExceeded) as caught:
            await limiter.acquire()
        error = caught.value
        assert (error.used, error.budget, error.network, error.estimated) == (3, 3, "1", False)
        assert error.month == (await limiter.usage()).month
        assert "not sent" in str(error)
        assert (await limiter.usage()).requests == 3
        assert (await limiter.usage()).remaining == 0
        assert pickle.loads(pickle.dumps(error)).used == 3  # noqa: S301 - our own data


async def test_a_refused_call_sends_nothing(redis_server):
    """Through a client, a call over budget raises QuotaExceeded and never reaches the API."""
    sent = []
    mock = httpx.MockTransport(
        lambda request: sent.append(request) or httpx.Response(200, json={"id": 1})
    )
    async with (
        make(redis_server, network_id=None, rate=1000, per=1, monthly_budget=2) as limiter,
        AsyncMightyClient("t", network_id=1, transport=mock, rate_limit=limiter) as client,
    ):
        await client.network()
        await client.network()
        with pytest.raises(QuotaExceeded):
            await client.network()
    assert len(sent) == 2


async def test_the_script_survives_a_script_flush(redis_server):
    """After SCRIPT FLUSH (or a restart) the limiter loads its script again."""
    async with make(redis_server) as limiter:
        await limiter.acquire()
        admin = aioredis.Redis.from_url(redis_server.url)
        try:
            await admin.script_flush()
        finally:
            await admin.aclose()
        await limiter.acquire()
        assert (await limiter.usage()).requests == 2


async def test_a_client_passed_in_is_used_and_left_open(redis_server):
    """A redis.asyncio.Redis given to the limiter works (decoded or not) and is not closed."""
    for decode in (False, True):
        client = aioredis.Redis.from_url(redis_server.url, decode_responses=decode)
        try:
            async with RedisLimiter(client, key=unique_key(), network_id=1) as limiter:
                await limiter.acquire()
                assert (await limiter.usage()).requests == 1
            assert await client.ping()
        finally:
            await client.aclose()


async def test_the_clock_is_the_servers(redis_server):
    """The script reads the time with TIME and never from its arguments."""
    assert "redis.call('TIME')" in SCRIPT
    admin = aioredis.Redis.from_url(redis_server.url)
    try:
        seconds, micros = await admin.time()
    finally:
        await admin.aclose()
    assert abs(seconds + micros / 1e6 - time.time()) < 5


MONTH_OF = SCRIPT.split("-- entry point")[0] + "return month_of(tonumber(ARGV[1]))"
STAMPS = [
    0,
    951_782_399,  # 2000-02-28 23:59:59, a leap year
    951_868_799,  # 2000-02-29 23:59:59
    951_868_800,  # 2000-03-01
    1_709_251_199,  # 2024-02-29 23:59:59
    1_735_689_599,  # 2024-12-31 23:59:59
    1_735_689_600,  # 2025-01-01
    4_107_542_400,  # 2100-03-01, a century that is not a leap year
    *range(1_700_000_000, 1_800_000_000, 2_591_999),
]


async def test_the_month_is_computed_like_python(redis_server):
    """The script's calendar month of a Unix time matches Python's, at month boundaries too."""
    admin = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    try:
        for stamp in STAMPS:
            expected = datetime.fromtimestamp(stamp, UTC).strftime("%Y-%m")
            assert await admin.eval(MONTH_OF, 0, stamp) == expected, stamp
            assert await admin.eval(MONTH_OF, 0, stamp - 1) == datetime.fromtimestamp(
                stamp - 1, UTC
            ).strftime("%Y-%m")
    finally:
        await admin.aclose()


async def test_an_unknown_mode_is_an_error(redis_server):
    """The script refuses a mode it does not know instead of doing something."""
    admin = aioredis.Redis.from_url(redis_server.url)
    try:
        with pytest.raises(Exception, match="unknown mode"):
            await admin.eval(SCRIPT, 3, "a", "b", "c", "nope")
    finally:
        await admin.aclose()


def test_the_repr_names_no_secret():
    """The repr shows the network and pace, never the URL (which may hold a password)."""
    limiter = RedisLimiter("redis://:hunter2@127.0.0.1:1/0", network_id=3, rate=120, per=60)
    text = repr(limiter)
    assert "hunter2" not in text
    assert "network=3" in text
    assert "rate=2/s" in text
    assert "mode=redis" in text


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"rate": 0}, "requests"),
        ({"per": -1}, "period"),
        ({"burst": 0}, "burst"),
        ({"key": "two words"}, "key"),
        ({"key": "{tag}"}, "key"),
        ({"key": ""}, "key"),
        ({"monthly_budget": -1}, "monthly_budget"),
        ({"monthly_budget": True}, "monthly_budget"),
        ({"on_redis_error": "ignore"}, "on_redis_error"),
        ({"timeout": 0}, "timeout"),
        ({"timeout": float("inf")}, "timeout"),
        ({"reconnect_interval": -1}, "reconnect_interval"),
        ({"fallback": 5}, "fallback"),
        ({"network_id": "Not A Subdomain"}, "network_id"),
    ],
)
def test_bad_settings_are_refused(settings, message):
    """Every invalid setting raises ConfigurationError naming it, before any connection."""
    with pytest.raises(ConfigurationError, match=message):
        RedisLimiter("redis://127.0.0.1:1/0", **settings)


@pytest.mark.parametrize("target", ["http://example.com", "redis://host:port", 42, None])
def test_bad_targets_are_refused(target):
    """Something that is neither a Redis URL nor an asyncio client is a ConfigurationError."""
    with pytest.raises(ConfigurationError):
        RedisLimiter(target)


def test_a_sync_client_is_refused():
    """A synchronous redis.Redis is refused: the limiter needs redis.asyncio."""
    import redis  # noqa: PLC0415

    with pytest.raises(ConfigurationError, match=r"redis\.asyncio\.Redis"):
        RedisLimiter(redis.Redis())


@pytest.fixture
def made_outside_a_loop():
    """A limiter created where no event loop runs (at import time, say)."""
    return RedisLimiter("redis://127.0.0.1:1/0", network_id=1)


@pytest.mark.parametrize("anyio_backend", ["trio"])
async def test_trio_is_refused_with_the_reason(anyio_backend, made_outside_a_loop):
    """On trio, creating or using the limiter says that redis-py needs asyncio."""
    with pytest.raises(ConfigurationError, match="needs asyncio"):
        RedisLimiter("redis://127.0.0.1:1/0")
    with pytest.raises(ConfigurationError, match="trio"):
        await made_outside_a_loop.acquire()
    with pytest.raises(ConfigurationError, match="trio"):
        await made_outside_a_loop.usage()


def test_the_package_imports_without_redis():
    """mighty_async imports without redis-py; creating a RedisLimiter names the extra."""
    script = textwrap.dedent(
        """
        import sys
        sys.modules["redis"] = None
        import mighty_async
        assert "redis" not in [m for m in sys.modules if sys.modules[m] is not None]
        try:
            mighty_async.RedisLimiter("redis://localhost")
        except ImportError as exc:
            print(exc)
        """
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "pip install 'mighty-async[redis]'" in result.stdout


def test_the_fallback_share_divides_the_last_known_rate():
    """While Redis is down each process paces at the shared rate over the processes seen."""
    limiter = RedisLimiter("redis://127.0.0.1:1/0", rate=120, per=60, burst=8)
    limiter._active = 4
    limiter._rate = 1.0  # halved by a 429 before Redis went away
    share = limiter._share()
    assert share.per_second == pytest.approx(0.25)
    assert share.burst == 2
    limiter._active, limiter._rate = 1, 2.0
    assert limiter._share() == RateLimit(requests=120, period=60, burst=8)
