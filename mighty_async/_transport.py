"""`RateLimitTransport`: pacing, a shared 429 cooldown gate and safe retries, as a transport.

Every request of a client passes one queue (a `TicketLock`), served in order of first
arrival; a retried request keeps its place. The request at the head of the queue waits out a
closed gate, then takes a permit from the `Limiter`, then goes. So after a 429 nobody else hits
the API until the cooldown is over, and when it is, one request goes first as a probe: the rest
follow only once it got through. A queue of a thousand tasks costs one 429 per cooldown (plus
whatever was already in flight when the first one came), not a thousand.
"""

from __future__ import annotations

import itertools
import logging
import math
import random as _random
from collections.abc import Mapping
from contextvars import ContextVar, Token
from typing import TYPE_CHECKING, Final, Self

import anyio
import attrs
import httpx

from ._limiter import (
    SYSTEM_TIME,
    Clock,
    Limiter,
    RateLimit,
    SharedLimiter,
    Sleep,
    TicketLock,
    TokenBucket,
)
from ._sansio import (
    Failure,
    backoff_delay,
    classify_error,
    classify_status,
    parse_retry_after,
    should_retry,
)
from .errors import ConfigurationError, RateLimited

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


def _non_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise ConfigurationError(f"{attribute.name} must be a number >= 0, got {value!r}")


