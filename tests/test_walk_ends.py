"""Walks always finish: pages that bring nothing new end them with `PaginationError`.

The server here is the sandbox with its ``ignore_page_next`` fault (a server that answers
page 1 whatever ``page`` says, ``links.next`` set) or its ``repeat_page`` quirk (a server
repeating some pages), and MockTransport lists for the shapes the
sandbox does not serve (records without an id, a ``next`` that never ends). Faults are queued
for a finite number of requests, so a walk that would loop forever instead runs into the
sandbox's ordinary pages and fails its assertions rather than hanging the suite.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    AsyncPaginator,
    ConfigurationError,
    DuplicateItemsWarning,
    MightyError,
    PaginationError,
)
from mighty_async._pagination import DEDUPE_WINDOW_PAGES, MAX_STALE_PAGES
from mighty_async.models._hooks import HOOKED_MODELS
from mighty_async.testing import Sandbox

if TYPE_CHECKING:
    from collections.abc import Mapping

pytestmark = pytest.mark.anyio

CONCURRENCY = [1, 4]


def sandbox_ignoring_page(members: int = 30) -> Sandbox:
    """A sandbox whose next 200 member lists answer page 1, whatever page was asked."""
    sandbox = Sandbox(seed=1, members=members, spaces=0, posts=0, events=0)
    sandbox.faults.ignore_page_next(200, route="/members")
    return sandbox


async def drain(paginator: AsyncPaginator[Any], into: list[Any]) -> None:
    """Walk into a list, so that what came before an error stays to be looked at."""
    async for item in paginator:
        into.append(item)  # noqa: PERF401 - the list must hold the items before an error


def sandbox_repeating_page_1(pages: range, members: int = 60) -> Sandbox:
    """A sandbox whose member list answers page 1 for each page in ``pages``."""
    sandbox = Sandbox(seed=1, members=members, spaces=0, posts=0, events=0)
    for page in pages:
        sandbox.faults.repeat_page(page, as_page=1, route="/members")
    return sandbox


def list_requests(sandbox: Sandbox) -> int:
    return sum(1 for r in sandbox.requests if r.route == "/members")


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_a_server_ignoring_page_ends_the_walk_with_pagination_error(concurrency):
    """A full page served again and again ends the walk with PaginationError, page 1 yielded."""
    sandbox = sandbox_ignoring_page()
    seen: list[Any] = []
    async with sandbox.client(rate_limit=None) as client:
        with pytest.raises(PaginationError) as info:
            await drain(client.members.list(per_page=10, concurrency=concurrency), seen)
    assert [m.id for m in seen] == sandbox.member_ids[:10]
    assert info.value.page == 1 + MAX_STALE_PAGES + 1
    assert info.value.stale_pages == MAX_STALE_PAGES + 1
    assert isinstance(info.value, MightyError)


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_a_walk_over_a_server_ignoring_page_sends_a_bounded_number_of_requests(
    concurrency,
):
    """The requests of a walk the server never lets end are bounded by the stale-page limit."""
    sandbox = sandbox_ignoring_page()
    async with sandbox.client(rate_limit=None) as client:
        with pytest.raises(PaginationError):
            await client.members.list(per_page=10, concurrency=concurrency).collect()
    needed = 1 + MAX_STALE_PAGES + 1
    assert needed <= list_requests(sandbox) <= needed + 4 * concurrency


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_max_items_over_a_server_ignoring_page_returns(concurrency):
    """max_items=10 over pages of 5 that never change ends (the observed hang) with the error."""
    sandbox = sandbox_ignoring_page()
    async with sandbox.client(rate_limit=None) as client:
        paginator = client.members.list(per_page=5, max_items=10, concurrency=concurrency)
        with pytest.raises(PaginationError, match="no new item"):
            await paginator.collect()
    assert list_requests(sandbox) <= 1 + MAX_STALE_PAGES + 1 + concurrency


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_max_items_met_by_the_first_page_needs_no_second(concurrency):
    """When page 1 holds max_items the walk ends after it, even on a server ignoring page."""
    sandbox = sandbox_ignoring_page()
    async with sandbox.client(rate_limit=None) as client:
        paginator = client.members.list(per_page=10, max_items=10, concurrency=concurrency)
        members = await paginator.collect()
    assert [m.id for m in members] == sandbox.member_ids[:10]
    assert list_requests(sandbox) == 1


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_a_short_run_of_repeated_pages_is_tolerated(concurrency):
    """Up to MAX_STALE_PAGES pages in a row with nothing new do not end the walk."""
    sandbox = sandbox_repeating_page_1(range(2, 2 + MAX_STALE_PAGES))
    async with sandbox.client(rate_limit=None) as client:
        with pytest.warns(DuplicateItemsWarning, match=f"{10 * MAX_STALE_PAGES} item"):
            ids = [m.id async for m in client.members.list(per_page=10, concurrency=concurrency)]
    member_ids = sandbox.member_ids
    after = 10 * (1 + MAX_STALE_PAGES)  # the repeated pages' own records are never served
    assert ids == member_ids[:10] + member_ids[after:]
    assert len(ids) == 60 - 10 * MAX_STALE_PAGES


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_one_more_repeated_page_ends_the_walk(concurrency):
    """MAX_STALE_PAGES + 1 pages in a row with nothing new raise PaginationError."""
    sandbox = sandbox_repeating_page_1(range(2, 3 + MAX_STALE_PAGES))
    async with sandbox.client(rate_limit=None) as client:
        with pytest.raises(PaginationError) as info:
            await client.members.list(per_page=10, concurrency=concurrency).collect()
    assert info.value.page == 2 + MAX_STALE_PAGES


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_the_error_says_what_happened_and_how_to_bound_a_walk(concurrency):
    """The message names the pages that brought nothing, the items yielded, and max_pages."""
    sandbox = sandbox_ignoring_page()
    async with sandbox.client(rate_limit=None) as client:
        with pytest.raises(PaginationError) as info:
            await client.members.list(per_page=10, concurrency=concurrency).collect()
    message = str(info.value)
    assert "pages 2-4 brought no new item" in message
    assert "after 10 item(s)" in message
    assert "max_pages" in message
    assert info.value.yielded == 10


def endless(items: int = 3, *, ids: bool = True, fresh: bool = False) -> httpx.MockTransport:
    """A list whose every page is full and links to a next one; ``fresh`` makes each new."""

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        base = page * items if fresh else 0
        rows = [
            {"id": base + i, "email": f"m{base + i}@x.io"} if ids else {"email": f"m{base + i}@x"}
            for i in range(items)
        ]
        return httpx.Response(200, json={"items": rows, "links": {"next": "more"}})

    return httpx.MockTransport(handler)


def raw_paginator(transport: httpx.MockTransport, **options: Any) -> AsyncPaginator[Any]:
    """A paginator whose items stay raw JSON: records need no id, unlike the SDK's models."""

    async def fetch(params: Mapping[str, Any]) -> tuple[Any, httpx.Response]:
        request = httpx.Request("GET", "https://api.mn.co/list", params=dict(params))
        response = await transport.handle_async_request(request)
        await response.aread()
        return response.json(), response

    return AsyncPaginator(fetch, lambda items, _: tuple(items), **options)


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_records_without_an_id_are_compared_by_content(concurrency):
    """Id-less records repeated page after page end the walk too: content is their identity."""
    paginator = raw_paginator(endless(3, ids=False), per_page=3, concurrency=concurrency)
    with pytest.raises(PaginationError):
        await paginator.collect()


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_records_without_an_id_walk_like_any_other(concurrency):
    """Distinct id-less records are all yielded, in order."""
    paginator = raw_paginator(
        endless(3, ids=False, fresh=True), per_page=3, max_pages=4, concurrency=concurrency
    )
    records = await paginator.collect()
    assert records == [{"email": f"m{n}@x"} for n in range(3, 15)]


