"""Walking list endpoints page by page: `AsyncPaginator` and `Page`.

One walk is two parts. `_Walk` takes pages in order and decides everything: which records are
new, when the walk ends (the last page, ``max_items``, ``max_pages``, or too many pages in a
row with nothing new), and how far ahead pages may be asked for. A source fetches pages for
it: `_Serial` one at a time, and `_Window` with ``concurrency`` requests in flight, either
continuously (for `AsyncPaginator.stream` and `AsyncPaginator.collect`, which own a task
group for the whole walk) or in batches (for a plain ``async for``, which cannot keep a task
running across a ``yield``). Since every source feeds the same `_Walk` in page order, every
way of walking yields the same items and raises the same errors.
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
from ._sansio import PageBody, is_last_page, page_keys, split_page_body, stale_run
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
"""A plain concurrent ``async for`` fetches batches of ``concurrency * 4`` pages.

Every request of a batch ends before its pages are handed out, so each batch ends with
fewer requests in flight than ``concurrency``; more pages per batch make that rarer, fewer
keep fewer pages in memory. `AsyncPaginator.stream` and `AsyncPaginator.collect` have no
batches."""

STREAM_PAGES_AHEAD_PER_WORKER = 2
"""A continuous walk asks for pages at most ``concurrency * 2`` past the page it took last.

