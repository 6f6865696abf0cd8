"""AsyncPaginator: walking pages by number, stopping right, and leaving nothing open."""

from __future__ import annotations

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ConfigurationError,
    Member,
    Page,
    ResponseValidationError,
)

from .support.fake_api import FakeList

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("total", "per_page", "requests"),
    [(0, 10, 1), (5, 10, 1), (10, 10, 1), (25, 10, 3), (30, 10, 3)],
)
async def test_walk_yields_every_item_once_in_order(total, per_page, requests):
    """Every item is yielded once, in order, with the fewest requests the rules allow."""
    fake = FakeList(total)
    async with fake.client() as client:
        ids = [m.id async for m in client.members.list(per_page=per_page)]
    assert ids == list(range(1, total + 1))
    assert len(fake.asked) == requests
    assert [p for p, _ in fake.asked] == list(range(1, requests + 1))


async def test_default_per_page_is_100():
    """Without per_page the paginator asks for the API's maximum, 100."""
    fake = FakeList(3)
    async with fake.client() as client:
        await client.members.list().collect()
    assert fake.asked == [(1, 100)]


async def test_empty_page_with_next_link_ends_the_walk():
    """A final empty page whose links.next is still set does not loop forever."""
    fake = FakeList(20, next_on_last=True)
    async with fake.client() as client:
        members = await client.members.list(per_page=10).collect()
    assert len(members) == 20
    assert [p for p, _ in fake.asked] == [1, 2, 3]


async def test_meta_envelope_stops_on_total_pages():
    """The {data, meta} variant stops when current_page reaches total_pages."""
    fake = FakeList(20, envelope="meta")
    async with fake.client() as client:
        members = await client.members.list(per_page=10).collect()
    assert [m.id for m in members] == list(range(1, 21))
    assert len(fake.asked) == 2


@pytest.mark.parametrize(
    ("max_items", "expected", "requests"),
    [(0, 0, 0), (7, 7, 1), (10, 10, 1), (15, 15, 2), (99, 30, 3)],
)
async def test_max_items_caps_the_walk(max_items, expected, requests):
    """max_items stops the walk and asks for no page beyond the one that reaches it."""
    fake = FakeList(30)
    async with fake.client() as client:
        members = await client.members.list(per_page=10, max_items=max_items).collect()
    assert len(members) == expected
    assert len(fake.asked) == requests


async def test_pages_yields_page_objects():
    """pages() yields numbered Page objects, the last one flagged."""
    fake = FakeList(15)
    async with fake.client() as client:
        pages = [page async for page in client.members.list(per_page=10).pages()]
    assert [p.number for p in pages] == [1, 2]
    assert [len(p.items) for p in pages] == [10, 5]
    assert [p.is_last for p in pages] == [False, True]
    assert all(isinstance(p, Page) and isinstance(p.items[0], Member) for p in pages)


async def test_breaking_early_requests_nothing_more():
    """Leaving the loop early stops the walk: no further page is requested."""
    fake = FakeList(50)
    async with fake.client() as client:
        async for member in client.members.list(per_page=10):
            if member.id == 3:
                break
    assert fake.asked == [(1, 10)]


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

    fake = FakeList(50)

    def handler(request: httpx.Request) -> httpx.Response:
        answer = fake.handler(request)
        return httpx.Response(200, stream=Tracking(answer.content), headers=answer.headers)

    async with AsyncMightyClient("t", network_id=1, transport=httpx.MockTransport(handler)) as c:
        async for _ in c.members.list(per_page=10):
            break
        assert closed == [True]


async def test_paginator_can_be_walked_twice():
    """A paginator is a description of a walk; iterating again starts from page 1."""
    fake = FakeList(5)
    async with fake.client() as client:
        paginator = client.members.list(per_page=10)
        first = await paginator.collect()
        second = await paginator.collect()
    assert first == second
    assert fake.asked == [(1, 10), (1, 10)]


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
    fake = FakeList(15)
    async with fake.client() as client:
        pages = [page async for page in client.members.list(per_page=10).pages()]
    assert [p.response.request.url.params["page"] for p in pages] == ["1", "2"]
    assert all(p.response.status_code == 200 for p in pages)
    assert pages[0].response.headers["content-type"] == "application/json"
    assert pages[0].response.elapsed.total_seconds() >= 0
    assert [p.attempts for p in pages] == [1, 1]


async def test_a_page_counts_the_attempts_its_request_took():
    """page.attempts counts the retries of that page's request (the transport's extension)."""
    from mighty_async.testing import Sandbox  # noqa: PLC0415

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