@pytest.mark.parametrize("concurrency", [*CONCURRENCY, 8])
async def test_max_pages_bounds_a_next_that_never_ends(concurrency):
    """max_pages ends a walk whose pages keep bringing new records, with no request past it."""
    asked: list[int] = []
    inner = endless(5, fresh=True)

    async def handler(request: httpx.Request) -> httpx.Response:
        asked.append(int(request.url.params["page"]))
        return await inner.handle_async_request(request)

    transport = httpx.MockTransport(handler)
    async with AsyncMightyClient("t", network_id=1, transport=transport, rate_limit=None) as c:
        paginator = c.members.list(per_page=5, max_pages=3, concurrency=concurrency)
        pages = [page async for page in paginator.pages()]
    assert [p.number for p in pages] == [1, 2, 3]
    assert pages[-1].is_last
    assert sorted(asked) == [1, 2, 3]


@pytest.mark.parametrize("max_pages", [0, -1, True, 1.5])
def test_bad_max_pages_is_refused(max_pages):
    """A max_pages that is not a positive integer is refused before any request."""
    with pytest.raises(ConfigurationError, match="max_pages"):
        Sandbox(members=1).client().members.list(max_pages=max_pages)


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_the_duplicate_memory_forgets_pages_beyond_its_window(concurrency):
    """A record seen more than DEDUPE_WINDOW_PAGES pages ago is yielded again: memory is bounded."""
    gap = DEDUPE_WINDOW_PAGES + 1

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        row = {"id": 1 if page in {1, 1 + gap} else page, "email": "m@x.io"}
        nxt = "more" if page < 1 + gap else None
        return httpx.Response(200, json={"items": [row], "links": {"next": nxt}})

    transport = httpx.MockTransport(handler)
    async with AsyncMightyClient("t", network_id=1, transport=transport, rate_limit=None) as c:
        ids = [m.id async for m in c.members.list(per_page=1, concurrency=concurrency)]
    assert ids == [1, *range(2, 1 + gap), 1]


