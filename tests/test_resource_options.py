"""Shared options: ``list`` and ``*_many`` take ``**options: Unpack[...]``, spelled out."""

from __future__ import annotations

import inspect

import httpx
import pytest

from mighty_async import AsyncMightyClient, resources
from mighty_async._bulk import BULK_DEFAULTS
from mighty_async.resources._base import PAGE_DEFAULTS, Resource

pytestmark = pytest.mark.anyio

METHODS = [
    method
    for cls in (getattr(resources, name) for name in resources.__all__)
    if isinstance(cls, type) and issubclass(cls, Resource)
    for name, method in vars(cls).items()
    if callable(method) and (name == "list" or name.endswith("_many"))
]
LISTS = [method for method in METHODS if method.__name__ == "list"]
BULKS = [method for method in METHODS if method.__name__.endswith("_many")]


def test_every_list_and_bulk_method_declares_the_shared_options():
    """Each list and *_many method takes **options instead of spelling the keywords again."""
    assert len(LISTS) >= 25
    assert len(BULKS) == 7
    for method in METHODS:
        code = method.__code__
        assert code.co_flags & inspect.CO_VARKEYWORDS, method.__qualname__
        assert not {"per_page", "concurrency"} & set(code.co_varnames), method.__qualname__


@pytest.mark.parametrize("method", LISTS, ids=lambda m: m.__qualname__)
def test_list_signature_spells_out_the_page_options_with_their_defaults(method):
    """inspect.signature shows per_page, max_items, max_pages, concurrency as keyword-only."""
    parameters = inspect.signature(method).parameters
    tail = list(parameters.values())[-len(PAGE_DEFAULTS) :]
    assert [p.name for p in tail] == ["per_page", "max_items", "max_pages", "concurrency"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in tail)
    assert [p.default for p in tail] == [100, None, None, 1]


@pytest.mark.parametrize("method", BULKS, ids=lambda m: m.__qualname__)
def test_bulk_signature_spells_out_concurrency_and_progress(method):
    """inspect.signature shows concurrency=16 and progress=None as keyword-only."""
    parameters = inspect.signature(method).parameters
    tail = list(parameters.values())[-len(BULK_DEFAULTS) :]
    assert [(p.name, p.default, p.kind) for p in tail] == [
        ("concurrency", 16, inspect.Parameter.KEYWORD_ONLY),
        ("progress", None, inspect.Parameter.KEYWORD_ONLY),
    ]


async def test_bulk_options_reach_the_call():
    """The concurrency and progress given to a *_many method become the BulkCall's."""
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"id": 1}))
    seen: list[tuple[int, int]] = []
    async with AsyncMightyClient("t0ken", network_id=1, transport=transport) as client:
        call = client.members.get_many([1, 2, 3], concurrency=2, progress=lambda *p: seen.append(p))
        assert call.concurrency == 2
        await call
    assert seen[-1] == (3, 3)


async def test_an_unknown_keyword_is_a_type_error_not_a_request_option():
    """A keyword no page option names (say params= or method=) is refused before any request."""
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: seen.append(request) or httpx.Response(500))
    async with AsyncMightyClient("t0ken", network_id=1, transport=transport) as client:
        for bogus in ("params", "method", "perpage"):
            with pytest.raises(TypeError, match=bogus):
                client.tags.list(**{bogus: 1})
    assert seen == []


async def test_page_options_reach_the_request():
    """per_page and max_pages given to list travel to the paginator's requests."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        page = int(request.url.params["page"])
        items = [{"id": page * 10 + n, "title": "t"} for n in range(7)]
        return httpx.Response(200, json={"items": items, "links": {"next": "more"}})

    transport = httpx.MockTransport(answer)
    async with AsyncMightyClient("t0ken", network_id=1, transport=transport) as client:
        tags = await client.tags.list(per_page=7, max_pages=2).collect()
    assert len(tags) == 14
    assert [r.url.params["per_page"] for r in seen] == ["7", "7"]
