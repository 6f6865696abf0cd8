"""`AsyncPaginator.stream()`: workers owned by an ``async with``, pages handed out in order."""

from __future__ import annotations

from typing import Any

import anyio
import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    AsyncPaginator,
    ConfigurationError,
    PaginationError,
    ServerError,
)
from mighty_async._pagination import STREAM_PAGES_AHEAD_PER_WORKER

from .support.fakeclock import FakeClock
from .support.lists import asked, expected_ids, failing_page, listing, sandbox_of

pytestmark = pytest.mark.anyio


GUARD = 30
"""Seconds after which a page never released fails its request instead of hanging the test.

Never reached when the code is right (the tests release what they wait for), so it asserts
no timing: it turns a regression (a walk waiting for a page nobody releases) into a failure."""


class GatedList:
    """The sandbox's members in pages that each wait for their own release, and a log of them.

    ``failing`` names a page answered 500 once released, instead of by the sandbox.
    """

    def __init__(self, total: int, *, failing: int | None = None) -> None:
        self.sandbox = sandbox_of(total)
        self.inner = self.sandbox.transport()
        self.failing = failing
        self.gates: dict[int, anyio.Event] = {}
        self.started: list[int] = []
        self.answered: list[int] = []
        self.cancelled: list[int] = []

    def span(self, first: int, last: int) -> list[int]:
        """The ids of the records first..last (from 1) of the list, in order."""
        return self.sandbox.member_ids[first - 1 : last]

    def gate(self, page: int) -> anyio.Event:
        return self.gates.setdefault(page, anyio.Event())

    def release(self, *pages: int) -> None:
        for page in pages:
            self.gate(page).set()

    def release_all(self) -> None:
        self.release(*range(1, 1000))

    @property
    def in_flight(self) -> list[int]:
        done = {*self.answered, *self.cancelled}
        return [p for p in self.started if p not in done]

    async def handler(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        self.started.append(page)
        try:
            with anyio.fail_after(GUARD):
                await self.gate(page).wait()
        except anyio.get_cancelled_exc_class():
            self.cancelled.append(page)
            raise
        self.answered.append(page)
        if page == self.failing:
            return httpx.Response(500, json={"error": "boom"})
        return await self.inner.handle_async_request(request)

    def client(self) -> AsyncMightyClient:
        transport = httpx.MockTransport(self.handler)
        return self.sandbox.client(transport=transport, rate_limit=None)


async def stream_into(
    paginator: AsyncPaginator[Any], into: list[Any], *, fail: bool = False
) -> None:
    """Stream a walk into a list (kept up to an error); ``fail`` raises from the loop's body."""
    async with paginator.stream() as items:
        async for item in items:
            into.append(item)
            if fail:
                raise LookupError("mine")


async def settle() -> None:
    """Let every runnable task run until it waits on something."""
    for _ in range(50):
        await anyio.lowlevel.checkpoint()


@pytest.mark.parametrize(
    ("total", "per_page", "concurrency"),
    [(0, 10, 4), (1, 10, 4), (100, 10, 4), (95, 10, 3), (250, 100, 8), (30, 7, 1), (40, 10, 2)],
)
async def test_a_stream_yields_every_item_once_in_page_order(total, per_page, concurrency):
    """A stream yields exactly what the plain walk yields: every record, once each, in order."""
    sandbox = sandbox_of(total)
    async with sandbox.client(rate_limit=None) as client:
        paginator = listing(client, total, per_page=per_page, concurrency=concurrency)
        async with paginator.stream() as members:
            ids = [m.id async for m in members]
    assert ids == expected_ids(sandbox, total)
    assert len(ids) == total


async def test_a_page_is_handed_out_as_soon_as_it_and_those_before_it_arrived():
    """Page 1 reaches the loop while later pages are still in flight: no wave barrier."""
    server = GatedList(100)
    async with server.client() as client:
        paginator = client.members.list(per_page=10, concurrency=4)
        async with paginator.stream() as members:
            await settle()
            assert sorted(server.in_flight) == [1, 2, 3, 4]
            server.release(2)
            await settle()
            assert server.answered == [2]  # page 2 waits for page 1: order is kept
            server.release(1)
            first = await members.__anext__()
            assert first.id == server.span(1, 1)[0]
            assert {3, 4}.issubset(server.in_flight)
            server.release_all()
            rest = [m.id async for m in members]
    assert rest == server.span(2, 100)


async def test_pages_stream_in_order_whatever_order_they_arrive_in():
    """stream_pages() hands out pages 1, 2, 3... even when the server answers them backwards."""
    server = GatedList(40)
    async with server.client() as client:
        paginator = client.members.list(per_page=10, concurrency=4)
        async with paginator.stream_pages() as pages:
            await settle()
            for page in (4, 3, 2, 1, 5):
                server.release(page)
                await settle()
            numbers = [page.number async for page in pages]
    assert server.answered[:4] == [4, 3, 2, 1]
    assert numbers == [1, 2, 3, 4]


async def test_a_stream_asks_for_a_bounded_number_of_pages_ahead_of_its_loop():
    """Workers stop concurrency * STREAM_PAGES_AHEAD_PER_WORKER pages ahead of a loop that waits."""
    sandbox = sandbox_of(1000)
    async with sandbox.client(rate_limit=None) as client:
        paginator = client.members.list(per_page=10, concurrency=3)
        async with paginator.stream() as members:
            await settle()
            assert len(asked(sandbox)) == 3 * STREAM_PAGES_AHEAD_PER_WORKER
            await members.__anext__()
            await settle()
            assert len(asked(sandbox)) == 3 * STREAM_PAGES_AHEAD_PER_WORKER + 1


async def test_leaving_a_stream_cancels_what_its_workers_had_in_flight():
    """Breaking out and leaving the block cancels the pages in flight; nothing runs after."""
    server = GatedList(1000)
    async with server.client() as client:
        paginator = client.members.list(per_page=10, concurrency=4)
        async with paginator.stream() as members:
            server.release(1)
            async for _ in members:
                break
            await settle()
            in_flight = list(server.in_flight)
        assert in_flight
        assert server.in_flight == []
        assert sorted(server.cancelled) == sorted(in_flight)
        asked = len(server.started)
        await settle()
        assert len(server.started) == asked


async def test_cancelling_the_caller_cancels_the_stream():
    """A cancelled caller leaves no page request in flight and no worker running."""
    server = GatedList(1000)
    async with server.client() as client:
        with anyio.CancelScope() as scope:
            async with client.members.list(per_page=10, concurrency=5).stream() as members:
                await settle()
                scope.cancel()
                await members.__anext__()
    assert scope.cancelled_caught
    assert server.in_flight == []
    assert len(server.cancelled) == 5


@pytest.mark.parametrize(("max_items", "requests"), [(5, 1), (10, 1), (25, 3), (40, 4)])
async def test_max_items_bounds_the_pages_a_stream_asks_for(max_items, requests):
    """A stream asks for no page beyond those max_items needs."""
    sandbox = sandbox_of(1000)
    async with sandbox.client(rate_limit=None) as client:
        paginator = client.members.list(per_page=10, concurrency=8, max_items=max_items)
        async with paginator.stream() as members:
            ids = [m.id async for m in members]
    assert ids == sandbox.member_ids[:max_items]
    assert len(asked(sandbox)) == requests


async def test_the_walks_error_comes_out_of_the_block_as_itself():
    """PaginationError raised inside the block is not wrapped in an exception group."""
    sandbox = sandbox_of(100)
    for page in range(2, 10):
        sandbox.faults.repeat_page(page, as_page=1, route="/members")
    async with sandbox.client(rate_limit=None) as client:
        with pytest.raises(PaginationError):
            await stream_into(client.members.list(per_page=10, concurrency=4), [])


async def test_a_failing_page_raises_in_order_after_the_pages_before_it():
    """A page that fails raises its error once the pages before it were handed out."""
    sandbox = sandbox_of(1000)
    seen: list[Any] = []
    transport = failing_page(sandbox, 3, 500)
    async with sandbox.client(rate_limit=None, transport=transport) as client:
        with pytest.raises(ServerError):
            await stream_into(client.members.list(per_page=10, concurrency=4), seen)
    assert [m.id for m in seen] == sandbox.member_ids[:20]
    assert sandbox.in_flight == 0


async def test_the_callers_own_error_comes_out_of_the_block_as_itself():
    """An exception raised by the loop's body leaves the block unwrapped, workers cancelled."""
    server = GatedList(1000)
    server.release(1)
    seen: list[Any] = []
    async with server.client() as client:
        with pytest.raises(LookupError, match="mine"):
            await stream_into(client.members.list(per_page=10, concurrency=4), seen, fail=True)
    assert len(seen) == 1
    assert server.in_flight == []


async def test_a_stream_is_entered_once():
    """Entering the same stream() twice is refused; each walk calls stream() again."""
    sandbox = sandbox_of(5)
    async with sandbox.client(rate_limit=None) as client:
        stream = client.members.list(concurrency=2).stream()
        async with stream as members:
            assert len([m async for m in members]) == 5
        with pytest.raises(ConfigurationError, match="once"):
            async with stream:
                pass


async def test_iterating_a_stream_after_its_block_is_refused():
    """A stream left before its end refuses to go on (instead of waiting for ever)."""
    sandbox = sandbox_of(1000)
    async with sandbox.client(rate_limit=None) as client:
        async with client.members.list(per_page=10, concurrency=2).stream() as members:
            await members.__anext__()
        with pytest.raises(ConfigurationError, match="async with"):
            async for _ in members:
                pass


async def test_a_serial_stream_needs_no_workers():
    """With concurrency=1 a stream is the serial walk: one request at a time."""
    async with FakeClock().running() as clock:
        sandbox = sandbox_of(50, clock=clock.now, sleep=clock.sleep)
        sandbox.faults.latency(0.01)  # each answer holds its request in flight a moment
        async with (
            sandbox.client(rate_limit=None) as client,
            client.members.list(per_page=10).stream() as members,
        ):
            ids = [m.id async for m in members]
    assert ids == sandbox.member_ids
    assert sandbox.max_in_flight == 1
    assert len(asked(sandbox)) == 5
