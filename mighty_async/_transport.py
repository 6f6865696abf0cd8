"""`RateLimitTransport`: the loop that paces, gates, sends, reads and retries each request.

One call of `RateLimitTransport.handle_async_request` is a loop of attempts. Each attempt
waits its turn at the client's `Gate` (the queue, the 429 cooldown and the limiter, as one
unit: see ``_gate.py``), is sent, has its body read (so a connection that breaks mid-answer
fails the attempt, not the caller's later read), updates the gate and the limiter, and is
recorded once (`Attempt`). Whether another attempt follows is decided by a pure function,
`mighty_async._sansio.decide_retry`.
"""

from __future__ import annotations

import itertools
import logging
import random as _random
from collections.abc import Mapping
from contextvars import ContextVar, Token
from typing import TYPE_CHECKING, Final, Self

import anyio
import attrs
import httpx

from ._gate import Gate, GateRefusal
from ._limiter import (
    SYSTEM_TIME,
    Clock,
    Limiter,
    RateLimit,
    Sleep,
    TokenBucket,
    admission_for,
)
from ._sansio import (
    RETRYABLE_STATUSES,
    RetryDecision,
    RetryPolicy,
    classify_error,
    classify_status,
    decide_retry,
    failure_kind,
    parse_retry_after,
    refused_at_gate,
)
from .errors import ClientClosedError, ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import TracebackType

try:  # the only other replayable body httpx builds: multipart uploads (files are re-read)
    from httpx._multipart import MultipartStream as _MultipartStream
except ImportError:  # pragma: no cover - a future httpx may move it; then only bytes replay
    _MultipartStream = httpx.ByteStream  # type: ignore[misc,assignment]

__all__ = [
    "ATTEMPTS_EXTENSION",
    "DEFAULT_RATE_LIMIT",
    "DEFAULT_RETRY_POLICY",
    "RETRY_AFTER_EXTENSION",
    "RETRY_POLICY_EXTENSION",
    "RETRY_WRITES_EXTENSION",
    "Attempt",
    "ClientStats",
    "RateLimitTransport",
    "RetryPolicy",
    "RetryingWrites",
    "make_limiter",
    "retry_writes_extensions",
]

logger = logging.getLogger("mighty_async")

ATTEMPTS_EXTENSION: Final = "mighty_async.attempts"
"""Response extension: how many times the request was sent (1 when it was not retried)."""

RETRY_AFTER_EXTENSION: Final = "mighty_async.retry_after"
"""Response extension on a 429 given up on: seconds until this client sends again."""

RETRY_WRITES_EXTENSION: Final = "mighty_async.retry_writes"
"""Request extension: when true, POST and PATCH are retried like idempotent methods."""

RETRY_POLICY_EXTENSION: Final = "mighty_async.retry_policy"
"""Request extension: a `RetryPolicy` that replaces the transport's for this request."""

MIN_SERVER_WAIT: Final = 1.0
"""The shortest wait a ``Retry-After`` can ask for: "0" (or a date gone by) from a server that
keeps refusing would otherwise be retried at once, as fast as it answers, until ``max_wait``."""

_RATE_LIMITED: Final = 429
_STATUS_CLASSES: Final = ("1xx", "2xx", "3xx", "4xx", "5xx")
_UNWIND_TIMEOUT: Final = 5.0

DEFAULT_RATE_LIMIT: Final = RateLimit()
DEFAULT_RETRY_POLICY: Final = RetryPolicy()


@attrs.frozen(kw_only=True)
class ClientStats:
    """A snapshot of what the client's transport has done so far.

    Waits are summed over requests: two requests waiting one second at the same time count
    two seconds.

    Attributes:
        requests_sent: attempts handed to the network, retries included.
        responses: answers received, by status class (``"2xx"``, ``"4xx"``, ...).
        transport_errors: attempts that failed without a complete answer (connect errors,
            timeouts, a connection cut while the body was read).
        retries: attempts that were repeated (after a 429, a 5xx or a transport failure).
        rate_limited: 429 answers received.
        gate_closures: times a 429 closed the gate for every request.
        exhausted: calls that gave up while their failure was still retryable (retries or
            ``max_wait`` used up).
        limiter_wait: seconds requests spent queued for the limiter.
        gate_wait: seconds requests spent held by the closed gate.
        backoff_wait: seconds requests slept between retries on their own.
        limiter_rate: the limiter's current rate in requests per second (None without one).
    """

    requests_sent: int
    responses: Mapping[str, int]
    transport_errors: int
    retries: int
    rate_limited: int
    gate_closures: int
    exhausted: int
    limiter_wait: float
    gate_wait: float
    backoff_wait: float
    limiter_rate: float | None


