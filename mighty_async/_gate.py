"""The gate of one client: its queue and its 429 cooldown, as one unit.

Every request of a client passes one queue (a `TicketLock`), served in order of first
arrival; a retried request keeps its place. The request at the head of the queue waits out a
closed cooldown, then takes a permit from the `Admission` (the limiter), then goes. So after
a 429 nobody else hits the API until the cooldown is over, and when it is, one request goes
first as a probe (it holds the queue until its answer came): the rest follow only once it got
through.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING

import attrs

from ._limiter import TicketLock
from ._sansio import backoff_delay, fits_max_wait

if TYPE_CHECKING:
    from collections.abc import Callable

    from ._limiter import Admission, Clock, Sleep
    from ._sansio import RetryPolicy

__all__ = ["Cooldown", "Gate", "GateRefusal", "Turn"]

logger = logging.getLogger("mighty_async")


@attrs.define
class Cooldown:
    """The shared cooldown: closed until ``reopen_at`` after a 429, then probed once."""

    reopen_at: float = -math.inf
    closed_at: float = -math.inf
    finished_closed: float = 0.0
    epoch: int = 0
    consecutive: int = 0
    needs_probe: bool = False

    def remaining(self, now: float) -> float:
        """Seconds until it reopens (0.0 when open)."""
        return max(0.0, self.reopen_at - now)

    def closed_time(self, now: float) -> float:
        """Seconds it has been closed in total, up to ``now``."""
        current = min(now, self.reopen_at) - self.closed_at if now > self.closed_at else 0.0
        return self.finished_closed + max(0.0, current)

    def close(self, now: float, wait: float) -> None:
        """Close for ``wait`` seconds: a new event (a new epoch), probed when it reopens."""
        self.epoch += 1
        self.consecutive += 1
        self.needs_probe = True
        self.extend(now, wait)

    def extend(self, now: float, wait: float) -> None:
        """Stay closed at least ``wait`` more seconds (the same event)."""
        if now >= self.reopen_at:
            if math.isfinite(self.closed_at):
                self.finished_closed += self.reopen_at - self.closed_at
            self.closed_at = now
            self.reopen_at = now + wait
        else:
            self.reopen_at = max(self.reopen_at, now + wait)

    def opened(self) -> None:
        """A request got through after the cooldown: back to normal."""
        self.consecutive = 0
        self.needs_probe = False


@attrs.frozen
class Turn:
    """A request's turn to go: it holds the queue until `Gate.leave`.

    Attributes:
        epoch: the cooldown's epoch when it was admitted (answers to requests admitted before
            the last closure are old news).
        waited: seconds spent in the queue, at the closed gate and in the limiter.
        probe: the first request after a cooldown: it keeps the queue while in flight.
    """

    epoch: int
    waited: float
    probe: bool


class GateRefusal(Exception):
    """The cooldown stays closed beyond the call's ``max_wait``; ``remaining`` says how long."""

    def __init__(self, remaining: float) -> None:
        super().__init__(remaining)
        self.remaining = remaining


class Gate:
    """The queue, the cooldown and the admission of one client's requests.

    ``limiter_wait`` and ``gate_wait`` sum the seconds requests spent waiting for a permit
    (or their turn) and held by the closed cooldown.

    Args:
        admission: the limiter, as an `Admission`.
        clock: monotonic seconds.
        sleep: an async sleep in seconds.
        random: uniform draws in ``[0, 1)`` for the jitter.
    """

    def __init__(
        self,
        admission: Admission,
        *,
        clock: Clock,
        sleep: Sleep,
        random: Callable[[], float],
    ) -> None:
        self.admission = admission
        self.cooldown = Cooldown()
        self.queue = TicketLock()
        self._clock = clock
        self._sleep = sleep
        self._random = random
        self.limiter_wait = 0.0
        self.gate_wait = 0.0

    def remaining(self) -> float:
        """Seconds until the cooldown ends (0.0 when open)."""
        return self.cooldown.remaining(self._clock())

    async def enter(self, ticket: int, policy: RetryPolicy, first_429_at: float | None) -> Turn:
        """Wait for the head of the queue, the open gate and a permit; return holding the queue.

        Raises:
            GateRefusal: the cooldown outlasts the call's ``max_wait`` (counted from its first
                429, ``first_429_at``); nothing was taken.
        """
        start = self._clock()
        closed_before = self.cooldown.closed_time(start)
        try:
            await self.queue.acquire(ticket)
            try:
                epoch = await self._admit(policy, first_429_at)
            except BaseException:
                self.queue.release()
                raise
        finally:
            now = self._clock()
            waited = max(0.0, now - start)
            at_gate = min(waited, max(0.0, self.cooldown.closed_time(now) - closed_before))
            self.gate_wait += at_gate
            self.limiter_wait += waited - at_gate
        return Turn(epoch=epoch, waited=waited, probe=self.cooldown.needs_probe)

    def leave(self) -> None:
        """Hand the queue to the next request."""
        self.queue.release()

    async def _admit(self, policy: RetryPolicy, first_429_at: float | None) -> int:
        cooldown = self.cooldown
        while True:
            now = self._clock()
            remaining = cooldown.remaining(now)
            if remaining > 0:
                spent = now - first_429_at if first_429_at is not None else 0.0
                if not fits_max_wait(spent, remaining, policy):
                    raise GateRefusal(remaining)
                await self._sleep(remaining + policy.reopen_jitter * self._random())
                continue
            wait = await self.admission.admit()
            if wait > 0:
                self.adopt(wait)
                continue
            if cooldown.remaining(self._clock()) > 0:
                continue
            return cooldown.epoch

    def adopt(self, wait: float) -> None:
        """Close the gate for a cooldown another process started (a `SharedLimiter`'s)."""
        now = self._clock()
        remaining = self.cooldown.remaining(now)
        if remaining >= wait:
            return
        if remaining > 0:
            self.cooldown.extend(now, wait)
            return
        self.cooldown.close(now, wait)
        logger.warning(
            "429 seen by another client sharing the limiter: pausing every request of this "
            "client for %.2fs",
            wait,
        )

    def answered(
        self, status: int, epoch: int, server_wait: float | None, policy: RetryPolicy
    ) -> tuple[float, str] | None:
        """Update the cooldown with an answer; return (pause, reason) when a 429 closed it.

        A 429 answering a request admitted before the last closure is part of the same event:
        it may lengthen the pause (its ``Retry-After``) but does not close the gate again. A
        success admitted in the current epoch reopens it for everyone.
        """
        if not policy.shared_cooldown:
            return None
        cooldown = self.cooldown
        if status != 429:  # noqa: PLR2004
            if epoch == cooldown.epoch:
                cooldown.opened()
            return None
        now = self._clock()
        if epoch != cooldown.epoch:
            if server_wait is not None and cooldown.remaining(now) > 0:
                cooldown.extend(now, server_wait)
            return None
        if server_wait is not None:
            wait, reason = server_wait, "Retry-After"
        else:
            wait = backoff_delay(
                cooldown.consecutive,
                base=policy.cooldown_base,
                cap=policy.cooldown_cap,
                rand=self._random(),
            )
            reason = "no Retry-After: backoff"
        cooldown.close(now, wait)
        return cooldown.remaining(now), reason
