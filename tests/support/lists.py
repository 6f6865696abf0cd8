"""Sandbox lists for the paginator's tests: how many records, what was asked, a failing page.

A network always has its owner, so an empty list is the sandbox's spaces (built with none);
any other length is its members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx

from mighty_async.testing import Sandbox

if TYPE_CHECKING:
    from mighty_async import AsyncMightyClient, AsyncPaginator


def sandbox_of(total: int, **options: Any) -> Sandbox:
    """A sandbox listing ``total`` records: members, or its (empty) spaces when total is 0."""
    return Sandbox(seed=1, members=max(total, 1), spaces=0, posts=0, events=0, **options)


def listing(client: AsyncMightyClient, total: int, **options: Any) -> AsyncPaginator[Any]:
    """The walk over the records of `sandbox_of` (``total`` as given to it)."""
    return client.members.list(**options) if total else client.spaces.list(**options)


def expected_ids(sandbox: Sandbox, total: int) -> list[int]:
    """The ids a walk of `listing` should yield, in order."""
    return sandbox.member_ids if total else []


def asked(sandbox: Sandbox, total: int = 1) -> list[int]:
    """The page numbers of the list requests the sandbox received, in arrival order."""
    route = "/members" if total else "/spaces"
    return [int(r.query["page"]) for r in sandbox.requests if r.route == route]


def failing_page(sandbox: Sandbox, page: int, status: int) -> httpx.MockTransport:
    """The sandbox's transport, except that every request for ``page`` answers ``status``."""
    inner = sandbox.transport()

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("page") == str(page):
            return httpx.Response(status, json={"error": "injected"})
        return await inner.handle_async_request(request)

    return httpx.MockTransport(handler)