@attrs.frozen(kw_only=True)
class Attempt:
    """One attempt that was sent: what came back, how long it took, whether another follows.

    Given to ``RateLimitTransport(on_attempt=...)`` once per attempt sent, retries included.

    Attributes:
        request: the request sent (its ``Authorization`` header holds the token: never log
            the headers).
        number: 1 for the first attempt of a call, 2 for its first retry, ...
        status_code: the answer's status; None when no complete answer came.
        failure: when no complete answer came, why (`mighty_async._sansio.failure_kind`:
            ``"connect"``, ``"read_timeout"``, ``"remote_protocol"``, ..., ``"cancelled"``).
        elapsed: seconds from sending to the answer's headers (or to the failure), on the
            transport's clock.
        waited: seconds the attempt waited for the limiter and the cooldown before it left.
        will_retry: whether the call sends the request again.
    """

    request: httpx.Request
    number: int
    status_code: int | None
    failure: str | None
    elapsed: float
    waited: float
    will_retry: bool


@attrs.define
class _Counters:
    requests_sent: int = 0
    responses: dict[str, int] = attrs.field(factory=lambda: dict.fromkeys(_STATUS_CLASSES, 0))
    transport_errors: int = 0
    retries: int = 0
    rate_limited: int = 0
    gate_closures: int = 0
    exhausted: int = 0
    backoff_wait: float = 0.0


@attrs.define(eq=False)
class _Call:
    """The state of one `handle_async_request` across its attempts."""

    request: httpx.Request
    ticket: int
    method: str
    path: str
    policy: RetryPolicy
    retry_writes: bool
    replayable: bool
    attempts: int = 0
    retries: int = 0
    sent: bool = False
    in_flight: bool = False
    first_429_at: float | None = None
    server_retry_after: float | None = None
    retry_after: float | None = None


@attrs.define(eq=False)
class _Outcome:
    """How one attempt ended: a complete answer (body read) or a transport error."""

    waited: float
    elapsed: float = 0.0
    response: httpx.Response | None = None
    error: httpx.TransportError | None = None
    server_wait: float | None = None


def _replayable(request: httpx.Request) -> bool:
    return isinstance(request.stream, httpx.ByteStream | _MultipartStream)


def _policy_of(request: httpx.Request, default: RetryPolicy) -> RetryPolicy:
    policy = request.extensions.get(RETRY_POLICY_EXTENSION)
    if policy is None:
        return default
    if not isinstance(policy, RetryPolicy):
        raise ConfigurationError(
            f"the {RETRY_POLICY_EXTENSION!r} request extension must be a RetryPolicy, "
            f"got {type(policy).__name__}"
        )
    return policy


def make_limiter(
    rate_limit: RateLimit | Limiter | None,
    *,
    clock: Clock | None = None,
    sleep: Sleep | None = None,
) -> Limiter | None:
    """Turn the ``rate_limit`` setting into a limiter: a config, a ready limiter, or None."""
    if rate_limit is None:
        return None
    if isinstance(rate_limit, RateLimit):
        return TokenBucket(rate_limit, clock=clock, sleep=sleep)
    if isinstance(rate_limit, Limiter):
        return rate_limit
    raise ConfigurationError(
        "rate_limit must be a RateLimit, a Limiter (acquire() and on_response()) or None, "
        f"got {type(rate_limit).__name__}"
    )


async def _close(response: httpx.Response) -> None:
    with anyio.CancelScope(shield=True):
        await response.aclose()


