"""The sliding window of a concurrent walk: requests in flight, where it stops, what it holds.

`collect()` and `stream()` keep ``concurrency`` requests in flight for the whole walk: a new
page starts as soon as any request ends, up to ``2 * concurrency`` pages past the page the walk
took last. A plain ``async for`` cannot keep a task running across a ``yield``, so it fetches
in batches that end before it hands pages out. Timelines run on the virtual clock of
`tests.support.fakeclock` (no real time passes) or on pages that answer when the test releases them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import anyio
import httpx
import pytest

from mighty_async import AsyncMightyClient, AsyncPaginator, ServerError
from mighty_async._pagination import STREAM_PAGES_AHEAD_PER_WORKER, WAVE_PAGES_PER_WORKER

from .support.fakeclock import FakeClock
from .support.lists import asked, sandbox_of
from .test_walk_stream import GatedList, settle

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.anyio

WAYS = ("collect", "stream")


async def walk_ids(paginator: AsyncPaginator[Any], way: str) -> list[int]:
    """The ids one way of walking yields: ``collect``, ``stream`` or ``iterate``."""
    if way == "collect":
        return [m.id for m in await paginator.collect()]
    if way == "stream":
        async with paginator.stream() as members:
            return [m.id async for m in members]
    return [m.id async for m in paginator]


class TimedList:
    """The sandbox's members, whose page k answers after ``latency(k)`` seconds of virtual time.

    The sandbox's own latency is the same for every page; this one picks it per page, so it
    stands in front of the sandbox's transport.
    """

    def __init__(self, total: int, clock: FakeClock, latency: Callable[[int], float]) -> None:
        self.sandbox = sandbox_of(total)
        self.inner = self.sandbox.transport()
        self.clock = clock
        self.latency = latency
        self.started: dict[int, float] = {}
        self.ended: dict[int, float] = {}

    async def handler(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        self.started[page] = self.clock.now()
        await self.clock.sleep(self.latency(page))
        self.ended[page] = self.clock.now()
        return await self.inner.handle_async_request(request)

    def client(self) -> AsyncMightyClient:
        transport = httpx.MockTransport(self.handler)
        return self.sandbox.client(transport=transport, rate_limit=None)


@pytest.mark.parametrize("way", WAYS)
async def test_a_slow_page_does_not_hold_back_the_pages_after_it(way):
    """While page 16 takes 100 ms, pages 17 to 16 + 2c - 1 start; the next waits for it."""
    concurrency = 4
    ahead = concurrency * STREAM_PAGES_AHEAD_PER_WORKER
    async with FakeClock().running() as clock:
        server = TimedList(400, clock, lambda page: 0.1 if page == 16 else 0.01)
        async with server.client() as client:
            paginator = client.members.list(per_page=10, concurrency=concurrency)
            ids = await walk_ids(paginator, way)
    assert ids == server.sandbox.member_ids
    assert len(ids) == 400
    slow_end = server.ended[16]
    assert all(server.started[page] < slow_end for page in range(17, 15 + ahead + 1))
    assert server.started[15 + ahead + 1] >= slow_end  # bounded: no page held beyond 2c


@pytest.mark.parametrize("way", WAYS)
async def test_every_page_starts_as_soon_as_a_request_ends(way):
    """With pages answered one by one in order, c requests stay in flight until the end."""
    concurrency = 4
    server = GatedList(300)
    found: list[int] = []
    async with server.client() as client, anyio.create_task_group() as tasks:
        paginator = client.members.list(per_page=10, concurrency=concurrency)

        async def run() -> None:
            found.extend(await walk_ids(paginator, way))

        tasks.start_soon(run)
        for page in range(1, 28):
            await settle()
            assert sorted(server.in_flight) == list(range(page, page + concurrency)), page
            server.release(page)
        server.release_all()
    assert found == server.span(1, 300)


@pytest.mark.parametrize("way", [*WAYS, "iterate"])
@pytest.mark.parametrize(("total", "concurrency"), [(300, 4), (295, 4), (1000, 8), (5, 3)])
async def test_pages_answered_in_order_cost_at_most_concurrency_minus_one_past_the_end(
    way, total, concurrency
):
    """A walk of N pages answered in the order asked sends at most N + concurrency - 1 requests."""
    sandbox = sandbox_of(total)
    async with sandbox.client(rate_limit=None) as client:
        paginator = client.members.list(per_page=10, concurrency=concurrency)
        assert await walk_ids(paginator, way) == sandbox.member_ids
    needed = -(-total // 10)  # the last page is short, or full without a next link
    pages = sorted(asked(sandbox))
    assert pages == list(range(1, len(pages) + 1))
    assert needed <= len(pages) <= needed + concurrency - 1


@pytest.mark.parametrize("way", WAYS)
async def test_the_end_stops_the_window_at_once(way):
    """When the short last page arrives, the pages asked for past it are cancelled, not awaited."""
    concurrency = 4
    server = GatedList(25)  # pages 1-2 full, page 3 short: the end
    found: list[int] = []
    async with server.client() as client, anyio.create_task_group() as tasks:
        paginator = client.members.list(per_page=10, concurrency=concurrency)

        async def run() -> None:
            found.extend(await walk_ids(paginator, way))

        tasks.start_soon(run)
        await settle()
        server.release(3)
        await settle()
        assert sorted(server.cancelled) == [4]  # 5 and up were never asked for
        server.release(1, 2)
    assert found == server.span(1, 25)
    assert sorted(server.started) == [1, 2, 3, 4]


@pytest.mark.parametrize("way", WAYS)
async def test_an_error_stops_the_window_and_surfaces_after_the_pages_before_it(way):
    """A failing page 3 cancels the pages after it; pages 1 and 2 are yielded first."""
    server = GatedList(1000, failing=3)
    seen: list[int] = []
    errors: list[ServerError] = []

    async def run(paginator: AsyncPaginator[Any]) -> None:
        try:
            if way == "collect":
                seen.extend(m.id for m in await paginator.collect())
                return
            async with paginator.stream() as members:
                async for member in members:
                    seen.append(member.id)  # noqa: PERF401 - kept up to the error
        except ServerError as exc:
            errors.append(exc)

    async with server.client() as client, anyio.create_task_group() as tasks:
        tasks.start_soon(run, client.members.list(per_page=10, concurrency=4))
        await settle()
        server.release(3)
        await settle()
        assert sorted(server.in_flight) == [1, 2]
        assert sorted(server.cancelled) == [4]
        asked = len(server.started)
        server.release(1, 2)
    assert len(errors) == 1
    assert seen == ([] if way == "collect" else server.span(1, 20))
    assert len(server.started) == asked


async def test_a_plain_loop_leaves_nothing_in_flight_while_its_body_runs():
    """A plain async for fetches in batches that end before it yields: no task outlives a yield."""
    sandbox = sandbox_of(500)
    first_of_a_page = set(sandbox.member_ids[::10])
    batches: list[int] = []
    async with sandbox.client(rate_limit=None) as client:
        async for member in client.members.list(per_page=10, concurrency=4):
            assert sandbox.in_flight == 0
            if member.id in first_of_a_page:
                batches.append(len(asked(sandbox)))
    assert batches[0] == 4 * WAVE_PAGES_PER_WORKER
