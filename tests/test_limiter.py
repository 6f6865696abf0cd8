"""The token bucket: pacing, FIFO fairness, cancellation without leaks, and the AIMD rate."""

from __future__ import annotations

import anyio
import httpx
import pytest

from mighty_async import ConfigurationError, Limiter, RateLimit, TokenBucket
from mighty_async._limiter import TicketLock

from .support.fakeclock import FakeClock

pytestmark = pytest.mark.anyio


def answer(status: int) -> httpx.Response:
    return httpx.Response(status)


def bucket(clock: FakeClock, **config: object) -> TokenBucket:
    return TokenBucket(RateLimit(**config), clock=clock.now, sleep=clock.sleep)  # type: ignore[arg-type]


async def test_burst_goes_at_once_then_one_per_interval():
    """A full bucket lets `burst` requests go at once, then one per 1/rate seconds."""
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=10, period=10.0, burst=3)
        times = []
        for _ in range(6):
            await limiter.acquire()
            times.append(clock.now())
    assert times == [0.0, 0.0, 0.0, 1.0, 2.0, 3.0]


async def test_waiters_are_served_in_arrival_order():
    """Concurrent callers get their tokens in the order they asked, one interval apart."""
    served: list[tuple[int, float]] = []
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=1, period=2.0, burst=1)

        async def take(index: int, *, task_status: anyio.abc.TaskStatus[None]) -> None:
            task_status.started()
            await limiter.acquire()
            served.append((index, clock.now()))

        async with anyio.create_task_group() as tg:
            for index in range(15):
                await tg.start(take, index)
    assert [index for index, _ in served] == list(range(15))
    assert [moment for _, moment in served] == [2.0 * n for n in range(15)]


async def test_cancelled_waiter_in_the_queue_takes_nothing():
    """A caller cancelled while queued leaves the line; the ones behind it keep their times."""
    served: dict[str, float] = {}
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=1, period=1.0, burst=1)
        await limiter.acquire()

        async def take(name: str, *, task_status: anyio.abc.TaskStatus[anyio.CancelScope]) -> None:
            with anyio.CancelScope() as scope:
                task_status.started(scope)
                await limiter.acquire()
                served[name] = clock.now()

        async with anyio.create_task_group() as tg:
            await tg.start(take, "a")
            doomed = await tg.start(take, "b")
            await tg.start(take, "c")
            assert limiter.waiting == 3
            doomed.cancel()
    assert served == {"a": 1.0, "c": 2.0}
    assert limiter.waiting == 0


async def test_cancelled_head_of_line_leaks_no_token():
    """Cancelling the caller that sleeps for the next token hands that token to the next one."""
    served: dict[str, float] = {}
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=1, period=4.0, burst=1)
        await limiter.acquire()

        async def take(name: str, *, task_status: anyio.abc.TaskStatus[anyio.CancelScope]) -> None:
            with anyio.CancelScope() as scope:
                task_status.started(scope)
                await limiter.acquire()
                served[name] = clock.now()

        async with anyio.create_task_group() as tg:
            head = await tg.start(take, "head")
            await tg.start(take, "next")
            await clock.sleep(1.0)
            head.cancel()
    assert served == {"next": 4.0}
    assert limiter.tokens == pytest.approx(0.0)


async def test_rate_halves_on_429_and_paces_accordingly():
    """After a 429 the bucket is emptied and the next tokens come at the lowered rate."""
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=10, period=10.0, burst=5)
        await limiter.acquire()
        limiter.on_response(answer(429))
        assert limiter.rate == pytest.approx(0.5)
        assert limiter.tokens == 0.0
        await limiter.acquire()
        assert clock.now() == pytest.approx(2.0)


async def test_a_burst_of_429s_lowers_the_rate_once():
    """429s with no token granted since the last decrease are one event, not several."""
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=8, period=1.0, burst=8)
        for _ in range(4):
            await limiter.acquire()
        for _ in range(4):
            limiter.on_response(answer(429))
        assert limiter.rate == pytest.approx(4.0)
        limiter.on_response(answer(200))
        limiter.on_response(answer(429))
        assert limiter.rate == pytest.approx(4.0)
        assert limiter.decreases == 1


async def test_429s_without_a_success_in_between_lower_the_rate_once():
    """Probes that keep meeting 429s are one event: only a success re-arms the next decrease."""
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=8, period=1.0, burst=8)
        rates = []
        for answers in ([429], [429], [429], [200, 429], [429]):
            await limiter.acquire()
            for status in answers:
                limiter.on_response(answer(status))
            rates.append(limiter.rate)
    assert rates == pytest.approx([4.0, 4.0, 4.0, 2.0, 2.0])
    assert limiter.decreases == 2


async def test_rate_climbs_back_after_successes_but_never_above_the_ceiling():
    """Each run of increase_after successes adds one step; the rate stops at the ceiling."""
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=10, period=1.0, increase_after=3, increase=0.2)
        await limiter.acquire()
        limiter.on_response(answer(429))
        rates = [limiter.rate]
        for _ in range(5):
            for _ in range(3):
                limiter.on_response(answer(200))
            rates.append(limiter.rate)
    assert rates == pytest.approx([5.0, 7.0, 9.0, 10.0, 10.0, 10.0])
    assert limiter.rate <= limiter.ceiling