async def _read(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    """The answer with its body read off the connection, as received (not decoded).

    Decoding (``Content-Encoding``) is left to whoever reads ``response.content`` later, so
    a bogus encoding is the caller's decoding error, not a broken connection here. An answer
    built in memory with ``content=`` (a mock) is already read and returned as it is.
    """
    if response.is_stream_consumed:
        return response
    try:
        raw = b"".join([chunk async for chunk in response.aiter_raw()])
    except BaseException:
        await _close(response)
        raise
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        stream=httpx.ByteStream(raw),
        request=request,
        extensions=response.extensions,
    )


class RateLimitTransport(httpx.AsyncBaseTransport):
    """Wrap a transport with proactive pacing, a shared 429 cooldown, and safe retries.

    ```python
    transport = RateLimitTransport(httpx.AsyncHTTPTransport(), rate_limit=RateLimit())
    async with httpx.AsyncClient(transport=transport) as http:
        ...
    ```

    `AsyncMightyClient` builds one around its inner transport; use this class directly only
    to give a plain `httpx.AsyncClient` the same behaviour.

    - Requests queue in order of arrival (a retry keeps its place) for the limiter.
    - A 429 closes a gate shared by every request for the ``Retry-After`` time (or a jittered
      exponential cooldown when there is none); queued requests wait instead of hitting the
      API. When it reopens (after a small jitter) one request probes, the rest follow once
      it got through.
    - 429s are retried until the call's ``max_wait`` is used up; then the 429 answer is
      returned with the ``mighty_async.attempts`` and ``mighty_async.retry_after``
      extensions, or, when the request was still queued at a gate that stays closed beyond
      ``max_wait``, `RateLimited` is raised without sending it.
    - 502, 503, 504 and `httpx.TransportError` failures are retried with jittered backoff
      per `RetryPolicy`, never duplicating a write: see `mighty_async._sansio.decide_retry`.
      The body of every answer is read here, inside the loop, so a connection cut or a
      timeout while reading it is such a failure too. (So this transport is not for
      streaming downloads: it returns every answer fully read.)
    - With a `SharedLimiter` (`RedisLimiter`), permits come from its shared budget and the
      gate is shared too: a 429 any process sees pauses this one, and the cooldowns this
      one starts pause the others.
    - `aclose` stops it: queued calls raise `ClientClosedError` without being sent, calls in
      flight are cancelled (they raise `ClientClosedError` too), then the inner transport
      closes its connections.

    Args:
        inner: the transport that does the I/O (default: a new `httpx.AsyncHTTPTransport`).
        rate_limit: a `RateLimit` for the built-in `TokenBucket`, any `Limiter`, or None for
            no proactive pacing (the gate and retries still work).
        retry: the `RetryPolicy`; None means `RetryPolicy.disabled()`. A request carrying
            the ``"mighty_async.retry_policy"`` extension uses that policy instead.
        clock: a monotonic clock in seconds (default ``time.monotonic``).
        sleep: an async sleep in seconds (default ``anyio.sleep``).
        wall_clock: Unix time, for ``Retry-After`` dates when the answer has no ``Date``
            (default ``time.time``).
        random: uniform draws in ``[0, 1)`` for every jitter (default ``random.random``).
        on_attempt: called with an `Attempt` once for every attempt sent (also the
            ``on_attempt`` attribute); an exception it raises is logged at ERROR (its type
            only) and ignored, so an audit sink can never break a call.
    """

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        *,
        rate_limit: RateLimit | Limiter | None = DEFAULT_RATE_LIMIT,
        retry: RetryPolicy | None = DEFAULT_RETRY_POLICY,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        wall_clock: Clock | None = None,
        random: Callable[[], float] | None = None,
        on_attempt: Callable[[Attempt], None] | None = None,
    ) -> None:
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise ConfigurationError(
                f"retry must be a RetryPolicy or None, got {type(retry).__name__}"
            )
        if on_attempt is not None and not callable(on_attempt):
            raise ConfigurationError(
                f"on_attempt must be a callable or None, got {type(on_attempt).__name__}"
            )
        self._inner = inner if inner is not None else httpx.AsyncHTTPTransport()
        self._clock = clock if clock is not None else SYSTEM_TIME.clock
        self._sleep = sleep if sleep is not None else SYSTEM_TIME.sleep
        self._wall_clock = wall_clock if wall_clock is not None else SYSTEM_TIME.wall_clock
        self.limiter = make_limiter(rate_limit, clock=self._clock, sleep=self._sleep)
        self.retry = retry if retry is not None else RetryPolicy.disabled()
        self._random = random if random is not None else _random.random
        self.on_attempt = on_attempt
        # A client's audit record is its INFO line per attempt; the client sets this so that
        # MIGHTY_LOG=debug does not print every attempt twice. A transport used on its own logs.
        self._audited = False
        self._gate = Gate(
            admission_for(self.limiter),
            clock=self._clock,
            sleep=self._sleep,
            random=self._random,
        )
        self._tickets = itertools.count()
        self._counters = _Counters()
        self._calls: set[anyio.CancelScope] = set()
        self._closing = False
        self._idle: anyio.Event | None = None

    def __repr__(self) -> str:
        return f"<RateLimitTransport limiter={self.limiter!r} retry={self.retry!r}>"

    @property
    def stats(self) -> ClientStats:
        """A snapshot of the counters (see `ClientStats`)."""
        c = self._counters
        return ClientStats(
            requests_sent=c.requests_sent,
            responses=dict(c.responses),
            transport_errors=c.transport_errors,
            retries=c.retries,
            rate_limited=c.rate_limited,
            gate_closures=c.gate_closures,
            exhausted=c.exhausted,
            limiter_wait=self._gate.limiter_wait,
            gate_wait=self._gate.gate_wait,
            backoff_wait=c.backoff_wait,
            limiter_rate=self.limiter.rate if self.limiter is not None else None,
        )

    @property
    def cooldown_remaining(self) -> float:
        """Seconds until the gate reopens (0.0 when it is open)."""
        return self._gate.remaining()

    @property
    def is_closed(self) -> bool:
        """Whether `aclose` has started: no request is sent any more."""
        return self._closing

    async def aclose(self) -> None:
        """Stop sending, cancel what is queued or in flight, then close the inner transport.

        Once it starts, no request leaves: calls waiting in the queue, at the gate, for the
        limiter or in a backoff sleep raise `ClientClosedError` without being sent, and calls
        whose request is in flight are cancelled and raise `ClientClosedError` too (their
        request may have reached the server). When it returns, the inner transport is closed,
        so its connections are.
        """
        self._closing = True
        with anyio.CancelScope(shield=True):
            if self._calls:
                self._idle = anyio.Event()
                for scope in list(self._calls):
                    scope.cancel()
                # Cancelled calls unwind at once; the bound only guards against a limiter
                # that shields itself from cancellation forever.
                with anyio.move_on_after(_UNWIND_TIMEOUT):
                    await self._idle.wait()
            await self._inner.aclose()

    def _closed_error(self, call: _Call) -> ClientClosedError:
        if call.in_flight:
            return ClientClosedError(
                f"{call.method} {call.path}: the client was closed while the request was in "
                "flight; it may have reached the server"
            )
        return ClientClosedError(
            f"{call.method} {call.path} not sent: the client was closed (aclose) while the "
            "call was waiting its turn"
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the gate, reading the answer, retrying as allowed."""
        call = _Call(
            request=request,
            ticket=next(self._tickets),
            method=request.method.upper(),
            path=request.url.path,
            policy=_policy_of(request, self.retry),
            retry_writes=bool(request.extensions.get(RETRY_WRITES_EXTENSION)),
            replayable=_replayable(request),
        )
        if self._closing:
            raise self._closed_error(call)
        with anyio.CancelScope() as scope:
            self._calls.add(scope)
            try:
                return await self._loop(call)
            except Exception as exc:
                if scope.cancel_called:
                    raise self._closed_error(call) from exc
                raise
            finally:
                self._calls.discard(scope)
                if self._idle is not None and not self._calls:
                    self._idle.set()
        raise self._closed_error(call)

    async def _loop(self, call: _Call) -> httpx.Response:
        while True:
            outcome: _Outcome | None = None
            decision: RetryDecision | None = None
            interrupted: BaseException | None = None
            call.sent = False
            try:
                outcome = await self._attempt(call)
                call.in_flight = False
                decision = self._decide(call, outcome)
            except BaseException as exc:
                interrupted = exc
                raise
            finally:
                if call.sent:
                    self._record(call, outcome, decision, interrupted)
            if outcome.response is not None:
                if not decision.retry:
                    return self._finish(call, outcome.response)
                await _close(outcome.response)
            elif not decision.retry:
                assert outcome.error is not None  # noqa: S101 - an outcome is one or the other
                raise outcome.error
            self._counters.retries += 1
            if decision.counts:
                call.retries += 1
            if decision.delay > 0:
                await self._backoff_sleep(decision.delay)

    async def _attempt(self, call: _Call) -> _Outcome:
        """Wait for a turn at the gate, then exchange; the probe keeps the queue meanwhile."""
        try:
            turn = await self._gate.enter(call.ticket, call.policy, call.first_429_at)
        except GateRefusal as refusal:
            self._counters.exhausted += 1
            logger.debug(
                "%s %s: not sent, the gate stays closed %.2fs more (max_wait %.2fs)",
                call.method,
                call.path,
                refusal.remaining,
                call.policy.max_wait,
            )
            raise refused_at_gate(
                call.method,
                call.path,
                remaining=refusal.remaining,
                max_wait=call.policy.max_wait,
                attempts=call.attempts,
            ) from None
        try:
            if turn.probe:
                return await self._exchange(call, turn.epoch, turn.waited)
        finally:
            self._gate.leave()
        return await self._exchange(call, turn.epoch, turn.waited)

    async def _exchange(self, call: _Call, epoch: int, waited: float) -> _Outcome:
        """Send once and read the whole answer; a transport error is returned, not raised."""
        if self._closing:
            raise self._closed_error(call)
        call.attempts += 1
        call.sent = call.in_flight = True
        self._counters.requests_sent += 1
        outcome = _Outcome(waited=waited)
        started = self._clock()
        headers_at: float | None = None
        try:
            response = await self._inner.handle_async_request(call.request)
            headers_at = self._clock()
            response = await _read(response, call.request)
        except httpx.TransportError as exc:
            outcome.elapsed = (headers_at if headers_at is not None else self._clock()) - started
            self._counters.transport_errors += 1
            outcome.error = exc
            return outcome
        outcome.elapsed = headers_at - started
        outcome.response = response
        status = response.status_code
        self._counters.responses[f"{min(max(status // 100, 1), 5)}xx"] += 1
        if status == _RATE_LIMITED or status in RETRYABLE_STATUSES:
            now = None if "date" in response.headers else self._wall_clock()
            wait = parse_retry_after(response.headers, now=now)
            outcome.server_wait = None if wait is None else max(wait, MIN_SERVER_WAIT)
        if status == _RATE_LIMITED:
            self._counters.rate_limited += 1
            call.server_retry_after = outcome.server_wait
        admission = self._gate.admission
        admission.on_response(response)
        closed = self._gate.answered(status, epoch, call.server_retry_after, call.policy)
        if closed is not None:
            self._counters.gate_closures += 1
            logger.warning(
                "429 on %s %s: pausing every request of this client for %.2fs (%s)",
                call.method,
                call.path,
                *closed,
            )
        cooldown = 0.0
        if status == _RATE_LIMITED and call.policy.shared_cooldown:
            cooldown = self._gate.remaining()
        try:
            await admission.settle(response, cooldown)
        except BaseException:
            await _close(response)
            raise
        return outcome

    def _decide(self, call: _Call, outcome: _Outcome) -> RetryDecision:
        if outcome.response is not None:
            failure = classify_status(outcome.response.status_code)
        else:
            failure = classify_error(outcome.error) if outcome.error is not None else None
        spent = 0.0
        cooldown = 0.0
        if outcome.response is not None and outcome.response.status_code == _RATE_LIMITED:
            now = self._clock()
            if call.first_429_at is None:
                call.first_429_at = now
            spent = now - call.first_429_at
            cooldown = self._gate.cooldown.remaining(now)
        decision = decide_retry(
            call.method,
            failure,
            call.policy,
            retries=call.retries,
            attempts=call.attempts,
            replayable=call.replayable,
            retry_writes=call.retry_writes,
            server_wait=outcome.server_wait,
            cooldown=cooldown,
            spent_on_429s=spent,
            rand=self._random,
        )
        if decision.exhausted:
            self._counters.exhausted += 1
        if not decision.retry and decision.retry_after is not None:
            call.retry_after = decision.retry_after
        return decision

    def _record(
        self,
        call: _Call,
        outcome: _Outcome | None,
        decision: RetryDecision | None,
        interrupted: BaseException | None,
    ) -> None:
        """Log the attempt and hand its `Attempt` to ``on_attempt``: once per attempt sent."""
        status: int | None = None
        if outcome is not None and outcome.response is not None:
            status, failure = outcome.response.status_code, None
            shown = str(status)
        elif outcome is not None and outcome.error is not None:
            failure, shown = failure_kind(outcome.error), type(outcome.error).__name__
        elif isinstance(interrupted, anyio.get_cancelled_exc_class() | ClientClosedError):
            failure = shown = "cancelled"
        else:
            failure = failure_kind(interrupted) if interrupted is not None else "error"
            shown = type(interrupted).__name__
        will_retry = decision is not None and decision.retry
        waited = outcome.waited if outcome is not None else 0.0
        if not self._audited:
            logger.debug(
                "%s %s -> %s (attempt %d, waited %.3fs)",
                call.method,
                call.path,
                shown,
                call.attempts,
                waited,
            )
        if decision is not None and decision.retry:
            logger.debug(
                "%s %s -> %s: retrying in %.3fs (attempt %d)",
                call.method,
                call.path,
                shown,
                decision.retry_after if decision.retry_after is not None else decision.delay,
                call.attempts + 1,
            )
        if self.on_attempt is None:
            return
        attempt = Attempt(
            request=call.request,
            number=call.attempts,
            status_code=status,
            failure=failure,
            elapsed=outcome.elapsed if outcome is not None else 0.0,
            waited=waited,
            will_retry=will_retry,
        )
        try:
            self.on_attempt(attempt)
        except Exception as exc:  # noqa: BLE001 - a callback never breaks the call
            # The type only: the message or a traceback could quote the request's headers.
            logger.error(  # noqa: TRY400
                "the on_attempt callback failed (%s); the call goes on", type(exc).__name__
            )

    async def _backoff_sleep(self, delay: float) -> None:
        start = self._clock()
        try:
            await self._sleep(delay)
        finally:
            self._counters.backoff_wait += max(0.0, self._clock() - start)

    def _finish(self, call: _Call, response: httpx.Response) -> httpx.Response:
        extensions = {**response.extensions, ATTEMPTS_EXTENSION: call.attempts}
        if response.status_code == _RATE_LIMITED:
            extensions[RETRY_AFTER_EXTENSION] = (
                call.retry_after if call.retry_after is not None else call.server_retry_after
            )
        response.extensions = extensions
        return response


_RETRY_WRITES: ContextVar[bool] = ContextVar("mighty_async_retry_writes", default=False)


class RetryingWrites:
    """A ``with`` / ``async with`` block in which POST and PATCH calls may be retried.

    Returned by `AsyncMightyClient.retrying_writes`. Inside the block, a POST or PATCH that
    timed out while reading, broke mid-answer, or got a 502/503/504 is retried like a GET:
    use it only for writes that are safe to repeat (setting a value, adding a tag twice).
    It applies to calls made in the current task (and tasks it starts inside the block).
    """

    def __init__(self) -> None:
        self._token: Token[bool] | None = None

    def __enter__(self) -> Self:
        self._token = _RETRY_WRITES.set(True)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._token is not None:
            _RETRY_WRITES.reset(self._token)
            self._token = None

    async def __aenter__(self) -> Self:
        return self.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.__exit__(exc_type, exc, tb)


def retry_writes_extensions() -> Mapping[str, object]:
    """The request extensions that carry the current `RetryingWrites` opt-in, if any."""
    return {RETRY_WRITES_EXTENSION: True} if _RETRY_WRITES.get() else {}
