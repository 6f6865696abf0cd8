"""`WebhookReceiver`: the checks between an HTTP request and a typed event, framework-free.

Mighty does not sign deliveries. The admin types a secret into the network's webhook settings
and Mighty sends it back as ``Authorization: Bearer <secret>`` on every delivery, so the check
is a constant-time comparison of that header. The receiver keeps only SHA-256 digests of the
configured secrets, and compares digests, so neither the secret nor its length can leak
through a repr, a log line, an exception or the comparison's timing.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

import anyio

from mighty_async._config import check_int, check_number
from mighty_async.errors import (
    ConfigurationError,
    DuplicateEvent,
    EventInProgress,
    InvalidSecret,
    PayloadTooLarge,
    ReplayedEvent,
)

from ._parse import parse_event
from ._store import EventStore, InMemoryEventStore

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable, Mapping, Sequence

    import cattrs

    from ._events import KnownEvent, WebhookEvent

__all__ = [
    "DEFAULT_MAX_BODY_SIZE",
    "DEFAULT_REPLAY_WINDOW",
    "SECRET_ENV",
    "WebhookReceiver",
]

logger = logging.getLogger("mighty_async.webhooks")

SECRET_ENV: Final = "MIGHTY_WEBHOOK_SECRET"  # noqa: S105 - the variable's name, not a secret
"""The environment variable `WebhookReceiver` reads the secret from when none is passed."""
DEFAULT_REPLAY_WINDOW: Final = timedelta(hours=24)
"""How far from now a delivery's ``event_timestamp`` may be before it counts as replayed.

