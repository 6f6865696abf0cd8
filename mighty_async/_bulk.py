"""Bounded concurrent calls over many inputs: `BulkCall` and `BulkError`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Iterable, Iterator, Sequence
from typing import Any, Final, Generic, Self, TypedDict, TypeVar

import anyio

from ._config import check_int
from .errors import MightyError

__all__ = ["BULK_DEFAULTS", "BulkCall", "BulkError", "BulkOptions", "ProgressCallback"]

R = TypeVar("R")

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each input finishes, successfully or not."""

DEFAULT_BULK_CONCURRENCY = 16


class BulkOptions(TypedDict, total=False):
    """How a ``*_many`` call runs: the keywords every bulk method takes after its inputs.

    Declared once here, and by each bulk method as ``**options: Unpack[BulkOptions]``; the
    method passes them on to `BulkCall` unchanged.
    """

    concurrency: int
    """At most this many calls in flight (default 16), all through the client's rate limiter."""
    progress: ProgressCallback | None
    """Called as ``progress(done, total)`` after each input finishes (default: not called)."""


BULK_DEFAULTS: Final[BulkOptions] = {"concurrency": DEFAULT_BULK_CONCURRENCY, "progress": None}
"""What a bulk call uses for each `BulkOptions` keyword it is not given."""


class BulkError(MightyError, ExceptionGroup[Exception]):
    """Some inputs of a bulk call failed; the first failure cancelled the rest.

    It is an `ExceptionGroup`, so ``except* NotFound:`` works. Each inner exception carries a
    note naming its input, and the attributes keep everything that was learned:

    Attributes:
        failed: ``{index: (input, exception)}`` for every input that failed.
        results: ``{index: result}`` for every input that succeeded before the stop.
    """

    failed: dict[int, tuple[Any, Exception]]
    results: dict[int, Any]

    def __new__(
        cls,
        message: str,
        exceptions: list[Exception],
        *,
        failed: dict[int, tuple[Any, Exception]] | None = None,
        results: dict[int, Any] | None = None,
    ) -> Self:
        self = super().__new__(cls, message, exceptions)
        self.failed = failed or {}
        self.results = results or {}
        return self

    def __init__(
        self,
        message: str,
        exceptions: list[Exception],
        *,
        failed: dict[int, tuple[Any, Exception]] | None = None,  # noqa: ARG002 - stored by __new__
        results: dict[int, Any] | None = None,  # noqa: ARG002 - stored by __new__
    ) -> None:
        super().__init__(message, exceptions)

    def derive(self, excs: Sequence[Exception], /) -> BulkError:  # type: ignore[override]
        """Keep the bookkeeping when ``except*`` splits the group."""
        return BulkError(self.message, list(excs), failed=self.failed, results=self.results)


class BulkCall(Generic[R]):
    """One bounded, ordered, concurrent call of ``operation`` over ``inputs``.

    Two ways to run it, each with one return type:

    - ``await call``: the results in input order; the first failure cancels the rest and
      raises `BulkError`.
    - ``await call.settle()``: nothing is cancelled; each input gets its result or its
      exception, in input order (``list[R | Exception]``).

    It is also a handle on the work: ``completed`` holds ``{index: result or exception}`` as
    results arrive, so a caller that cancels the await (a timeout, a shutdown) can still read
    what already came back.

    ```python
    call = client.members.get_many(ids, concurrency=16)
    with anyio.move_on_after(30):
        outcomes = await call.settle()
    print(len(call.completed), "of", call.total, "finished")
    ```
    """

    def __init__(
        self,
        operation: Callable[[Any], Awaitable[R]],
        inputs: Iterable[Any],
        *,
        concurrency: int = DEFAULT_BULK_CONCURRENCY,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.concurrency = check_int("concurrency", concurrency, minimum=1)
        self._operation = operation
        self.inputs: list[Any] = list(inputs)
        self._progress = progress
        self.completed: dict[int, Any] = {}
        self._started = False

    @property
    def total(self) -> int:
        """How many inputs the call was given."""
        return len(self.inputs)

    def __repr__(self) -> str:
        return f"<BulkCall {len(self.completed)}/{self.total} done, concurrency={self.concurrency}>"

    def __await__(self) -> Generator[Any, None, list[R]]:
        return self.run().__await__()

    async def run(self) -> list[R]:
        """Run the call, raising `BulkError` on the first failure; ``await call`` does the same.

        ``concurrency`` workers share one iterator over the inputs, so a million inputs cost
        ``concurrency`` tasks, not a million.
        """
        failures = await self._run(stop_on_failure=True)
        if failures:
            raise self._error(failures)
        return [self.completed[index] for index in range(self.total)]

    async def settle(self) -> list[R | Exception]:
        """Run the call to the end: each input gets its result or its exception, in order.

        Nothing is cancelled by a failure, so use it when one failure should not stop the
        rest (and for writes, where a cancelled request may or may not have been applied).
        """
        await self._run(stop_on_failure=False)
        return [self.completed[index] for index in range(self.total)]

    async def _run(self, *, stop_on_failure: bool) -> dict[int, tuple[Any, Exception]]:
        if self._started:
            raise RuntimeError("a BulkCall runs once; create a new one to run again")
        self._started = True
        failures: dict[int, tuple[Any, Exception]] = {}
        if not self.inputs:
            return failures
        pending = iter(enumerate(self.inputs))
        async with anyio.create_task_group() as tasks:
            for _ in range(min(self.concurrency, self.total)):
                tasks.start_soon(
                    self._worker, pending, failures, tasks.cancel_scope, stop_on_failure
                )
        return failures

    async def _worker(
        self,
        pending: Iterator[tuple[int, Any]],
        failures: dict[int, tuple[Any, Exception]],
        scope: anyio.CancelScope,
        stop_on_failure: bool,
    ) -> None:
        for index, value in pending:
            try:
                outcome: Any = await self._operation(value)
            except Exception as exc:  # noqa: BLE001 - per-item failures are data here
                exc.add_note(f"bulk input #{index}: {value!r}")
                outcome = exc
                failures[index] = (value, exc)
                if stop_on_failure:
                    scope.cancel()
            self.completed[index] = outcome
            if self._progress is not None:
                self._progress(len(self.completed), self.total)

    def _error(self, failures: dict[int, tuple[Any, Exception]]) -> BulkError:
        first = min(failures)
        message = (
            f"{len(failures)} of {self.total} bulk calls failed (first: input #{first} "
            f"{failures[first][0]!r}); the rest were cancelled"
        )
        return BulkError(
            message,
            [failures[index][1] for index in sorted(failures)],
            failed=dict(failures),
            results={
                index: result
                for index, result in self.completed.items()
                if not isinstance(result, Exception)
            },
        )