async def test_server_errors_count_neither_way_and_a_429_resets_the_run():
    """5xx answers neither lower nor raise the rate; a 429 restarts the count of successes."""
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=10, period=1.0, increase_after=2, increase=0.1)
        await limiter.acquire()
        limiter.on_response(answer(429))
        limiter.on_response(answer(200))
        limiter.on_response(answer(503))
        assert limiter.rate == pytest.approx(5.0)
        await limiter.acquire()
        limiter.on_response(answer(429))
        limiter.on_response(answer(404))
        assert limiter.rate == pytest.approx(2.5)
        limiter.on_response(answer(204))
        assert limiter.rate == pytest.approx(3.5)


async def test_rate_never_falls_below_the_floor():
    """However many congestion events come, the rate stays at min_fraction of the ceiling."""
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=100, period=1.0, min_fraction=0.1)
        for _ in range(20):
            await limiter.acquire()
            limiter.on_response(answer(200))
            limiter.on_response(answer(429))
    assert limiter.rate == pytest.approx(10.0)
    assert limiter.decreases == 20


async def test_non_adaptive_bucket_keeps_its_rate():
    """With adaptive=False a 429 empties the bucket but leaves the rate alone."""
    async with FakeClock().running() as clock:
        limiter = bucket(clock, requests=10, period=1.0, adaptive=False)
        await limiter.acquire()
        limiter.on_response(answer(429))
        for _ in range(50):
            limiter.on_response(answer(200))
        assert limiter.rate == 10.0
        assert limiter.tokens == 0.0


def test_default_budget_is_100_per_minute_with_a_small_burst():
    """The default RateLimit is the most conservative published number, 100 per 60 s."""
    default = RateLimit()
    assert (default.requests, default.period) == (100, 60.0)
    assert 1 <= default.burst <= 10
    assert TokenBucket().rate == pytest.approx(100 / 60)


@pytest.mark.parametrize(
    "config",
    [
        {"requests": 0},
        {"requests": 1.5},
        {"requests": True},
        {"period": 0},
        {"period": -1.0},
        {"period": float("inf")},
        {"period": "60"},
        {"burst": 0},
        {"decrease": 0.0},
        {"decrease": 1.5},
        {"increase": -0.1},
        {"increase_after": 0},
        {"min_fraction": 0},
    ],
    ids=repr,
)
def test_bad_rate_limit_is_a_configuration_error(config):
    """A RateLimit that could not pace anything is refused up front with ConfigurationError."""
    with pytest.raises(ConfigurationError):
        RateLimit(**config)


def test_token_bucket_is_a_limiter_and_a_bare_object_is_not():
    """The Limiter protocol is checkable at run time, so the client can validate its input."""
    assert isinstance(TokenBucket(), Limiter)
    assert not isinstance(object(), Limiter)
    assert "rate=" in repr(TokenBucket())


async def test_ticket_lock_serves_lower_tickets_first():
    """A waiter with an older ticket (a retry) goes before newer ones, whatever its arrival."""
    order: list[int] = []
    lock = TicketLock()
    await lock.acquire(0)

    async def wait_for(ticket: int, *, task_status: anyio.abc.TaskStatus[None]) -> None:
        task_status.started()
        async with lock.hold(ticket):
            order.append(ticket)

    async with anyio.create_task_group() as tg:
        for ticket in (7, 5, 9, 1):
            await tg.start(wait_for, ticket)
        assert lock.waiting == 4
        lock.release()
    assert order == [1, 5, 7, 9]
    assert not lock.held


async def test_ticket_lock_passes_on_when_cancelled_after_being_granted():
    """A waiter cancelled right after the lock was handed to it passes it on, never keeps it."""
    lock = TicketLock()
    await lock.acquire(0)
    got: list[str] = []

    async def wait_for(
        name: str, ticket: int, *, task_status: anyio.abc.TaskStatus[anyio.CancelScope]
    ) -> None:
        with anyio.CancelScope() as scope:
            task_status.started(scope)
            async with lock.hold(ticket):
                got.append(name)

    async with anyio.create_task_group() as tg:
        first = await tg.start(wait_for, "granted-then-cancelled", 1)
        await tg.start(wait_for, "next", 2)
        await anyio.wait_all_tasks_blocked()
        lock.release()
        first.cancel()
    assert got[-1:] == ["next"]
    assert not lock.held
    assert lock.waiting == 0


@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_ticket_lock_passes_on_after_a_raw_asyncio_cancel_of_a_granted_waiter():
    """A bare task.cancel() landing after the hand-over makes the waiter pass the lock on."""
    import asyncio  # noqa: PLC0415 - this race only exists with raw asyncio cancellation

    lock = TicketLock()
    await lock.acquire(0)
    granted = asyncio.ensure_future(lock.acquire(1))
    follower = asyncio.ensure_future(lock.acquire(2))
    await anyio.wait_all_tasks_blocked()
    lock.release()
    granted.cancel()
    await asyncio.wait([granted, follower])
    assert granted.cancelled()
    assert follower.done()
    assert not follower.cancelled()
    assert lock.held
    lock.release()
    assert not lock.held
