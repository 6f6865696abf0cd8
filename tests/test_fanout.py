"""Page fan-out: concurrent page fetches that still yield every item once, in order."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

from mighty_async import ConfigurationError, DuplicateItemsWarning, ServerError
from mighty_async.testing import Sandbox

from .support.fakeclock import FakeClock
from .support.lists import asked, expected_ids, failing_page, listing, sandbox_of

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("total", "per_page", "concurrency"),
    [
        (0, 10, 4),
        (1, 10, 4),
        (100, 10, 4),
        (101, 10, 4),
        (95, 10, 3),
        (250, 100, 8),
        (30, 7, 2),
        (40, 10, 1),
        (1000, 100, 8),
    ],
)
async def test_every_item_once_in_page_order(total, per_page, concurrency):
    """Fan-out yields every record exactly once and in order, whatever divides what."""
    sandbox = sandbox_of(total)
    async with sandbox.client(rate_limit=None) as client:
        paginator = listing(client, total, per_page=per_page, concurrency=concurrency)
        ids = [m.id async for m in paginator]
    assert ids == expected_ids(sandbox, total)
    assert len(ids) == total


@pytest.mark.parametrize(
    ("total", "per_page", "concurrency"), [(100, 10, 4), (95, 10, 8), (0, 10, 8), (1000, 100, 8)]
)
async def test_overshoot_is_at_most_concurrency_minus_one(total, per_page, concurrency):
    """Pages asked past the end of the list number at most concurrency - 1."""
    sandbox = sandbox_of(total)
    async with sandbox.client(rate_limit=None) as client:
        await listing(client, total, per_page=per_page, concurrency=concurrency).collect()
    needed = total // per_page + 1  # the page that shows the end (short, empty or next-less)
    if total and total % per_page == 0:
        needed = total // per_page  # a full last page without `next` ends the walk itself
    pages = sorted(asked(sandbox, total))
    assert pages == list(range(1, len(pages) + 1))
    assert needed <= len(pages) <= needed + concurrency - 1


async def walk_on_a_fake_clock(members: int, latency: float, **options: Any) -> Sandbox:
    """Collect a walk from a sandbox whose answers take ``latency`` seconds of virtual time."""
    async with FakeClock().running() as clock:
        sandbox = sandbox_of(members, clock=clock.now, sleep=clock.sleep)
        sandbox.faults.latency(latency)
        async with sandbox.client(rate_limit=None) as client:
            found = await client.members.list(**options).collect()
    assert [m.id for m in found] == sandbox.member_ids
    return sandbox


async def test_pages_are_fetched_concurrently():
    """With concurrency=4, four page requests are in flight at once."""
    sandbox = await walk_on_a_fake_clock(200, 0.01, per_page=10, concurrency=4)
    assert sandbox.max_in_flight == 4


async def test_serial_walk_keeps_one_request_in_flight():
    """concurrency=1 is the serial walk: one request at a time."""
    sandbox = await walk_on_a_fake_clock(50, 0.01, per_page=10)
    assert sandbox.max_in_flight == 1
    assert len(asked(sandbox)) == 5


@pytest.mark.parametrize("concurrency", [1, 3])
async def test_shifted_records_are_yielded_once_and_warned(concurrency):
    """Records pushed onto a later page by an insert are yielded once, with a warning."""
    sandbox = sandbox_of(60)
    sandbox.faults.shift_pages(after_page=1, by=2, route="/members")
    async with sandbox.client(rate_limit=None) as client:
        paginator = client.members.list(per_page=10, concurrency=concurrency)
        with pytest.warns(DuplicateItemsWarning, match="2 item"):
            ids = [m.id async for m in paginator]
    assert ids == sandbox.member_ids
    assert len(ids) == 60


@pytest.mark.parametrize(("max_items", "requests"), [(5, 1), (10, 1), (25, 3), (40, 4)])
async def test_max_items_never_requests_past_what_it_needs(max_items, requests):
    """max_items limits the waves to the pages it needs, so nothing past them is asked."""
    sandbox = sandbox_of(1000)
    async with sandbox.client(rate_limit=None) as client:
        found = await client.members.list(per_page=10, concurrency=8, max_items=max_items).collect()
    assert [m.id for m in found] == sandbox.member_ids[:max_items]
    assert len(asked(sandbox)) == requests


async def test_failed_page_raises_in_order_and_cancels_later_pages():
    """A failing page raises its error; pages after it in the wave are cancelled."""
    sandbox = sandbox_of(1000)
    transport = failing_page(sandbox, 2, 503)
    async with sandbox.client(rate_limit=None, transport=transport) as client:
        with pytest.raises(ServerError, match="503"):
            await client.members.list(per_page=10, concurrency=4).collect()
    assert sandbox.in_flight == 0


async def test_cancelling_the_consumer_cancels_the_wave():
    """Cancelling a walk mid-wave cancels every page request and leaves none in flight."""
    async with FakeClock().running() as clock:
        sandbox = sandbox_of(1000, clock=clock.now, sleep=clock.sleep)
        sandbox.faults.latency(3600.0)  # the clock cannot move while this test spins below
        async with sandbox.client(rate_limit=None) as client:
            with anyio.CancelScope() as scope:

                async def walk() -> None:
                    await client.members.list(per_page=10, concurrency=5).collect()

                async with anyio.create_task_group() as tg:
                    tg.start_soon(walk)
                    while sandbox.in_flight < 5:
                        await anyio.lowlevel.checkpoint()
                    scope.cancel()
    assert sandbox.in_flight == 0
    assert sandbox.max_in_flight == 5
    assert sandbox.requests == []  # all five were cancelled: none was answered


@pytest.mark.parametrize("concurrency", [0, -1, True, 1.5])
def test_bad_concurrency_is_refused(concurrency):
    """A concurrency that is not a positive integer is refused."""
    with pytest.raises(ConfigurationError, match="concurrency"):
        Sandbox(members=1).client().members.list(concurrency=concurrency)


@pytest.mark.parametrize(
    ("members", "per_page", "concurrency"),
    [(250, 100, 8), (250, 50, 5), (301, 25, 4), (120, 7, 3), (99, 100, 8)],
)
async def test_fanout_over_the_sandbox_yields_every_seeded_member_once(
    members, per_page, concurrency
):
    """Against the sandbox, the fan-out yields every seeded member once, in the sandbox's order."""
    sandbox = Sandbox(seed=3, members=members, spaces=0, posts=0, events=0)
    async with sandbox.client(rate_limit=None) as client:
        ids = [m.id async for m in client.members.list(per_page=per_page, concurrency=concurrency)]
    assert ids == sandbox.member_ids
    pages = -(-members // per_page)
    assert len(sandbox.requests) <= pages + concurrency