def _count(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ConfigurationError(f"{attribute.name} must be an integer >= 0, got {value!r}")


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """What the client does after a failed attempt.

    Attributes:
        max_retries: extra attempts after a 502, 503, 504 or a transport failure (for POST and
            PATCH only when the request surely never left, unless writes are opted in).
        max_wait: the longest one call waits out 429s, in seconds, counted from its first
            429 (or, for a call that got none, the longest it accepts to wait at a closed
            gate). A ``Retry-After`` beyond it is not slept on: the call raises `RateLimited`.
        backoff_base: the first retry after a 5xx or transport failure waits up to this long;
            each further one up to twice as long (full jitter).
        backoff_cap: no backoff sleep is longer than this.
        cooldown_base: after a 429 without ``Retry-After`` the gate closes for up to this
            long; each further 429 in a row doubles it (full jitter).
        cooldown_cap: the longest such guessed cooldown.
        reopen_jitter: the gate reopens after its wait plus up to this many seconds, so
            clients that were told the same ``Retry-After`` do not return in lockstep.
        shared_cooldown: close the gate for every request of the client on a 429. When off,
            only the refused request waits (each request for itself, as most SDKs do).
    """

    max_retries: int = attrs.field(default=2, validator=_count)
    max_wait: float = attrs.field(default=120.0, validator=_non_negative)
    backoff_base: float = attrs.field(default=0.5, validator=_non_negative)
    backoff_cap: float = attrs.field(default=30.0, validator=_non_negative)
    cooldown_base: float = attrs.field(default=2.0, validator=_non_negative)
    cooldown_cap: float = attrs.field(default=60.0, validator=_non_negative)
    reopen_jitter: float = attrs.field(default=0.5, validator=_non_negative)
    shared_cooldown: bool = True

    @classmethod
    def disabled(cls) -> RetryPolicy:
        """No retries at all: every failure and every 429 reaches the caller at once."""
        return cls(max_retries=0, max_wait=0.0)


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
        transport_errors: attempts that failed without an answer (connect errors, timeouts).
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
    """One attempt the transport sent, as its ``on_attempt`` callback receives it.

    Attributes:
        request: the request as sent (its ``Authorization`` header is the token used).
        number: 1 for the first attempt, 2 for the first retry, ...
        status_code: the answer's status, or None when the attempt got no answer.
        failure: when there was no answer, the kind of failure (``"not_sent"``,
            ``"uncertain"``, or ``"error"`` for one that is never retried).
        elapsed: seconds from sending to the answer (or the failure), on the client's clock.
        waited: seconds this attempt waited for the limiter and the cooldown gate.
        will_retry: whether the transport sends the request again.
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
    limiter_wait: float = 0.0
    gate_wait: float = 0.0
    backoff_wait: float = 0.0


@attrs.define
class _Gate:
    """The shared cooldown: closed until ``reopen_at`` after a 429, then probed once."""

    reopen_at: float = -math.inf
    closed_at: float = -math.inf
    finished_closed: float = 0.0
    epoch: int = 0
    consecutive: int = 0
    needs_probe: bool = False

    def remaining(self, now: float) -> float:
        return max(0.0, self.reopen_at - now)

    def closed_time(self, now: float) -> float:
        """Seconds the gate has been closed in total, up to ``now``."""
        current = min(now, self.reopen_at) - self.closed_at if now > self.closed_at else 0.0
        return self.finished_closed + max(0.0, current)

    def close(self, now: float, wait: float) -> None:
        self.epoch += 1
        self.consecutive += 1
        self.needs_probe = True
        self.extend(now, wait)

    def extend(self, now: float, wait: float) -> None:
        if now >= self.reopen_at:
            if math.isfinite(self.closed_at):
                self.finished_closed += self.reopen_at - self.closed_at
            self.closed_at = now
            self.reopen_at = now + wait
        else:
            self.reopen_at = max(self.reopen_at, now + wait)

    def opened(self) -> None:
        self.consecutive = 0
        self.needs_probe = False


@attrs.define(eq=False)
class _Call:
    """The state of one `handle_async_request` across its attempts."""

    request: httpx.Request
    ticket: int
    method: str
    path: str
    retry_writes: bool
    replayable: bool
    retry: RetryPolicy
    attempts: int = 0
    retries: int = 0
    first_429_at: float | None = None
    server_retry_after: float | None = None
    retry_after: float | None = None
    last: tuple[int | None, str | None, float, float] | None = None


def _policy(request: httpx.Request, default: RetryPolicy) -> RetryPolicy:
    policy = request.extensions.get(RETRY_POLICY_EXTENSION)
    return policy if isinstance(policy, RetryPolicy) else default


def _replayable(request: httpx.Request) -> bool:
    return isinstance(request.stream, httpx.ByteStream | _MultipartStream)


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
      per `RetryPolicy`, never duplicating a write: see `mighty_async._sansio.should_retry`.
    - With a `SharedLimiter` (`RedisLimiter`), permits come from its shared budget and the
      gate is shared too: a 429 any process sees pauses this one, and the cooldowns this
      one starts pause the others.

    Args:
        inner: the transport that does the I/O (default: a new `httpx.AsyncHTTPTransport`).
        rate_limit: a `RateLimit` for the built-in `TokenBucket`, any `Limiter`, or None for
            no proactive pacing (the gate and retries still work).
        retry: the `RetryPolicy`; None means `RetryPolicy.disabled()`.
        clock: a monotonic clock in seconds (default ``time.monotonic``).
        sleep: an async sleep in seconds (default ``anyio.sleep``).
        wall_clock: Unix time, for ``Retry-After`` dates when the answer has no ``Date``
            (default ``time.time``).
        random: uniform draws in ``[0, 1)`` for every jitter (default ``random.random``).
        on_attempt: called with an `Attempt` once per attempt sent; what it raises is logged
            and dropped, so an audit sink can never break a call.
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
        self._inner = inner if inner is not None else httpx.AsyncHTTPTransport()
        self._clock = clock if clock is not None else SYSTEM_TIME.clock
        self._sleep = sleep if sleep is not None else SYSTEM_TIME.sleep
        self._wall_clock = wall_clock if wall_clock is not None else SYSTEM_TIME.wall_clock
        self.limiter = make_limiter(rate_limit, clock=self._clock, sleep=self._sleep)
        self._shared = self.limiter if isinstance(self.limiter, SharedLimiter) else None
        self.retry = retry if retry is not None else RetryPolicy.disabled()
        self._random = random if random is not None else _random.random
        self._queue = TicketLock()
        self._tickets = itertools.count()
        self._gate = _Gate()
        self._counters = _Counters()
        self.on_attempt = on_attempt

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
            limiter_wait=c.limiter_wait,
            gate_wait=c.gate_wait,
            backoff_wait=c.backoff_wait,
            limiter_rate=self.limiter.rate if self.limiter is not None else None,
        )

    @property
    def cooldown_remaining(self) -> float:
        """Seconds until the gate reopens (0.0 when it is open)."""
        return self._gate.remaining(self._clock())

    async def aclose(self) -> None:
        """Close the inner transport and its connections."""
        await self._inner.aclose()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the queue, the gate and the limiter, retrying as allowed."""
        call = _Call(
            request=request,
            ticket=next(self._tickets),
            method=request.method.upper(),
            path=request.url.path,
            retry_writes=bool(request.extensions.get(RETRY_WRITES_EXTENSION)),
            replayable=_replayable(request),
            retry=_policy(request, self.retry),
        )
        while True:
            outcome = await self._attempt(call)
            if isinstance(outcome, httpx.Response):
                delay = self._after_response(call, outcome)
                self._report(call, will_retry=delay is not None)
                if delay is None:
                    return self._finish(call, outcome)
                await _close(outcome)
            else:
                delay = self._after_error(call, outcome)
                self._report(call, will_retry=delay is not None)
                if delay is None:
                    raise outcome
            self._counters.retries += 1
            if delay > 0:
                await self._backoff_sleep(delay)

    def _report(self, call: _Call, *, will_retry: bool) -> None:
        if self.on_attempt is None or call.last is None:
            return
        status, failure, elapsed, waited = call.last
        attempt = Attempt(
            request=call.request,
            number=call.attempts,
            status_code=status,
            failure=failure,
            elapsed=elapsed,
            waited=waited,
            will_retry=will_retry,
        )
        try:
            self.on_attempt(attempt)
        except Exception:
            logger.exception("the on_attempt callback failed; the call goes on")

    async def _backoff_sleep(self, delay: float) -> None:
        start = self._clock()
        try:
            await self._sleep(delay)
        finally:
            self._counters.backoff_wait += max(0.0, self._clock() - start)

    async def _attempt(self, call: _Call) -> httpx.Response | httpx.TransportError:
        epoch, waited = await self._wait_turn(call)
        try:
            if self._gate.needs_probe:
                # The first request after a cooldown goes alone: the queue waits for its answer.
                return await self._send(call, epoch, waited)
        finally:
            self._queue.release()
        return await self._send(call, epoch, waited)

    async def _wait_turn(self, call: _Call) -> tuple[int, float]:
        """Wait for the head of the queue, the gate and a permit; return holding the queue."""
        start = self._clock()
        closed_before = self._gate.closed_time(start)
        try:
            await self._queue.acquire(call.ticket)
            try:
                epoch = await self._admit(call)
            except BaseException:
                self._queue.release()
                raise
        finally:
            waited = self._account_wait(start, closed_before)
        return epoch, waited

    async def _admit(self, call: _Call) -> int:
        while True:
            now = self._clock()
            remaining = self._gate.remaining(now)
            if remaining > 0:
                self._check_budget(call, now, remaining)
                await self._sleep(remaining + call.retry.reopen_jitter * self._random())
                continue
            if self._shared is not None:
                shared_wait = await self._shared.admit()
                if shared_wait > 0:
                    self._adopt_cooldown(shared_wait)
                    continue
            elif self.limiter is not None:
                await self.limiter.acquire()
            if self._gate.remaining(self._clock()) > 0:
                continue
            return self._gate.epoch

    def _adopt_cooldown(self, wait: float) -> None:
        """Close the gate for a cooldown another process started (a `SharedLimiter`'s)."""
        now = self._clock()
        remaining = self._gate.remaining(now)
        if remaining >= wait:
            return
        if remaining > 0:
            self._gate.extend(now, wait)
            return
        self._gate.close(now, wait)
        logger.warning(
            "429 seen by another client sharing the limiter: pausing every request of this "
            "client for %.2fs",
            wait,
        )

    def _check_budget(self, call: _Call, now: float, remaining: float) -> None:
        spent = now - call.first_429_at if call.first_429_at is not None else 0.0
        if spent + remaining <= call.retry.max_wait:
            return
        self._counters.exhausted += 1
        logger.debug(
            "%s %s: not sent, the gate stays closed %.2fs more (max_wait %.2fs)",
            call.method,
            call.path,
            remaining,
            call.retry.max_wait,
        )
        raise RateLimited(
            code=None,
            message=(
                f"{call.method} {call.path} not sent: after a 429 every request of this client "
                f"is paused for {remaining:.1f}s more, beyond max_wait={call.retry.max_wait:g}s"
            ),
            retry_after=remaining,
            attempts=call.attempts,
        )

    def _account_wait(self, start: float, closed_before: float) -> float:
        now = self._clock()
        total = max(0.0, now - start)
        at_gate = min(total, max(0.0, self._gate.closed_time(now) - closed_before))
        self._counters.gate_wait += at_gate
        self._counters.limiter_wait += total - at_gate
        return total

    async def _send(
        self, call: _Call, epoch: int, waited: float
    ) -> httpx.Response | httpx.TransportError:
        call.attempts += 1
        self._counters.requests_sent += 1
        sent_at = self._clock()
        try:
            response = await self._inner.handle_async_request(call.request)
        except httpx.TransportError as exc:
            self._counters.transport_errors += 1
            self._log_attempt(call, type(exc).__name__, waited)
            kind = classify_error(exc)
            call.last = self._attempt_record(
                None, kind.value if kind is not None else "error", sent_at, waited
            )
            return exc
        status = response.status_code
        self._counters.responses[f"{min(max(status // 100, 1), 5)}xx"] += 1
        if status == _RATE_LIMITED:
            self._counters.rate_limited += 1
            call.server_retry_after = self._server_retry_after(response)
        if self.limiter is not None:
            self.limiter.on_response(response)
        self._log_attempt(call, str(status), waited)
        call.last = self._attempt_record(status, None, sent_at, waited)
        self._update_gate(call, status, epoch)
        if self._shared is not None:
            await self._settle(self._shared, response)
        return response

    async def _settle(self, shared: SharedLimiter, response: httpx.Response) -> None:
        cooldown = 0.0
        if response.status_code == _RATE_LIMITED and self.retry.shared_cooldown:
            cooldown = self._gate.remaining(self._clock())
        try:
            await shared.settle(response, cooldown)
        except BaseException:
            await _close(response)
            raise

    def _attempt_record(
        self, status: int | None, failure: str | None, sent_at: float, waited: float
    ) -> tuple[int | None, str | None, float, float]:
        return status, failure, max(0.0, self._clock() - sent_at), waited

    def _log_attempt(self, call: _Call, outcome: str, waited: float) -> None:
        logger.debug(
            "%s %s -> %s (attempt %d, waited %.3fs)",
            call.method,
            call.path,
            outcome,
            call.attempts,
            waited,
        )

    def _server_retry_after(self, response: httpx.Response) -> float | None:
        now = None if "date" in response.headers else self._wall_clock()
        wait = parse_retry_after(response.headers, now=now)
        return None if wait is None else max(wait, MIN_SERVER_WAIT)

    def _update_gate(self, call: _Call, status: int, epoch: int) -> None:
        if not call.retry.shared_cooldown:
            return
        gate = self._gate
        if status != _RATE_LIMITED:
            if epoch == gate.epoch:
                gate.opened()
            return
        now = self._clock()
        server_wait = call.server_retry_after
        if epoch != gate.epoch:
            # Sent before the gate last closed: the same burst of 429s, not new news.
            if server_wait is not None and gate.remaining(now) > 0:
                gate.extend(now, server_wait)
            return
        if server_wait is not None:
            wait, reason = server_wait, "Retry-After"
        else:
            wait = backoff_delay(
                gate.consecutive,
                base=call.retry.cooldown_base,
                cap=call.retry.cooldown_cap,
                rand=self._random(),
            )
            reason = "no Retry-After: backoff"
        gate.close(now, wait)
        self._counters.gate_closures += 1
        logger.warning(
            "429 on %s %s: pausing every request of this client for %.2fs (%s)",
            call.method,
            call.path,
            gate.remaining(now),
            reason,
        )

    def _after_response(self, call: _Call, response: httpx.Response) -> float | None:
        """Decide what follows an answer: None returns it, a number retries after that sleep."""
        failure = classify_status(response.status_code)
        if failure is Failure.RATE_LIMITED:
            return self._after_429(call)
        if failure is None or not should_retry(
            call.method, failure, retry_writes=call.retry_writes
        ):
            return None
        if call.retries >= call.retry.max_retries or not call.replayable:
            self._counters.exhausted += 1
            return None
        server_wait = self._server_retry_after(response)
        delay = self._backoff(call)
        if server_wait is not None and server_wait <= call.retry.backoff_cap:
            delay = server_wait
        self._log_retry(call, str(response.status_code), delay)
        return delay

    def _after_429(self, call: _Call) -> float | None:
        now = self._clock()
        if call.first_429_at is None:
            call.first_429_at = now
        if call.retry.shared_cooldown:
            wait, delay = self._gate.remaining(now), 0.0
        else:
            own = call.server_retry_after
            if own is None:
                own = backoff_delay(
                    call.attempts - 1,
                    base=call.retry.cooldown_base,
                    cap=call.retry.cooldown_cap,
                    rand=self._random(),
                )
            wait = delay = own
        if not call.replayable or (now - call.first_429_at) + wait > call.retry.max_wait:
            call.retry_after = wait
            self._counters.exhausted += 1
            return None
        self._log_retry(call, "429", wait)
        return delay

    def _after_error(self, call: _Call, exc: httpx.TransportError) -> float | None:
        failure = classify_error(exc)
        if not should_retry(call.method, failure, retry_writes=call.retry_writes):
            return None
        if call.retries >= call.retry.max_retries or (
            failure is Failure.UNCERTAIN and not call.replayable
        ):
            self._counters.exhausted += 1
            return None
        delay = self._backoff(call)
        self._log_retry(call, type(exc).__name__, delay)
        return delay

    def _backoff(self, call: _Call) -> float:
        delay = backoff_delay(
            call.retries,
            base=call.retry.backoff_base,
            cap=call.retry.backoff_cap,
            rand=self._random(),
        )
        call.retries += 1
        return delay

    def _log_retry(self, call: _Call, outcome: str, delay: float) -> None:
        logger.debug(
            "%s %s -> %s: retrying in %.3fs (attempt %d)",
            call.method,
            call.path,
            outcome,
            delay,
            call.attempts + 1,
        )

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
