"""Walking list endpoints page by page: `AsyncPaginator` and `Page`."""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import anyio
import attrs

from ._sansio import PageBody, is_last_page, split_page_body
from .errors import ConfigurationError, DuplicateItemsWarning, ResponseValidationError

if TYPE_CHECKING:
    import httpx

__all__ = ["MAX_PER_PAGE", "AsyncPaginator", "Page"]

T = TypeVar("T")

MAX_PER_PAGE = 100
"""The largest ``per_page`` the API accepts."""

WAVE_PAGES_PER_WORKER = 4
"""A concurrent walk fetches ``concurrency * 4`` pages between two hand-outs of items.

More pages per wave hide the barrier at its end better; fewer keep fewer pages in memory.
Four keeps the barrier's cost to a few percent at 50 ms per request."""

FetchPage = Callable[[Mapping[str, Any]], Awaitable["tuple[Any, httpx.Response]"]]
StructureItems = Callable[[list[Any], "httpx.Response"], "tuple[T, ...]"]


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a list answer.

    Attributes:
        items: the structured records of this page.
        number: the page number asked for (the first page is 1).
        next_link: the API's ``links.next``, kept for information; the paginator asks for page
            numbers itself because the docs call the link format an implementation detail.
        is_last: whether this page ends the walk.
    """

    items: tuple[T, ...]
    number: int
    next_link: str | None = None
    is_last: bool = True


def check_per_page(per_page: int) -> int:
    """Refuse a ``per_page`` the API would not honour, before any request is made."""
    if isinstance(per_page, bool) or not isinstance(per_page, int):
        raise ConfigurationError(f"per_page must be an integer, got {per_page!r}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ConfigurationError(f"per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}")
    return per_page


class AsyncPaginator(Generic[T]):
    """A lazy walk over every item of a list endpoint.

    Nothing is requested until iteration starts. Use it three ways:

    ```python
    async for member in client.members.list():            # item by item
        ...
    async for page in client.members.list().pages():      # page by page
        ...
    members = await client.members.list(max_items=500).collect()
    ```

    The walk stops on an empty page, a short page, a missing or null ``links.next``, or
    ``meta.current_page >= meta.total_pages``, whichever comes first, and after ``max_items``.

    ``concurrency=N`` fetches up to N pages at once by number, still yielding items in page
    order. The end of the list is found by fetching past it, which costs at most N - 1
    requests whose pages are never yielded. Records seen on an earlier page (the list shifted
    during the walk) are yielded once, and counted in a `DuplicateItemsWarning`.
    Each page's body is read completely before it is yielded, so leaving a loop early leaves
    no response open. A paginator can be iterated more than once; each walk starts again.
    """

    def __init__(
        self,
        fetch: FetchPage,
        structure_items: StructureItems[T],
        *,
        params: Mapping[str, Any] | None = None,
        per_page: int = MAX_PER_PAGE,
        max_items: int | None = None,
        concurrency: int = 1,
    ) -> None:
        self._fetch = fetch
        self._structure_items = structure_items
        self._params = dict(params or {})
        self.per_page = check_per_page(per_page)
        if max_items is not None and (isinstance(max_items, bool) or max_items < 0):
            raise ConfigurationError(f"max_items must be a non-negative integer, got {max_items!r}")
        self.max_items = max_items
        if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
            raise ConfigurationError(f"concurrency must be a positive integer, got {concurrency!r}")
        self.concurrency = concurrency

    def __repr__(self) -> str:
        return (
            f"<AsyncPaginator per_page={self.per_page} max_items={self.max_items} "
            f"concurrency={self.concurrency}>"
        )

    async def fetch_page(self, number: int) -> Page[T]:
        """Fetch and structure one page by number (1-based)."""
        params = {**self._params, "page": number, "per_page": self.per_page}
        body, response = await self._fetch(params)
        raw = split_page_body(body)
        if raw is None:
            raise ResponseValidationError(
                model="Page",
                errors=["$: expected an object with an 'items' (or 'data') list"],
                response=response,
            )
        return self._page(raw, number, response)

    def _page(self, raw: PageBody, number: int, response: httpx.Response) -> Page[T]:
        return Page(
            items=self._structure_items(raw.items, response),
            number=number,
            next_link=raw.next_link,
            is_last=is_last_page(raw, per_page=self.per_page),
        )

    def pages(self) -> AsyncIterator[Page[T]]:
        """Yield whole pages in order; the last one is trimmed to ``max_items``."""
        return _PageWalk(self)

    def __aiter__(self) -> AsyncIterator[T]:
        return _ItemWalk(_PageWalk(self))

    async def collect(self) -> list[T]:
        """Walk every page and return all items in a list (mind ``max_items`` on big lists)."""
        return [item async for item in self]


class _PageWalk(AsyncIterator[Page[T]]):
    """One walk over the pages of a paginator.

    A plain iterator object rather than an async generator: a loop left early then leaves
    nothing to finalise, on asyncio and trio alike. With ``concurrency > 1`` pages are fetched
    in waves of ``concurrency * WAVE_PAGES_PER_WORKER`` page numbers by ``concurrency``
    workers; every task of a wave ends before a page is handed out, so no task outlives a
    ``yield`` and cancelling the consumer cancels the wave.
    """

    def __init__(self, paginator: AsyncPaginator[T]) -> None:
        self._paginator = paginator
        self._remaining = paginator.max_items
        self._number = 1
        self._done = False
        self._ready: deque[Page[T]] = deque()
        self._seen: set[object] | None = set() if paginator.concurrency > 1 else None
        self.duplicates = 0

    async def __anext__(self) -> Page[T]:
        while True:
            if not self._ready:
                if self._done or (self._remaining is not None and self._remaining <= 0):
                    self._finish()
                    raise StopAsyncIteration
                await self._fetch_wave()
                continue
            page = self._trim(self._ready.popleft())
            if page.is_last:
                self._done = True
                self._ready.clear()
            if page.items:
                return page

    def _trim(self, page: Page[T]) -> Page[T]:
        items = page.items
        if self._seen is not None:
            fresh = []
            for item in items:
                key = getattr(item, "id", None)
                if key is not None and key in self._seen:
                    self.duplicates += 1
                    continue
                if key is not None:
                    self._seen.add(key)
                fresh.append(item)
            items = tuple(fresh)
        if self._remaining is not None:
            if len(items) >= self._remaining:
                items = items[: self._remaining]
                page = attrs.evolve(page, is_last=True)
            self._remaining -= len(items)
        return page if items is page.items else attrs.evolve(page, items=items)

    def _wave_size(self) -> int:
        size = self._paginator.concurrency * WAVE_PAGES_PER_WORKER
        if self._remaining is not None:
            size = min(size, -(-self._remaining // self._paginator.per_page))
        return max(size, 1)

    async def _fetch_wave(self) -> None:
        size = self._wave_size()
        if self._paginator.concurrency == 1 or size == 1:
            self._ready.append(await self._paginator.fetch_page(self._number))
            self._number += 1
            return
        numbers = range(self._number, self._number + size)
        self._number = numbers[-1] + 1
        outcomes = await _Wave(self._paginator, numbers).run()
        for number in numbers:
            outcome = outcomes.get(number)
            if outcome is None:
                break
            if isinstance(outcome, Exception):
                raise outcome
            self._ready.append(outcome)
            if outcome.is_last:
                break

    def _finish(self) -> None:
        if self.duplicates:
            warnings.warn(
                DuplicateItemsWarning(
                    f"{self.duplicates} item(s) appeared on more than one page (the list changed "
                    "during the walk) and were yielded once"
                ),
                stacklevel=3,
            )
            self.duplicates = 0


class _Wave(Generic[T]):
    """Fetch a run of page numbers with ``concurrency`` workers taking numbers in order.

    Workers start the pages in increasing order, and a new page starts as soon as a worker is
    free, so decoding one page overlaps waiting for the others. A page that is the last, or
    that fails, stops the workers from taking later numbers and cancels the later pages in
    flight: at most ``concurrency - 1`` of them were started.
    """

    def __init__(self, paginator: AsyncPaginator[T], numbers: range) -> None:
        self._paginator = paginator
        self._numbers = iter(numbers)
        self._stop_at = numbers[-1] + 1
        self._scopes: dict[int, anyio.CancelScope] = {}
        self.outcomes: dict[int, Page[T] | Exception] = {}

    async def run(self) -> dict[int, Page[T] | Exception]:
        async with anyio.create_task_group() as tasks:
            for _ in range(self._paginator.concurrency):
                tasks.start_soon(self._worker)
        return self.outcomes

    async def _worker(self) -> None:
        for number in self._numbers:
            if number >= self._stop_at:
                return
            with anyio.CancelScope() as scope:
                self._scopes[number] = scope
                try:
                    outcome: Page[T] | Exception = await self._paginator.fetch_page(number)
                except Exception as exc:  # noqa: BLE001 - kept, and raised in page order
                    outcome = exc
                self.outcomes[number] = outcome
                if isinstance(outcome, Exception) or outcome.is_last:
                    self._stop_after(number)

    def _stop_after(self, number: int) -> None:
        if number + 1 >= self._stop_at:
            return
        self._stop_at = number + 1
        for later, scope in self._scopes.items():
            if later > number:
                scope.cancel()


class _ItemWalk(AsyncIterator[T]):
    """One walk over the items of a paginator, page after page."""

    def __init__(self, pages: _PageWalk[T]) -> None:
        self._pages = pages
        self._items: Iterator[T] = iter(())

    async def __anext__(self) -> T:
        while True:
            item = next(self._items, _END)
            if item is not _END:
                return item
            page = await self._pages.__anext__()
            self._items = iter(page.items)


_END: Any = object()
