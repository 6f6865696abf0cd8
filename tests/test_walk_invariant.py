"""The walk invariant, property-tested: every way of walking yields what the serial walk yields.

Hypothesis draws a server (a list of records, and for each page number a behaviour: served as
asked, shifted by inserts, a repeat of the page before, page 1 whatever was asked, empty,
short, failing; a ``next`` link that may never end; records with or without ids) and walk
options (``max_items``, ``max_pages``, ``concurrency``). The serial walk, the concurrent
``async for`` (in batches), `AsyncPaginator.stream` and `AsyncPaginator.collect` must then
yield the same items, warn the same, and raise the same error after them. Pages answer after
a few scheduler checkpoints (drawn per page, so they arrive out of order); no clock is
involved.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

import anyio
import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mighty_async import AsyncMightyClient, AsyncPaginator, MightyError
from mighty_async._pagination import STREAM_PAGES_AHEAD_PER_WORKER, WAVE_PAGES_PER_WORKER

if TYPE_CHECKING:
    from collections.abc import Mapping

pytestmark = pytest.mark.anyio

RUNAWAY = 400
"""Requests after which the server refuses to go on: a walk that never ends fails instead."""

MODES = ("asked", "shifted", "repeat", "ignore_page", "empty", "short", "error")


@attrs.frozen
class Server:
    """A list endpoint whose answer to each page number is fixed in advance."""

    records: int
    modes: tuple[str, ...]
    tail: str
    shift: int
    next_forever: bool
    ids: bool
    delays: tuple[int, ...]

    def mode(self, page: int) -> str:
        return self.modes[page - 1] if page <= len(self.modes) else self.tail

    def record(self, n: int) -> dict[str, Any]:
        if self.ids:
            return {"id": n, "email": f"m{n}@example.com"}
        return {"email": f"m{n}@example.com", "first_name": f"F{n}"}

    def rows(self, page: int, per_page: int) -> list[int]:
        mode = self.mode(page)
        listed = list(range(1, self.records + 1))
        if mode == "shifted":  # `shift` records inserted at the top before this page was read
            listed = list(range(-self.shift, 0)) + listed
        number = {"repeat": max(page - 1, 1), "ignore_page": 1}.get(mode, page)
        rows = listed[(number - 1) * per_page : number * per_page]
        if mode == "empty":
            return []
        if mode == "short":
            return rows[:-1]
        return rows

    def answer(self, page: int, per_page: int) -> httpx.Response:
        if self.mode(page) == "error":
            return httpx.Response(500, json={"error": "server_error", "message": f"page {page}"})
        more = self.next_forever or page * per_page < self.records
        body = {
            "items": [self.record(n) for n in self.rows(page, per_page)],
            "links": {"self": "s", "next": "more" if more else None},
        }
        return httpx.Response(200, json=body)


@st.composite
def servers(draw: st.DrawFn) -> Server:
    pages = draw(st.integers(0, 8))
    return Server(
        records=draw(st.integers(0, 40)),
        modes=tuple(draw(st.lists(st.sampled_from(MODES), min_size=pages, max_size=pages))),
        tail=draw(st.sampled_from(["asked", "asked", "ignore_page", "repeat", "shifted"])),
        shift=draw(st.integers(1, 6)),
        next_forever=draw(st.booleans()),
        ids=draw(st.booleans()),
        delays=tuple(draw(st.lists(st.integers(0, 4), min_size=1, max_size=12))),
    )


@attrs.frozen
class Options:
    """How a walk is asked for."""

    per_page: int
    max_items: int | None
    max_pages: int | None
    concurrency: int


options = st.builds(
    Options,
    per_page=st.integers(1, 6),
    max_items=st.none() | st.integers(0, 30),
    max_pages=st.none() | st.integers(1, 12),
    concurrency=st.integers(2, 6),
)


class Endpoint:
    """Serves a `Server` over MockTransport and counts the requests."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.requests = 0

    async def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.requests > RUNAWAY:
            raise AssertionError("runaway walk")
        page = int(request.url.params["page"])
        for _ in range(self.server.delays[page % len(self.server.delays)]):
            await anyio.lowlevel.checkpoint()
        return self.server.answer(page, int(request.url.params["per_page"]))


@attrs.frozen
class Outcome:
    """What a walk yielded, the error it ended with, and what it warned."""

    items: tuple[Any, ...]
    error: tuple[str, str] | None
    warned: tuple[str, ...]


async def walk(server: Server, opts: Options, *, how: str, concurrency: int) -> tuple[Outcome, int]:
    """Walk the server one way; what it yielded, raised and warned, and the requests it cost."""
    endpoint = Endpoint(server)
    transport = httpx.MockTransport(endpoint.handler)
    async with AsyncMightyClient("t", network_id=1, transport=transport, rate_limit=None) as c:
        paginator = _paginator(c, transport, server, opts, concurrency)
        items: list[Any] = []
        error = None
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                if how == "stream":
                    async with paginator.stream() as stream:
                        async for item in stream:
                            items.append(item)  # noqa: PERF401 - kept up to an error
                elif how == "collect":
                    items.extend(await paginator.collect())
                else:
                    async for item in paginator:
                        items.append(item)  # noqa: PERF401 - kept up to an error
            except MightyError as exc:
                error = (type(exc).__name__, str(exc))
    warned = tuple(str(w.message) for w in caught)
    return Outcome(tuple(items), error, warned), endpoint.requests


def _paginator(
    client: AsyncMightyClient,
    transport: httpx.MockTransport,
    server: Server,
    opts: Options,
    concurrency: int,
) -> AsyncPaginator[Any]:
    bounds = {"max_items": opts.max_items, "max_pages": opts.max_pages}
    if server.ids:  # the SDK's own path: members.list, records structured into Member
        return client.members.list(per_page=opts.per_page, concurrency=concurrency, **bounds)

    async def fetch(params: Mapping[str, Any]) -> tuple[Any, httpx.Response]:
        response = await transport.handle_async_request(
            httpx.Request("GET", "https://api.mn.co/list", params=dict(params))
        )
        if response.status_code >= 400:
            raise MightyError(f"status {response.status_code}")
        return response.json(), response

    return AsyncPaginator(
        fetch,
        lambda items, _: tuple(items),
        per_page=opts.per_page,
        concurrency=concurrency,
        **bounds,
    )


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(server=servers(), opts=options)
async def test_every_way_of_walking_yields_what_the_serial_walk_yields(server, opts):
    """Batches, streams and collect() yield, warn and raise as a serial walk, at a bounded cost."""
    serial, serial_requests = await walk(server, opts, how="iterate", concurrency=1)
    assert serial.error is None or "runaway" not in serial.error[1]
    for how, ahead in (
        ("iterate", opts.concurrency * WAVE_PAGES_PER_WORKER),
        ("stream", opts.concurrency * STREAM_PAGES_AHEAD_PER_WORKER),
        ("collect", opts.concurrency * STREAM_PAGES_AHEAD_PER_WORKER),
    ):
        outcome, requests = await walk(server, opts, how=how, concurrency=opts.concurrency)
        if how == "collect" and serial.error is not None:  # collect() raises, returning nothing
            assert outcome.items == ()
            outcome = attrs.evolve(outcome, items=serial.items)
        assert outcome == serial, how
        assert requests <= serial_requests + ahead, how
    streamed, _ = await walk(server, opts, how="stream", concurrency=1)
    assert streamed == serial
