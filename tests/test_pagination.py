"""AsyncPaginator: walking pages by number, stopping right, and leaving nothing open."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ConfigurationError,
    Member,
    Page,
    ResponseValidationError,
)
from mighty_async.testing import Sandbox

pytestmark = pytest.mark.anyio


def sandbox_of(members: int, **options: Any) -> Sandbox:
    """A sandbox holding ``members`` members and nothing else."""
    return Sandbox(seed=1, members=members, spaces=0, posts=0, events=0, **options)


def asked(sandbox: Sandbox, route: str = "/members") -> list[tuple[int, int]]:
    """The (page, per_page) of every list request the sandbox received, in order."""
    return [
        (int(r.query["page"]), int(r.query["per_page"]))
        for r in sandbox.requests
        if r.route == route
    ]


@pytest.mark.parametrize(
    ("total", "per_page", "requests"),
    [(1, 10, 1), (5, 10, 1), (10, 10, 1), (25, 10, 3), (30, 10, 3)],
)
async def test_walk_yields_every_item_once_in_order(total, per_page, requests):
    """Every item is yielded once, in order, with the fewest requests the rules allow."""
    sandbox = sandbox_of(total)
    async with sandbox.client(rate_limit=None) as client:
        ids = [m.id async for m in client.members.list(per_page=per_page)]
    assert ids == sandbox.member_ids
    assert len(ids) == total
    assert [p for p, _ in asked(sandbox)] == list(range(1, requests + 1))


async def test_an_empty_list_takes_one_request():
    """A list with nothing in it yields nothing after a single request."""
    sandbox = sandbox_of(1)  # a network always has its owner: spaces can be none
    async with sandbox.client(rate_limit=None) as client:
        spaces = await client.spaces.list(per_page=10).collect()
    assert spaces == []
    assert asked(sandbox, "/spaces") == [(1, 10)]


async def test_default_per_page_is_100():
    """Without per_page the paginator asks for the API's maximum, 100."""
    sandbox = sandbox_of(3)
    async with sandbox.client(rate_limit=None) as client:
        await client.members.list().collect()
    assert asked(sandbox) == [(1, 100)]


async def test_empty_page_with_next_link_ends_the_walk():
    """A final empty page whose links.next is still set does not loop forever."""
    sandbox = sandbox_of(20)
    sandbox.faults.next_on_last_page(route="/members")
    async with sandbox.client(rate_limit=None) as client:
        members = await client.members.list(per_page=10).collect()
    assert len(members) == 20
    assert [p for p, _ in asked(sandbox)] == [1, 2, 3]