@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_a_record_repeated_within_the_window_is_yielded_once(concurrency):
    """A record seen DEDUPE_WINDOW_PAGES pages earlier is still recognised, and warned about."""
    gap = DEDUPE_WINDOW_PAGES

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        row = {"id": 1 if page in {1, 1 + gap} else page, "email": "m@x.io"}
        rows = [row, {"id": 100 + page, "email": "n@x.io"}]
        nxt = "more" if page < 1 + gap else None
        return httpx.Response(200, json={"items": rows, "links": {"next": nxt}})

    transport = httpx.MockTransport(handler)
    async with AsyncMightyClient("t", network_id=1, transport=transport, rate_limit=None) as c:
        with pytest.warns(DuplicateItemsWarning, match="1 item"):
            ids = [m.id async for m in c.members.list(per_page=2, concurrency=concurrency)]
    assert ids.count(1) == 1
    assert len(ids) == 2 * (1 + gap) - 1


async def test_a_long_walk_remembers_only_its_window():
    """Walking 300 pages keeps at most DEDUPE_WINDOW_PAGES pages of keys in memory."""
    sandbox = Sandbox(seed=1, members=300, spaces=0, posts=0, events=0)
    async with sandbox.client(rate_limit=None) as client:
        walk = client.members.list(per_page=1).pages()
        largest = 0
        async for _ in walk:
            largest = max(largest, walk.remembered)
    assert largest == DEDUPE_WINDOW_PAGES


def test_pagination_error_pickles_round_trip():
    """PaginationError survives pickling (task queues, multiprocessing) with its numbers."""
    import pickle  # noqa: PLC0415

    err = PaginationError(page=7, stale_pages=3, yielded=120)
    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own object
    assert (again.page, again.stale_pages, again.yielded) == (7, 3, 120)
    assert (
        str(again)
        == str(err)
        == (
            "pages 5-7 brought no new item: the server seems to ignore `page` or to repeat pages, "
            "so the walk stopped after 120 item(s) rather than loop for ever (max_pages bounds a "
            "walk too)"
        )
    )


def test_pagination_error_names_a_single_page():
    """A run of one stale page is named as one page, not a range."""
    assert str(PaginationError(page=2, stale_pages=1, yielded=0)).startswith("page 2 brought")


def test_the_paginator_repr_shows_its_bounds():
    """The repr names per_page, max_items, max_pages and concurrency, and nothing secret."""
    paginator = Sandbox(members=1).client().members.list(per_page=10, max_pages=3, concurrency=2)
    assert repr(paginator) == (
        "<AsyncPaginator per_page=10 max_items=None max_pages=3 concurrency=2>"
    )


@pytest.mark.parametrize("speedups", [True, False])
@pytest.mark.parametrize("concurrency", CONCURRENCY)
async def test_a_record_changed_between_pages_is_yielded_once_on_either_decode_path(
    speedups, concurrency, monkeypatch
):
    """A member met again with new content is recognised by its id, fast path or not."""
    import mighty_async._fastpath as fastpath  # noqa: PLC0415

    pages = {
        1: [{"id": 1, "email": "a@x.io"}, {"id": 2, "email": "b@x.io"}],
        2: [{"id": 2, "email": "b2@x.io"}, {"id": 3, "email": "c@x.io"}],
        3: [],
    }

    def handler(request: httpx.Request) -> httpx.Response:
        rows = pages[int(request.url.params["page"])]
        return httpx.Response(200, json={"items": rows, "links": {"next": "more"}})

    if speedups and importlib.util.find_spec("msgspec") is None:
        pytest.skip("the fast path needs msgspec, which this environment does not have")
    fast = fastpath.FastDecoder(HOOKED_MODELS) if speedups else None
    monkeypatch.setattr(fastpath, "_LOADED", [fast])
    transport = httpx.MockTransport(handler)
    async with AsyncMightyClient("t", network_id=1, transport=transport, rate_limit=None) as c:
        with pytest.warns(DuplicateItemsWarning, match="1 item"):
            found = await c.members.list(per_page=2, concurrency=concurrency).collect()
    assert [(m.id, m.email) for m in found] == [(1, "a@x.io"), (2, "b@x.io"), (3, "c@x.io")]
    assert fast is None or fast.decoded == 3