Wide enough for Mighty's retries, which come "up to 5 times over several hours" and, as far as
is known, keep the original ``event_timestamp``; narrow enough to refuse a delivery replayed
days later. De-duplication on ``event_id`` is the main defence against replays."""
DEFAULT_MAX_BODY_SIZE: Final = 1024 * 1024
"""The largest body `WebhookReceiver` reads by default (1 MiB); bigger ones are refused (413)."""
_BEARER = "bearer"


def _digest(value: str) -> bytes:
    # surrogatepass: a header may hold any code point, lone surrogates included
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).digest()


def _secrets(secret: str | Sequence[str] | None) -> tuple[bytes, ...]:
    if secret is None:
        secret = os.environ.get(SECRET_ENV)
        if secret is None:
            raise ConfigurationError(
                f"no webhook secret given: pass secret= to WebhookReceiver or set {SECRET_ENV}"
            )
    values = (secret,) if isinstance(secret, str) else tuple(secret)
    if not values:
        raise ConfigurationError("at least one webhook secret is needed")
    digests = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise ConfigurationError("a webhook secret must be a non-empty string")
        if any(ch in value for ch in "\r\n"):
            raise ConfigurationError("a webhook secret must not contain line breaks")
        digests.append(_digest(value.strip()))
    return tuple(digests)


def _window(value: timedelta | float | None) -> timedelta | None:
    if value is None:
        return None
    if isinstance(value, timedelta):
        window = value
    else:
        window = timedelta(seconds=check_number("replay_window (seconds or a timedelta)", value))
    if window <= timedelta(0):
        raise ConfigurationError("replay_window must be positive, or None to turn it off")
    return window


def _utc_now() -> datetime:
    return datetime.now(UTC)


class WebhookReceiver:
    """Authenticate, parse, and de-duplicate Mighty webhook deliveries.

    ```python
    receiver = WebhookReceiver(secret="the value typed into Mighty's webhook settings")
    event = await receiver.receive(body, authorization=headers.get("authorization"))
    ```

    Args:
        secret: the shared secret, or several while rotating it (any one is accepted).
            Falls back to ``MIGHTY_WEBHOOK_SECRET``.
        replay_window: refuse deliveries whose ``event_timestamp`` is further than this from
            now, in the past or the future (seconds or a `timedelta`; None turns it off). It
            never applies to a timestamp that could not be read. The default, 24 hours,
            covers Mighty's retries, which come for hours with the original timestamp as far
            as is known; a narrower window would refuse them and lose the event.
        max_body_size: the largest body accepted, in bytes.
        store: where seen event ids are kept; an `InMemoryEventStore` by default.
        deduplicate: False turns de-duplication off (``store`` is then unused).
        clock: returns the current aware time; inject one in tests.
        converter: the cattrs converter for payloads (tests pass the strict twin).
    """

    def __init__(
        self,
        secret: str | Sequence[str] | None = None,
        *,
        replay_window: timedelta | float | None = DEFAULT_REPLAY_WINDOW,
        max_body_size: int = DEFAULT_MAX_BODY_SIZE,
        store: EventStore | None = None,
        deduplicate: bool = True,
        clock: Callable[[], datetime] = _utc_now,
        converter: cattrs.Converter | None = None,
    ) -> None:
        self._digests = _secrets(secret)
        self.replay_window = _window(replay_window)
        self.max_body_size = check_int("max_body_size", max_body_size, minimum=1)
        self.store: EventStore | None = (
            (store if store is not None else InMemoryEventStore()) if deduplicate else None
        )
        self._clock = clock
        self._converter = converter

    def __repr__(self) -> str:
        window = (
            f"{self.replay_window.total_seconds():g}s" if self.replay_window is not None else "off"
        )
        return (
            f"<WebhookReceiver secret=*** replay_window={window} "
            f"max_body_size={self.max_body_size} store={self.store!r}>"
        )

    def check_authorization(self, authorization: str | None) -> None:
        """Accept ``Bearer <secret>`` with a configured secret, or raise `InvalidSecret`.

        The scheme is case-insensitive and surrounding blanks are ignored. Every configured
        secret is compared, in constant time, whichever matches.
        """
        if authorization is None or not authorization.strip():
            raise InvalidSecret("missing Authorization header")
        parts = authorization.split(None, 1)
        if len(parts) != 2 or parts[0].lower() != _BEARER:  # noqa: PLR2004 - scheme and credential
            raise InvalidSecret("the Authorization header is not a Bearer credential")
        given = _digest(parts[1].strip())
        matched = False
        for expected in self._digests:
            matched |= hmac.compare_digest(given, expected)
        if not matched:
            raise InvalidSecret("the Authorization header does not carry the webhook secret")

    def check_size(self, size: int) -> None:
        """Raise `PayloadTooLarge` when ``size`` bytes exceed ``max_body_size``.

        Frameworks call it with the ``Content-Length`` before reading, and again as the body
        streams in, so an oversized body is never held in memory whole.
        """
        if size > self.max_body_size:
            raise PayloadTooLarge(
                f"the body is over the limit of {self.max_body_size} bytes",
                limit=self.max_body_size,
            )

    def check_timestamp(self, event: WebhookEvent) -> None:
        """Raise `ReplayedEvent` when the event's timestamp is outside the replay window."""
        if self.replay_window is None or event.event_timestamp is None:
            return
        skew = self._clock() - event.event_timestamp
        if abs(skew) > self.replay_window:
            direction = "old" if skew > timedelta(0) else "in the future"
            raise ReplayedEvent(
                f"event {event.event_id} is {abs(skew).total_seconds():.0f}s {direction}; "
                f"the replay window is {self.replay_window.total_seconds():g}s"
            )

    def parse(
        self,
        body: bytes | bytearray | memoryview | str | Mapping[str, Any],
        *,
        event_type: str | type[KnownEvent] | None = None,
    ) -> WebhookEvent:
        """Check the size, parse, and check the replay window; no secret, no de-duplication."""
        if isinstance(body, str):
            self.check_size(len(body.encode("utf-8", "surrogatepass")))
        elif isinstance(body, memoryview):
            self.check_size(body.nbytes)
        elif isinstance(body, bytes | bytearray):
            self.check_size(len(body))
        event = parse_event(body, event_type=event_type, converter=self._converter)
        self.check_timestamp(event)
        return event

    async def receive(
        self,
        body: bytes | bytearray | memoryview | str | Mapping[str, Any],
        *,
        authorization: str | None,
        event_type: str | type[KnownEvent] | None = None,
    ) -> WebhookEvent:
        """Run every check on one delivery, claim its event, and return it.

        Order: the secret (so nobody unauthenticated gets further), the size, the body, the
        replay window, then the claim (so only authentic, fresh deliveries are stored).

        The event is then *in progress*: call `complete` once it was handled, or `forget`
        when handling failed, or use `delivery`, which does both. Until then a retry of the
        same event is refused with `EventInProgress`.

        Args:
            body: the raw request body.
            authorization: the request's ``Authorization`` header, None when absent.
            event_type: the type this endpoint is configured for, used when the body names
                none (see `parse_event`).

        Raises:
            InvalidSecret, PayloadTooLarge, InvalidPayload, ReplayedEvent: refuse the
                delivery with the error's ``status_code``.
            EventInProgress: another delivery of this event is being handled; answer 409
                (Mighty retries later).
            DuplicateEvent: the event was handled already; acknowledge with 200.
        """
        self.check_authorization(authorization)
        event = self.parse(body, event_type=event_type)
        await self.check_duplicate(event)
        return event

    @asynccontextmanager
    async def delivery(
        self,
        body: bytes | bytearray | memoryview | str | Mapping[str, Any],
        *,
        authorization: str | None,
        event_type: str | type[KnownEvent] | None = None,
    ) -> AsyncIterator[WebhookEvent]:
        """`receive` one delivery for the ``async with`` block, which handles its event.

        ```python
        async with receiver.delivery(body, authorization=header) as event:
            await handle(event)
        ```

        Leaving the block normally marks the event handled; an exception (or a cancellation)
        forgets it, so that Mighty's retry runs the handler again, and propagates. Raises
        what `receive` raises, before the block runs.
        """
        event = await self.receive(body, authorization=authorization, event_type=event_type)
        try:
            yield event
        except BaseException:
            with anyio.CancelScope(shield=True):
                await self.forget(event)
            raise
        await self.complete(event)

    async def check_duplicate(self, event: WebhookEvent) -> None:
        """Claim ``event`` for handling, or raise if it is being or was handled already.

        Raises:
            EventInProgress: another delivery of this ``event_id`` is being handled.
            DuplicateEvent: this ``event_id`` was handled successfully before.
        """
        if self.store is None:
            return
        state = await self.store.claim(event.event_id)
        if state == "in_progress":
            logger.info(
                "webhook delivery %s (%s) while it is being handled",
                event.event_id,
                event.event_type,
            )
            raise EventInProgress(
                f"event {event.event_id} is being handled by an earlier delivery; retry later",
                event=event,
            )
        if state == "handled":
            logger.info("duplicate webhook delivery %s (%s)", event.event_id, event.event_type)
            raise DuplicateEvent(f"event {event.event_id} was already handled", event=event)

    async def complete(self, event: WebhookEvent) -> None:
        """Mark ``event`` handled: later deliveries of it are `DuplicateEvent`."""
        if self.store is not None:
            await self.store.complete(event.event_id)

    async def forget(self, event: WebhookEvent) -> None:
        """Release ``event`` in the de-duplication store, so that a retry is processed.

        Call it when processing failed and the delivery is answered with an error.
        """
        if self.store is not None:
            await self.store.release(event.event_id)