async def test_meta_envelope_stops_on_total_pages():
    """The {data, meta} variant stops when current_page reaches total_pages.

    REFERENCE.md knows this envelope only from a third-party SDK, so the sandbox does not
    serve it: a MockTransport answers 20 records in pages of ``per_page``.
    """
    pages: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        page, per_page = int(request.url.params["page"]), int(request.url.params["per_page"])
        pages.append(page)
        ids = range(1, 21)[(page - 1) * per_page : page * per_page]
        data = [{"id": i, "email": f"m{i}@example.com"} for i in ids]
        meta = {"current_page": page, "total_pages": -(-20 // per_page)}
        return httpx.Response(200, json={"data": data, "meta": meta})

    transport = httpx.MockTransport(handler)
    async with AsyncMightyClient("t", network_id=1, transport=transport, rate_limit=None) as c:
        members = await c.members.list(per_page=10).collect()
    assert [m.id for m in members] == list(range(1, 21))
    assert pages == [1, 2]


@pytest.mark.parametrize(
    ("max_items", "expected", "requests"),
    [(0, 0, 0), (7, 7, 1), (10, 10, 1), (15, 15, 2), (99, 30, 3)],
)
async def test_max_items_caps_the_walk(max_items, expected, requests):
    """max_items stops the walk and asks for no page beyond the one that reaches it."""
    sandbox = sandbox_of(30)
    async with sandbox.client(rate_limit=None) as client:
        members = await client.members.list(per_page=10, max_items=max_items).collect()
    assert [m.id for m in members] == sandbox.member_ids[:expected]
    assert len(asked(sandbox)) == requests


async def test_pages_yields_page_objects():
    """pages() yields numbered Page objects, the last one flagged."""
    sandbox = sandbox_of(15)
    async with sandbox.client(rate_limit=None) as client:
        pages = [page async for page in client.members.list(per_page=10).pages()]
    assert [p.number for p in pages] == [1, 2]
    assert [len(p.items) for p in pages] == [10, 5]
    assert [p.is_last for p in pages] == [False, True]
    assert all(isinstance(p, Page) and isinstance(p.items[0], Member) for p in pages)


async def test_breaking_early_requests_nothing_more():
    """Leaving the loop early stops the walk: no further page is requested."""
    sandbox = sandbox_of(50)
    async with sandbox.client(rate_limit=None) as client:
        async for member in client.members.list(per_page=10):
            if member.id == sandbox.member_ids[2]:
                break
    assert asked(sandbox) == [(1, 10)]


async def test_breaking_early_leaves_no_open_response():
    """Abandoning a walk leaves no response open: each page body is read before it is yielded."""
    closed: list[bool] = []

    class Tracking(httpx.AsyncByteStream):
        def __init__(self, data: bytes) -> None:
            self.data = data

        async def __aiter__(self):
            yield self.data

        async def aclose(self) -> None:
            closed.append(True)

    sandbox = sandbox_of(50)
    inner = sandbox.transport()

    async def handler(request: httpx.Request) -> httpx.Response:
        answer = await inner.handle_async_request(request)
        return httpx.Response(200, stream=Tracking(answer.content), headers=answer.headers)

    async with sandbox.client(transport=httpx.MockTransport(handler)) as c:
        async for _ in c.members.list(per_page=10):
            break
        assert closed == [True]


async def test_paginator_can_be_walked_twice():
    """A paginator is a description of a walk; iterating again starts from page 1."""
    sandbox = sandbox_of(5)
    async with sandbox.client(rate_limit=None) as client:
        paginator = client.members.list(per_page=10)
        first = await paginator.collect()
        second = await paginator.collect()
    assert first == second
    assert len(first) == 5
    assert asked(sandbox) == [(1, 10), (1, 10)]


@pytest.mark.parametrize("per_page", [0, 101, -1, True, 2.5])
def test_per_page_out_of_range_is_refused(per_page):
    """per_page outside 1..100 is refused before any request."""
    client = AsyncMightyClient("t", network_id=1)
    with pytest.raises(ConfigurationError, match="per_page"):
        client.members.list(per_page=per_page)


def test_negative_max_items_is_refused():
    """A negative max_items is refused before any request."""
    client = AsyncMightyClient("t", network_id=1)
    with pytest.raises(ConfigurationError, match="max_items"):
        client.members.list(max_items=-1)


@pytest.mark.parametrize("body", [[], {"items": None}, {"nothing": 1}, "text"])
async def test_body_that_is_not_a_page_is_a_validation_error(body):
    """A list answer that is not a page envelope raises ResponseValidationError."""
    transport = httpx.MockTransport(lambda r: httpx.Response(200, json=body))
    async with AsyncMightyClient("t", network_id=1, transport=transport) as client:
        with pytest.raises(ResponseValidationError, match="Page"):
            await client.members.list().collect()


async def test_bad_item_names_its_index():
    """A malformed record in a page is reported with its position in the page."""
    transport = httpx.MockTransport(
        lambda r: httpx.Response(200, json={"items": [{"id": 1}, {"id": "x"}], "links": {}})
    )
    async with AsyncMightyClient("t", network_id=1, transport=transport) as client:
        with pytest.raises(ResponseValidationError) as info:
            await client.members.list().collect()
    assert any("[1].id" in line for line in info.value.errors)


async def test_a_page_carries_the_response_that_brought_it():
    """page.response is the answer to that page's request: status, headers, elapsed, request."""
    sandbox = sandbox_of(15)
    async with sandbox.client(rate_limit=None) as client:
        pages = [page async for page in client.members.list(per_page=10).pages()]
    assert [p.response.request.url.params["page"] for p in pages] == ["1", "2"]
    assert all(p.response.status_code == 200 for p in pages)
    assert pages[0].response.headers["content-type"] == "application/json; charset=utf-8"
    assert pages[0].response.elapsed.total_seconds() >= 0
    assert [p.attempts for p in pages] == [1, 1]


async def test_a_page_counts_the_attempts_its_request_took():
    """page.attempts counts the retries of that page's request (the transport's extension)."""
    sandbox = Sandbox(seed=1, members=30, spaces=0, posts=0, events=0)
    async with sandbox.client(rate_limit=None) as client:
        paginator = client.members.list(per_page=10)
        sandbox.faults.fail_next(2, status=503, route="/members")
        pages = [page async for page in paginator.pages()]
    assert [p.attempts for p in pages] == [3, 1, 1]


def test_a_page_built_by_hand_has_no_response():
    """A Page made in a test has no response, counts one attempt, and compares by content."""
    page = Page(items=(1, 2), number=1)
    assert page.response is None
    assert page.attempts == 1
    assert page == Page(items=(1, 2), number=1, response=httpx.Response(200))