Twice the requests in flight, so that up to ``concurrency - 1`` pages may arrive before an
earlier slow one without a request slot standing idle (latency varies from one request to
the next); and a bound on the pages held in memory, and asked for in vain, when the
consumer falls behind or the list ends."""

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
    """A page as fetched, with the identity of each of its records (`page_keys`)."""

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

    ``concurrency=N`` keeps up to N requests for pages by number in flight, still yielding
    items in page order and exactly the items of the serial walk. The end of the list is
    found by fetching past it: the requests in flight when the last page arrives are
    cancelled, and their pages never yielded (at most N - 1 when pages arrive in the order
    they were asked for). `collect` and `stream` keep N requests in flight all along; a plain
    ``async for`` fetches in batches of ``4 * N`` pages, since no task may outlive a ``yield``.
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
        return _Fetched(self._page(raw, number, response), page_keys(raw.items))

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
        if self.concurrency == 1:
            return _PageWalk(walk, _Serial(self))
        return _PageWalk(walk, _Window(self, walk))

    def __aiter__(self) -> AsyncIterator[T]:
        return _ItemWalk(self.pages())

    async def collect(self) -> list[T]:
        """Walk every page and return all items in a list (mind ``max_items`` on big lists).

        With ``concurrency > 1`` this is a `stream` walk, whose requests never wait for a
        hand-out: nothing is yielded until the list is complete, so no task needs to outlive
        a ``yield``.
        """
        if self.concurrency == 1:
            return [item async for item in self]
        async with self.stream() as items:
            return [item async for item in items]

    def stream(self) -> AbstractAsyncContextManager[AsyncIterator[T]]:
        """Walk with workers that hand each page out as soon as it and those before it arrived.

        ```python
        async with client.members.list(concurrency=8).stream() as members:
            async for member in members:
                ...
        ```

        The ``async with`` block owns the ``concurrency`` workers: they run while it is open,
        a new page starting as soon as a request ends, at most ``concurrency * 2`` pages
        ahead of the loop, and leaving the block cancels whatever they still had in flight.
        The items, their order and the errors are those of ``async for``; only the timing
        differs, since a plain ``async for`` cannot keep tasks running between two items and
        fetches in batches instead.
        """
        return _Stream(self, _ItemWalk)

    def stream_pages(self) -> AbstractAsyncContextManager[AsyncIterator[Page[T]]]:
        """`stream`, page by page: ``async with paginator.stream_pages() as pages: ...``."""
        return _Stream(self, lambda pages: pages)


class _Walk(Generic[T]):
    """The decisions of one walk, taking pages strictly in page order.

    Which records are new (their key, `item_key`, not among the last `DEDUPE_WINDOW_PAGES` pages'),
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


class _Window(Generic[T]):
    """The sliding window over page numbers that every concurrent walk fetches through.

    At most ``concurrency`` requests are in flight, and the moment one ends the next page
    number starts, unless it is past the walk's ``limit`` (``max_items``, ``max_pages``), at or
    past a page known to end the list or to have failed, or beyond the window's horizon. Pages
    arrive in any order and are kept by number until the walk takes them, in order, with
    `get`. When a page ends the list or fails, the later pages in flight are cancelled and the
    later ones that arrived are dropped: nothing past the end is waited for or kept.

    The window runs in one of two ways:

    - **continuous** (`run`, for `AsyncPaginator.stream` and `AsyncPaginator.collect`): its
      tasks live in a task group that outlives the hand-outs, and the horizon is
      ``ahead`` pages past the page the walk took last, so a consumer that falls behind stops
      the requests (and the pages held) at that bound.
    - **in batches** (``ahead=None``, for a plain ``async for``, which cannot keep a task
      running across a ``yield``): when the walk asks for a page not held, `get` runs the
      window over the next ``concurrency * WAVE_PAGES_PER_WORKER`` page numbers and returns
      once every request of the batch ended.
    """

    def __init__(
        self, paginator: AsyncPaginator[T], walk: _Walk[T], *, ahead: int | None = None
    ) -> None:
        self._paginator = paginator
        self._walk = walk
        self._ahead = ahead or 0
        self._next = 1
        self._until: int | None = None
        self._stop_at: int | None = None
        self._scopes: dict[int, anyio.CancelScope] = {}
        self._outcomes: dict[int, _Fetched[T] | Exception] = {}
        self._changed = anyio.Event()
        self._continuous = ahead is not None
        self._closed = False
        self.workers = anyio.CancelScope()

    async def run(self) -> None:
        """Fetch continuously, until the walk ends or `close` is called."""
        with self.workers:
            await self._work()

    async def _work(self) -> None:
        async with anyio.create_task_group() as tasks:
            for _ in range(self._paginator.concurrency):
                tasks.start_soon(self._worker)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = anyio.Event()

    def _finished(self, number: int) -> bool:
        walk = self._walk
        return (
            self._closed
            or walk.done
            or (self._stop_at is not None and number >= self._stop_at)
            or (walk.max_pages is not None and number > walk.max_pages)
        )

    def _may_start(self, number: int) -> bool:
        limit = self._walk.limit()
        if limit is not None and number > limit:
            return False
        if self._until is not None:
            return number < self._until
        return number <= self._walk.taken + self._ahead

    async def _worker(self) -> None:
        while True:
            number = self._next
            if self._finished(number):
                return
            if not self._may_start(number):
                if not self._continuous:
                    return
                await self._changed.wait()
                continue
            self._next += 1
            with anyio.CancelScope() as scope:
                self._scopes[number] = scope
                outcome = await _outcome(self._paginator, number)
            del self._scopes[number]
            if scope.cancelled_caught or self._finished(number):
                continue
            self._outcomes[number] = outcome
            if isinstance(outcome, Exception) or outcome.page.is_last:
                self._stop_after(number)
            self._notify()

    def _stop_after(self, number: int) -> None:
        """Page ``number`` ends the walk (or fails): nothing after it is started or kept."""
        if self._stop_at is not None and self._stop_at <= number + 1:
            return
        self._stop_at = number + 1
        for later, scope in self._scopes.items():
            if later > number:
                scope.cancel()
        for later in [n for n in self._outcomes if n > number]:
            del self._outcomes[later]

    async def get(self, number: int) -> _Fetched[T]:
        if self._continuous:
            self._notify()  # the walk took a page since the last call: workers may go further
            while number not in self._outcomes:
                if self._closed:
                    raise ConfigurationError(
                        "a stream() walk was iterated after its `async with` block ended"
                    )
                await self._changed.wait()
        elif number not in self._outcomes:
            await self._batch(number)
        outcome = self._outcomes.pop(number)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    async def _batch(self, number: int) -> None:
        """Fetch pages ``number`` onwards, as many as a batch holds, and wait for all of them."""
        size = self._paginator.concurrency * WAVE_PAGES_PER_WORKER
        limit = self._walk.limit()
        self._next = number
        end = number + size
        self._until = end if limit is None else max(number + 1, min(end, limit + 1))
        await self._work()

    def close(self) -> None:
        """Stop: the walk ended, or the ``async with`` block that owns the window is left."""
        self._closed = True
        self.workers.cancel()
        self._outcomes.clear()
        self._notify()


async def _outcome(paginator: AsyncPaginator[T], number: int) -> _Fetched[T] | Exception:
    try:
        return await paginator._fetch_one(number)  # noqa: SLF001 - the paginator's own
    except Exception as exc:  # noqa: BLE001 - kept, and raised in page order
        return exc


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
        self._window: _Window[Any] | None = None

    async def __aenter__(self) -> T_co:
        if self._entered:
            raise ConfigurationError("a stream() can be entered once; call stream() again")
        self._entered = True
        walk: _Walk[Any] = _Walk(self._paginator)
        if self._paginator.concurrency == 1:
            return self._shape(_PageWalk(walk, _Serial(self._paginator)))
        ahead = self._paginator.concurrency * STREAM_PAGES_AHEAD_PER_WORKER
        self._window = _Window(self._paginator, walk, ahead=ahead)
        self._tasks = anyio.create_task_group()
        await self._tasks.__aenter__()
        self._tasks.start_soon(self._window.run)
        return self._shape(_PageWalk(walk, self._window))

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._window is None or self._tasks is None:
            return
        self._window.close()
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
