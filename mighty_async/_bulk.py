"""Bounded concurrent calls over many inputs: `BulkCall` and `BulkError`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Iterable, Iterator, Sequence
from typing import Any, Generic, Self, TypeVar

import anyio

from ._config import check_int
from .errors import MightyError

__all__ = ["BulkCall", "BulkError", "ProgressCallback"]

R = TypeVar("R")

ProgressCallback = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each input finishes, successfully or not."""

DEFAULT_BULK_CONCURRENCY = 16


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

    Await it for the results in input order. It is also a handle on the work: ``completed``
    holds ``{index: result or exception}`` as results arrive, so a caller that cancels the
    await (a timeout, a shutdown) can still read what already came back.

    ```python
    call = client.members.get_many(ids, concurrency=16, return_exceptions=True)
    with anyio.move_on_after(30):
        results = await call
    print(len(call.completed), "of", call.total, "finished")
    ```
    """

    def __init__(
        self,
        operation: Callable[[Any], Awaitable[Any]],
        inputs: Iterable[Any],
        *,
        concurrency: int = DEFAULT_BULK_CONCURRENCY,
        return_exceptions: bool = False,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.concurrency = check_int("concurrency", concurrency, minimum=1)
        self._operation = operation
        self.inputs: list[Any] = list(inputs)
        self.return_exceptions = return_exceptions
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
        """Run the call; awaiting the `BulkCall` itself does the same.

        ``concurrency`` workers share one iterator over the inputs, so a million inputs cost
        ``concurrency`` tasks, not a million.
        """
        if self._started:
            raise RuntimeError("a BulkCall runs once; create a new one to run again")
        self._started = True
        if not self.inputs:
            return []
        failures: dict[int, tuple[Any, Exception]] = {}
        pending = iter(enumerate(self.inputs))
        async with anyio.create_task_group() as tasks:
            for _ in range(min(self.concurrency, self.total)):
                tasks.start_soon(self._worker, pending, failures, tasks.cancel_scope)
        if failures and not self.return_exceptions:
            raise self._error(failures)
        return [self.completed[index] for index in range(self.total)]

    async def _worker(
        self,
        pending: Iterator[tuple[int, Any]],
        failures: dict[int, tuple[Any, Exception]],
        scope: anyio.CancelScope,
    ) -> None:
        for index, value in pending:
            try:
                outcome: Any = await self._operation(value)
            except Exception as exc:  # noqa: BLE001 - per-item failures are data here
                exc.add_note(f"bulk input #{index}: {value!r}")
                outcome = exc
                failures[index] = (value, exc)
                if not self.return_exceptions:
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
