"""Walking list endpoints page by page: `AsyncPaginator` and `Page`.

One walk is two parts. `_Walk` takes pages in order and decides everything: which records are
new, when the walk ends (the last page, ``max_items``, ``max_pages``, or too many pages in a
row with nothing new), and how far ahead pages may be asked for. A source fetches pages for
it: `_Serial` one at a time, `_Waves` in waves for a plain ``async for`` with ``concurrency``,
and `_Pipeline` continuously, for `AsyncPaginator.stream` whose ``async with`` owns the
workers. Since every source feeds the same `_Walk` in page order, every way of walking yields
the same items and raises the same errors.
"""

from __future__ import annotations

import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Hashable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

import anyio
import attrs
import httpx

from ._config import check_int
from ._sansio import PageBody, is_last_page, item_key, split_page_body, stale_run
from ._transport import ATTEMPTS_EXTENSION
from .errors import (
    ConfigurationError,
    DuplicateItemsWarning,
    PaginationError,
    ResponseValidationError,
)

if TYPE_CHECKING:
    from types import TracebackType

    from anyio.abc import TaskGroup

__all__ = [
    "DEDUPE_WINDOW_PAGES",
    "MAX_PER_PAGE",
    "MAX_STALE_PAGES",
    "AsyncPaginator",
    "Page",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

MAX_PER_PAGE = 100
"""The largest ``per_page`` the API accepts."""

MAX_STALE_PAGES = 2
"""Pages in a row that may bring no new record before a walk raises `PaginationError`.

A burst of inserts during a walk can push a whole page of records onto the next one (or two),
so a few such pages are tolerated; a server that ignores ``page`` is caught on the next one."""

DEDUPE_WINDOW_PAGES = MAX_STALE_PAGES + 2
"""How many of its latest pages a walk remembers, to recognise a record it already yielded.

Memory stays at ``DEDUPE_WINDOW_PAGES * per_page`` keys however long the walk; a record that
comes back after more pages than that is yielded again."""

WAVE_PAGES_PER_WORKER = 4
"""A plain concurrent ``async for`` fetches ``concurrency * 4`` pages between two hand-outs.

More pages per wave hide the barrier at its end better; fewer keep fewer pages in memory.
Four keeps the barrier's cost to a few percent at 50 ms per request."""

STREAM_PAGES_AHEAD_PER_WORKER = 2
"""`AsyncPaginator.stream` asks for pages at most ``concurrency * 2`` ahead of the consumer.

Enough to keep ``concurrency`` requests in flight while a consumer keeps up, and a bound on
the pages held in memory (and asked for in vain) when it does not."""

FetchPage = Callable[[Mapping[str, Any]], Awaitable["tuple[Any, httpx.Response]"]]
StructureItems = Callable[[list[Any], "httpx.Response"], "tuple[T, ...]"]


@attrs.frozen(kw_only=True)
class Page(Generic[T]):
    """One page of a list answer.

    Attributes:
        items: the structured records of this page (in a walk: the ones not yielded before).
        number: the page number asked for (the first page is 1).
        next_link: the API's ``links.next``, kept for information; the paginator asks for page
            numbers itself because the docs call the link format an implementation detail.
        is_last: whether this page ends the walk.
        response: the `httpx.Response` that brought the page (body already read: status,
            headers, ``elapsed``, ``request``); None for a page built by hand.
    """

    items: tuple[T, ...]
    number: int
    next_link: str | None = None
    is_last: bool = True
    response: httpx.Response | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def attempts(self) -> int:
        """How many times the request for this page was sent (1 when it was not retried)."""
        if self.response is None:
            return 1
        value = self.response.extensions.get(ATTEMPTS_EXTENSION, 1)
        return value if isinstance(value, int) and not isinstance(value, bool) else 1


@attrs.frozen
class _Fetched(Generic[T]):
    """A page as fetched, with the identity of each of its records (`item_key`)."""

    page: Page[T]
    keys: tuple[Hashable, ...]


def _ensure_elapsed(response: httpx.Response, seconds: float) -> None:
    """Give ``response.elapsed`` a value where httpx left none.

    httpx measures ``elapsed`` when it closes a streamed body; an answer whose body came
    already read (the sandbox's transport, `httpx.MockTransport`) has none, and reading it
    would raise. The time the page's fetch took (retries and limiter waits included, as in
    httpx's own measure) stands in.
    """
    try:
        _ = response.elapsed
    except RuntimeError:
        response.elapsed = timedelta(seconds=seconds)


def check_per_page(per_page: int) -> int:
    """Refuse a ``per_page`` the API would not honour, before any request is made."""
    check_int("per_page", per_page, minimum=1)
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ConfigurationError(f"per_page must be between 1 and {MAX_PER_PAGE}, got {per_page}")
    return per_page


def _check_count(name: str, value: int | None, *, minimum: int) -> int | None:
    if value is None:
        return None
    return check_int(name, value, minimum=minimum)


class AsyncPaginator(Generic[T]):
    """A lazy walk over every item of a list endpoint.

    Nothing is requested until iteration starts. Use it four ways:

    ```python
    async for member in client.members.list():            # item by item
        ...
    async for page in client.members.list().pages():      # page by page
        ...
    members = await client.members.list(max_items=500).collect()
    async with client.members.list(concurrency=8).stream() as members:
        async for member in members:                      # streamed as pages arrive
            ...
    ```

    The walk stops on an empty page, a short page, a missing or null ``links.next``, or
    ``meta.current_page >= meta.total_pages``, whichever comes first; after ``max_items``
    items or ``max_pages`` pages; and with `PaginationError` when more than two pages in a
    row bring no record it has not yielded (a server ignoring ``page``). Records seen on one
    of the last four pages (the list shifted, or a page came twice) are yielded once, and
    counted in a `DuplicateItemsWarning`.

    ``concurrency=N`` fetches up to N pages at once by number, still yielding items in page
    order and exactly the items of the serial walk. The end of the list is found by fetching
    past it, which costs at most N - 1 requests whose pages are never yielded.
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
        max_pages: int | None = None,
        concurrency: int = 1,
    ) -> None:
        self._fetch = fetch
        self._structure_items = structure_items
        self._params = dict(params or {})
        self.per_page = check_per_page(per_page)
        self.max_items = _check_count("max_items", max_items, minimum=0)
        self.max_pages = _check_count("max_pages", max_pages, minimum=1)
        self.concurrency = check_int("concurrency", concurrency, minimum=1)

    def __repr__(self) -> str:
        return (
            f"<AsyncPaginator per_page={self.per_page} max_items={self.max_items} "
            f"max_pages={self.max_pages} concurrency={self.concurrency}>"
        )

    async def fetch_page(self, number: int) -> Page[T]:
        """Fetch and structure one page by number (1-based), outside any walk."""
        return (await self._fetch_one(number)).page

    async def _fetch_one(self, number: int) -> _Fetched[T]:
        params = {**self._params, "page": number, "per_page": self.per_page}
        started = time.perf_counter()
        body, response = await self._fetch(params)
        _ensure_elapsed(response, time.perf_counter() - started)
        raw = split_page_body(body)
        if raw is None:
            raise ResponseValidationError(
                model="Page",
                errors=["$: expected an object with an 'items' (or 'data') list"],
                response=response,
            )
        return _Fetched(self._page(raw, number, response), tuple(map(item_key, raw.items)))

    def _page(self, raw: PageBody, number: int, response: httpx.Response) -> Page[T]:
        return Page(
            items=self._structure_items(raw.items, response),
            number=number,
            next_link=raw.next_link,
            is_last=is_last_page(raw, per_page=self.per_page),
            response=response,
        )

    def pages(self) -> AsyncIterator[Page[T]]:
        """Yield whole pages in order; the last one is trimmed to ``max_items``.

        Pages that bring no new record are not yielded.
        """
        walk = _Walk(self)
        return _PageWalk(walk, _Waves(self, walk) if self.concurrency > 1 else _Serial(self))

    def __aiter__(self) -> AsyncIterator[T]:
        return _ItemWalk(self.pages())

    async def collect(self) -> list[T]:
        """Walk every page and return all items in a list (mind ``max_items`` on big lists)."""
        return [item async for item in self]

    def stream(self) -> AbstractAsyncContextManager[AsyncIterator[T]]:
        """Walk with workers that hand each page out as soon as it and those before it arrived.

        ```python
        async with client.members.list(concurrency=8).stream() as members:
            async for member in members:
                ...
        ```

        The ``async with`` block owns the ``concurrency`` workers: they run while it is open,
        at most ``concurrency * 2`` pages ahead of the loop, and leaving the block cancels
        whatever they still had in flight. The items, their order and the errors are those
        of ``async for``; only the timing differs, since a plain ``async for`` cannot keep
        tasks running between two items and fetches in waves instead.
        """
        return _Stream(self, _ItemWalk)

    def stream_pages(self) -> AbstractAsyncContextManager[AsyncIterator[Page[T]]]:
        """`stream`, page by page: ``async with paginator.stream_pages() as pages: ...``."""
        return _Stream(self, lambda pages: pages)


class _Walk(Generic[T]):
    """The decisions of one walk, taking pages strictly in page order.

    Which records are new (their `item_key` not among the last `DEDUPE_WINDOW_PAGES` pages'),
    where the walk ends, and up to which page number a source may ask (``limit``).
    """

    def __init__(self, paginator: AsyncPaginator[T]) -> None:
        self.per_page = paginator.per_page
        self.remaining = paginator.max_items
        self.max_pages = paginator.max_pages
        self.taken = 0
        self.done = self.remaining == 0
        self.stale = 0
        self.yielded = 0
        self.duplicates = 0
        self._window: deque[frozenset[Hashable]] = deque(maxlen=DEDUPE_WINDOW_PAGES)

    def ended(self) -> bool:
        """Whether the walk is over (a method, so that the type checker asks again each time)."""
        return self.done

    @property
    def remembered(self) -> int:
        """How many pages of record keys the walk holds (at most `DEDUPE_WINDOW_PAGES`)."""
        return len(self._window)

    def limit(self) -> int | None:
        """The highest page number worth asking for now; None when nothing bounds it.

        ``max_items`` bounds it to the pages the remaining items could need if every page
        brought a full page of new records, so a concurrent walk asks for no page that the
        serial walk would not; a page that brings fewer raises the limit again.
        """
        if self.done:
            return self.taken
        bound = None
        if self.remaining is not None:
            bound = self.taken + -(-self.remaining // self.per_page)
        if self.max_pages is not None:
            bound = self.max_pages if bound is None else min(bound, self.max_pages)
        return bound

    def take(self, fetched: _Fetched[T]) -> Page[T]:
        """Take in the next page; the page to hand out, holding only the new records."""
        page = fetched.page
        self.taken = page.number
        last = page.is_last or (self.max_pages is not None and page.number >= self.max_pages)
        recent = frozenset().union(*self._window)
        fresh = [
            item for item, key in zip(page.items, fetched.keys, strict=True) if key not in recent
        ]
        self._window.append(frozenset(fetched.keys))
        self.duplicates += len(page.items) - len(fresh)
        self.stale = stale_run(self.stale, fresh=len(fresh), last=last)
        if self.stale > MAX_STALE_PAGES:
            self.done = True
            raise PaginationError(page=page.number, stale_pages=self.stale, yielded=self.yielded)
        if self.remaining is not None:
            if len(fresh) >= self.remaining:
                fresh = fresh[: self.remaining]
                last = True
            self.remaining -= len(fresh)
        self.yielded += len(fresh)
        self.done = last
        if len(fresh) == len(page.items) and last == page.is_last:
            return page
        return attrs.evolve(page, items=tuple(fresh), is_last=last)

    def finish(self) -> None:
        """Warn once about the records skipped as already yielded, when the walk ended well."""
        if self.duplicates:
            warnings.warn(
                DuplicateItemsWarning(
                    f"{self.duplicates} item(s) appeared on more than one page (the list "
                    "changed during the walk, or the server sent a page twice) and were "
                    "yielded once"
                ),
                stacklevel=3,
            )
            self.duplicates = 0


class _Source(Protocol[T]):
    """Where a walk's pages come from: ``get(n)`` is called for n = 1, 2, ... in order."""

    async def get(self, number: int) -> _Fetched[T]: ...

    def close(self) -> None: ...


class _Serial(Generic[T]):
    """One page at a time, asked for when the walk needs it."""

    def __init__(self, paginator: AsyncPaginator[T]) -> None:
        self._paginator = paginator

    async def get(self, number: int) -> _Fetched[T]:
        return await self._paginator._fetch_one(number)  # noqa: SLF001 - the paginator's own

    def close(self) -> None:
        """Nothing runs between two pages."""


class _PageWalk(AsyncIterator[Page[T]]):
    """One walk over the pages of a paginator, from any source.

    A plain iterator object rather than an async generator: a loop left early then leaves
    nothing to finalise, on asyncio and trio alike.
    """

    def __init__(self, walk: _Walk[T], source: _Source[T]) -> None:
        self._walk = walk
        self._source = source

    @property
    def remembered(self) -> int:
        """How many pages of record keys this walk holds."""
        return self._walk.remembered

    async def __anext__(self) -> Page[T]:
        walk = self._walk
        while not walk.done:
            try:
                page = walk.take(await self._source.get(walk.taken + 1))
            except BaseException:
                walk.done = True
                self._source.close()
                raise
            if walk.ended():
                self._source.close()
            if page.items:
                return page
        walk.finish()
        raise StopAsyncIteration


class _Waves(Generic[T]):
    """Fetch pages in waves, for a plain ``async for`` with ``concurrency > 1``.

    When the walk needs a page it has not fetched, a wave of ``concurrency * 4`` page numbers
    from there (fewer when ``max_items`` or ``max_pages`` need fewer) is fetched by
    ``concurrency`` workers, and every task of the wave ends before a page is handed out: no
    task outlives a ``yield``, and cancelling the consumer cancels the wave. Outcomes
    (pages or errors) are kept by number and handed out in order, so an error is raised only
    once the pages before it were yielded, as in the serial walk.
    """

    def __init__(self, paginator: AsyncPaginator[T], walk: _Walk[T]) -> None:
        self._paginator = paginator
        self._walk = walk
        self._outcomes: dict[int, _Fetched[T] | Exception] = {}

    async def get(self, number: int) -> _Fetched[T]:
        if number not in self._outcomes:
            self._outcomes.clear()
            size = self._paginator.concurrency * WAVE_PAGES_PER_WORKER
            limit = self._walk.limit()
            end = number + size if limit is None else max(number + 1, min(number + size, limit + 1))
            self._outcomes = await _Wave(self._paginator, range(number, end)).run()
        outcome = self._outcomes.pop(number)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def close(self) -> None:
        """Forget the pages fetched past the end."""
        self._outcomes.clear()


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
        self.outcomes: dict[int, _Fetched[T] | Exception] = {}

    async def run(self) -> dict[int, _Fetched[T] | Exception]:
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
                outcome = await _outcome(self._paginator, number)
                self.outcomes[number] = outcome
                if isinstance(outcome, Exception) or outcome.page.is_last:
                    self._stop_after(number)

    def _stop_after(self, number: int) -> None:
        if number + 1 >= self._stop_at:
            return
        self._stop_at = number + 1
        for later, scope in self._scopes.items():
            if later > number:
                scope.cancel()


async def _outcome(paginator: AsyncPaginator[T], number: int) -> _Fetched[T] | Exception:
    try:
        return await paginator._fetch_one(number)  # noqa: SLF001 - the paginator's own
    except Exception as exc:  # noqa: BLE001 - kept, and raised in page order
        return exc


class _Pipeline(Generic[T]):
    """Fetch pages continuously with ``concurrency`` workers, for `AsyncPaginator.stream`.

    Workers take page numbers in order, each as soon as it is free, up to the walk's
    ``limit`` and at most ``concurrency * STREAM_PAGES_AHEAD_PER_WORKER`` pages past the last
    page the walk took; ``get(n)`` returns page n as soon as it arrived. A page that is the
    last, or that fails, stops later numbers and cancels the later pages in flight, as in a
    wave. The workers live in a task group that the stream's ``async with`` opened.
    """

    def __init__(self, paginator: AsyncPaginator[T], walk: _Walk[T]) -> None:
        self._paginator = paginator
        self._walk = walk
        self._ahead = paginator.concurrency * STREAM_PAGES_AHEAD_PER_WORKER
        self._next = 1
        self._stop_at: int | None = None
        self._scopes: dict[int, anyio.CancelScope] = {}
        self._outcomes: dict[int, _Fetched[T] | Exception] = {}
        self._changed = anyio.Event()
        self._closed = False
        self.workers = anyio.CancelScope()

    async def run(self) -> None:
        with self.workers:
            async with anyio.create_task_group() as tasks:
                for _ in range(self._paginator.concurrency):
                    tasks.start_soon(self._worker)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = anyio.Event()

    def _finished(self, number: int) -> bool:
        return (
            self._closed
            or self._walk.done
            or (self._stop_at is not None and number >= self._stop_at)
            or (self._walk.max_pages is not None and number > self._walk.max_pages)
        )

    def _may_start(self, number: int) -> bool:
        limit = self._walk.limit()
        return (limit is None or number <= limit) and number <= self._walk.taken + self._ahead

    async def _worker(self) -> None:
        while True:
            number = self._next
            if self._finished(number):
                return
            if not self._may_start(number):
                await self._changed.wait()
                continue
            self._next += 1
            with anyio.CancelScope() as scope:
                self._scopes[number] = scope
                outcome = await _outcome(self._paginator, number)
            del self._scopes[number]
            if scope.cancelled_caught:
                continue
            self._outcomes[number] = outcome
            if isinstance(outcome, Exception) or outcome.page.is_last:
                self._stop_after(number)
            self._notify()

    def _stop_after(self, number: int) -> None:
        if self._stop_at is not None and self._stop_at <= number + 1:
            return
        self._stop_at = number + 1
        for later, scope in self._scopes.items():
            if later > number:
                scope.cancel()

    async def get(self, number: int) -> _Fetched[T]:
        self._notify()  # the walk took a page since the last call: workers may go further
        while number not in self._outcomes:
            if self._closed:
                raise ConfigurationError(
                    "a stream() walk was iterated after its `async with` block ended"
                )
            await self._changed.wait()
        outcome = self._outcomes.pop(number)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def close(self) -> None:
        """Stop the workers: the walk ended, or its ``async with`` block is being left."""
        self._closed = True
        self.workers.cancel()
        self._outcomes.clear()
        self._notify()


class _Stream(AbstractAsyncContextManager[T_co]):
    """The ``async with`` of `AsyncPaginator.stream`: it owns the walk's workers.

    The task group is entered in ``__aenter__`` and left in ``__aexit__``, in the caller's
    task, so the workers never outlive the block. It is left as if the block had ended
    normally, after the workers were cancelled, so that an error raised by the walk (or by
    the caller) comes out as itself, never wrapped in an exception group.
    """

    def __init__(
        self,
        paginator: AsyncPaginator[Any],
        shape: Callable[[_PageWalk[Any]], T_co],
    ) -> None:
        self._paginator = paginator
        self._shape = shape
        self._entered = False
        self._tasks: TaskGroup | None = None
        self._pipeline: _Pipeline[Any] | None = None

    async def __aenter__(self) -> T_co:
        if self._entered:
            raise ConfigurationError("a stream() can be entered once; call stream() again")
        self._entered = True
        walk: _Walk[Any] = _Walk(self._paginator)
        if self._paginator.concurrency == 1:
            return self._shape(_PageWalk(walk, _Serial(self._paginator)))
        self._pipeline = _Pipeline(self._paginator, walk)
        self._tasks = anyio.create_task_group()
        await self._tasks.__aenter__()
        self._tasks.start_soon(self._pipeline.run)
        return self._shape(_PageWalk(walk, self._pipeline))

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pipeline is None or self._tasks is None:
            return
        self._pipeline.close()
        await self._tasks.__aexit__(None, None, None)


class _ItemWalk(AsyncIterator[T]):
    """One walk over the items of a paginator, page after page."""

    def __init__(self, pages: AsyncIterator[Page[T]]) -> None:
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
