"""`raw()`: the HTTP answer behind any SDK call, next to its parsed result.

A call made through ``raw(client.members.get)(42)`` runs exactly as ``client.members.get(42)``
does; the responses it received are collected in a context variable that the client's one
way out writes to. A context variable belongs to the task that set it (and is copied into the
tasks it starts), so concurrent calls, on asyncio or trio, never see each other's responses.
A `raw` call inside another hands its responses on to the outer one when it ends.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar
from typing import TYPE_CHECKING, Final, Generic, ParamSpec, TypeVar

import attrs
import httpx

from ._transport import ATTEMPTS_EXTENSION
from .errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

__all__ = ["ELAPSED_EXTENSION", "Raw", "capture_response", "raw"]

T = TypeVar("T")
P = ParamSpec("P")

ELAPSED_EXTENSION: Final = "mighty_async.elapsed"
"""Response extension: seconds the client spent on the request, retries and waits included."""

_CAPTURE: ContextVar[list[httpx.Response] | None] = ContextVar("mighty_async_raw", default=None)


@attrs.frozen(kw_only=True)
class Raw(Generic[T]):
    """A call's parsed result with the HTTP answer behind it (returned by `raw`).

    Attributes:
        result: what the call returns (a model, a tuple of them, None for a delete, ...).
        status_code: the status of the last answer.
        headers: the headers of the last answer.
        elapsed: seconds the last request took, its retries and waits included (on the
            client's clock).
        attempts: times the last request was sent (1 when it was not retried).
        response: the last answer itself (its body already read).
        responses: every successful answer of the call, in order (one per page of a walk).
    """

    result: T
    status_code: int
    headers: httpx.Headers = attrs.field(repr=False)
    elapsed: float
    attempts: int
    response: httpx.Response = attrs.field(repr=False)
    responses: tuple[httpx.Response, ...] = attrs.field(repr=False)


def capture_response(response: httpx.Response) -> None:
    """Hand a successful answer to the `raw` call running in this context, if any."""
    captured = _CAPTURE.get()
    if captured is not None:
        captured.append(response)


def _attempts(response: httpx.Response) -> int:
    value = response.extensions.get(ATTEMPTS_EXTENSION)
    return value if isinstance(value, int) and not isinstance(value, bool) else 1


def _elapsed(response: httpx.Response) -> float:
    value = response.extensions.get(ELAPSED_EXTENSION)
    return float(value) if isinstance(value, int | float) else 0.0


def raw(call: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[Raw[T]]]:
    """Wrap an SDK call so it returns a `Raw` result: the value plus status, headers, timing.

    ```python
    from mighty_async import raw

    answer = await raw(client.members.get)(1)
    print(answer.status_code, answer.attempts, answer.result.email)
    ```

    The wrapped call takes the same arguments and raises the same errors (an error carries
    its response already: `APIError.response`). `ConfigurationError` when the call sent no
    request at all.
    """

    @functools.wraps(call)
    async def call_raw(*args: P.args, **kwargs: P.kwargs) -> Raw[T]:
        captured: list[httpx.Response] = []
        token = _CAPTURE.set(captured)
        try:
            result = await call(*args, **kwargs)
        finally:
            _CAPTURE.reset(token)
            enclosing = _CAPTURE.get()
            if enclosing is not None:
                enclosing.extend(captured)  # the raw() call around this one collects them too
        if not captured:
            name = getattr(call, "__qualname__", repr(call))
            raise ConfigurationError(f"raw({name}): the call sent no request to the API")
        last = captured[-1]
        return Raw(
            result=result,
            status_code=last.status_code,
            headers=last.headers,
            elapsed=_elapsed(last),
            attempts=_attempts(last),
            response=last,
            responses=tuple(captured),
        )

    return call_raw
