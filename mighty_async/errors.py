"""Every exception mighty-async raises, in one tree.

```text
MightyError
├── APIError                      the API answered with an error status
│   ├── BadRequest                400
│   ├── Unauthorized              401
│   │   └── TokenExpired          401 with code token_expired
│   ├── Forbidden                 403
│   │   └── RequestBlocked        403 that is not JSON: stopped before the API (CDN, proxy)
│   ├── NotFound                  404
│   ├── Conflict                  409
│   ├── UnprocessableEntity       422
│   ├── RateLimited               429, with retry_after and attempts
│   └── ServerError               5xx
├── MightyConnectionError         the request did not complete (DNS, refused, reset, ...)
│   └── MightyTimeout             ... because a timeout expired
├── ResponseValidationError       a 2xx body that does not fit the expected model
├── PaginationError               a page walk's pages stopped bringing new records
├── ConfigurationError            a missing or invalid setting or argument, found before sending
│   ├── AssetTooLarge             an upload over the API's size limit (25 MB)
│   └── InvalidPathParameter      an id that is not an id (".." or "1/2"): refused, nothing sent
├── ClientClosedError             the client was used after aclose()
├── QuotaExceeded                 the monthly request budget is used up; nothing was sent
├── LimiterUnavailable            a shared limiter's store (Redis) failed; set to fail closed
├── BulkError                     inputs of a bulk call failed (also an ExceptionGroup of them)
└── WebhookError                  a webhook delivery was refused (see status_code)
    ├── InvalidSecret             401: Authorization missing, or not the configured secret
    ├── PayloadTooLarge           413: the body is over the configured limit
    ├── InvalidPayload            400: not JSON, or not the shape of a delivery
    │   └── UndeterminedEventType 400: no type in the body, none stated, payload ambiguous
    ├── ReplayedEvent             400: event_timestamp outside the replay window
    ├── EventInProgress           409: another delivery of this event_id is being handled
    └── DuplicateEvent            200: event_id handled before; acknowledge, do not process

DuplicateItemsWarning (UserWarning): a page walk skipped records it had already yielded
```

Catch `APIError` for anything the server said, `MightyConnectionError` for anything the
network did, and `MightyError` for both. Messages never contain the API token: they are built
from the status, the server's error code and message, and the request's method and path.

`WebhookError` is the other direction, Mighty calling us: a web framework answers each one with
its ``status_code``, and its messages never contain the webhook secret.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    import httpx

__all__ = [
    "APIError",
    "AssetTooLarge",
    "BadRequest",
    "ClientClosedError",
    "ConfigurationError",
    "Conflict",
    "DuplicateEvent",
    "DuplicateItemsWarning",
    "EventInProgress",
    "Forbidden",
    "InvalidPathParameter",
    "InvalidPayload",
    "InvalidSecret",
    "LimiterUnavailable",
    "MightyConnectionError",
    "MightyError",
    "MightyTimeout",
    "NotFound",
    "PaginationError",
    "PayloadTooLarge",
    "QuotaExceeded",
    "RateLimited",
    "ReplayedEvent",
    "RequestBlocked",
    "ResponseValidationError",
    "ServerError",
    "TokenExpired",
    "Unauthorized",
    "UndeterminedEventType",
    "UnprocessableEntity",
    "WebhookError",
]


class MightyError(Exception):
    """The base of every exception this SDK raises on purpose."""


class APIError(MightyError):
    """The API answered with a status that is not a success.

    Attributes:
        status_code: the HTTP status of the answer.
        code: the API's machine-readable error code (``"token_expired"``), if it sent one.
        message: a human-readable explanation, from the API when it sent one.
        response: the `httpx.Response`, body already read, for anything not decoded here.
    """

    def __init__(
        self,
        *,
        status_code: int,
        code: str | None,
        message: str,
        response: httpx.Response | None = None,
    ) -> None:
        self.status_code = status_code
        self.code = code
        self.message = message
        self.response = response
        super().__init__(str(self))

    def __str__(self) -> str:
        head = f"{self.status_code} {self.code}" if self.code else str(self.status_code)
        return f"{head}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status_code={self.status_code!r}, "
            f"code={self.code!r}, message={self.message!r})"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_api_error, (type(self), self.status_code, self.code, self.message))


def _rebuild_api_error(
    cls: type[APIError], status_code: int, code: str | None, message: str
) -> APIError:
    return cls(status_code=status_code, code=code, message=message)


class BadRequest(APIError):
    """400: the request was malformed or a parameter value was refused."""


class Unauthorized(APIError):
    """401: the token is missing, invalid, revoked, or not for this network."""


class TokenExpired(Unauthorized):
    """401 with code ``token_expired``: the token was revoked or has expired."""


class Forbidden(APIError):
    """403: the token is valid but not allowed to do this."""


class RequestBlocked(Forbidden):
    """403 with a body that is not JSON: a CDN or proxy stopped the request.

    The API itself always answers JSON. An HTML 403 means the request never reached it; the
    usual causes are a missing or unusual ``User-Agent`` header or a proxy in between.
    """


class NotFound(APIError):
    """404: the resource, or a parent in its path, does not exist."""


class Conflict(APIError):
    """409: the request conflicts with the current state (an invite already accepted)."""


class UnprocessableEntity(APIError):
    """422: validation or a business rule refused the request (a duplicate email, ...)."""


class RateLimited(APIError):
    """429: too many requests, and waiting it out was not possible within the budget.

    Raised once the client's retries for 429s are used up (``RetryPolicy.max_wait``), at once
    when the server asks for a longer wait than that, and without sending the request when it
    is still queued behind a cooldown that outlasts ``max_wait``.

    Attributes:
        retry_after: seconds before this client sends again: the server's ``Retry-After``
            when it sent one, else the client's own cooldown; None when unknown.
        attempts: how many times the request was sent before giving up (0 when it was
            refused at the closed gate without being sent).
    """

    def __init__(
        self,
        *,
        status_code: int = 429,
        code: str | None,
        message: str,
        response: httpx.Response | None = None,
        retry_after: float | None = None,
        attempts: int = 1,
    ) -> None:
        self.retry_after = retry_after
        self.attempts = attempts
        super().__init__(status_code=status_code, code=code, message=message, response=response)

    def __str__(self) -> str:
        text = super().__str__()
        details = []
        if self.retry_after is not None:
            details.append(f"retry after {self.retry_after:g}s")
        if self.attempts > 1:
            details.append(f"{self.attempts} attempts")
        return f"{text} ({', '.join(details)})" if details else text


class ServerError(APIError):
    """5xx: the API failed to handle a request that may have been valid."""


class MightyConnectionError(MightyError):
    """The request did not complete: the connection failed, broke, or timed out.

    The underlying `httpx.TransportError` is chained as ``__cause__``.
    """


class MightyTimeout(MightyConnectionError):
    """A connect, read, write or pool timeout expired."""


class ResponseValidationError(MightyError):
    """A successful answer whose body does not fit the expected model.

    Attributes:
        model: the name of the model the body was structured into.
        errors: one line per failing field, as ``$.path: reason``.
        response: the `httpx.Response`, body already read.
    """

    def __init__(
        self,
        *,
        model: str,
        errors: Sequence[str],
        response: httpx.Response | None = None,
    ) -> None:
        self.model = model
        self.errors = tuple(errors)
        self.response = response
        super().__init__(str(self))

    def __str__(self) -> str:
        listed = "; ".join(self.errors) if self.errors else "no details"
        return f"response body does not fit {self.model}: {listed}"

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_validation_error, (self.model, self.errors))


def _rebuild_validation_error(model: str, errors: Sequence[str]) -> ResponseValidationError:
    return ResponseValidationError(model=model, errors=errors)


class PaginationError(MightyError):
    """A page walk gave up: several pages in a row brought no record it had not yielded.

    A server that ignores ``page`` (or repeats pages) answers the same full page, with
    ``links.next`` set, for ever; a walk would then loop without end. A short run of such
    pages is tolerated, since a burst of inserts during a walk can push a whole page of
    records onto the next one; a longer run ends the walk with this error, serial and
    concurrent walks alike, after the same items.

    Attributes:
        page: the page number at which the walk stopped.
        stale_pages: how many pages in a row, ending with ``page``, brought nothing new.
        yielded: how many items the walk had yielded.
    """

    def __init__(self, *, page: int, stale_pages: int, yielded: int) -> None:
        self.page = page
        self.stale_pages = stale_pages
        self.yielded = yielded
        super().__init__(str(self))

    def __str__(self) -> str:
        first = self.page - self.stale_pages + 1
        pages = f"page {first}" if first == self.page else f"pages {first}-{self.page}"
        return (
            f"{pages} brought no new item: the server seems to ignore `page` or to repeat "
            f"pages, so the walk stopped after {self.yielded} item(s) rather than loop for "
            "ever (max_pages bounds a walk too)"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_pagination_error, (self.page, self.stale_pages, self.yielded))


def _rebuild_pagination_error(page: int, stale_pages: int, yielded: int) -> PaginationError:
    return PaginationError(page=page, stale_pages=stale_pages, yielded=yielded)


class ConfigurationError(MightyError, ValueError):
    """A missing or invalid setting or argument, detected before any request is sent."""


class AssetTooLarge(ConfigurationError):
    """A file to upload is over the size the API accepts; nothing was sent.

    Attributes:
        size: the file's size in bytes (at least ``limit + 1`` when it was not fully read).
        limit: the largest accepted size in bytes.
    """

    def __init__(self, *, size: int, limit: int) -> None:
        self.size = size
        self.limit = limit
        super().__init__(
            f"the file is {size} bytes, over the {limit} byte ({limit // 2**20} MB) upload limit"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_asset_too_large, (self.size, self.limit))


def _rebuild_asset_too_large(size: int, limit: int) -> AssetTooLarge:
    return AssetTooLarge(size=size, limit=limit)


class InvalidPathParameter(ConfigurationError):
    """A value for a path parameter that is not an id; refused before anything is sent.

    Ids are data, never path syntax: an id is an ``int`` >= 0 (a string of ASCII digits is
    accepted and converted), so ``".."``, ``"1/2"``, ``"7?x=1"``, ``-1``, ``True`` or ``1.5``
    can never make a request address another resource. Being a `ConfigurationError`, it is
    also a `ValueError`.

    Attributes:
        parameter: the parameter's name in the path template (``"member_id"``, ``"id"``).
        template: the template being filled (``"/members/{id}/"``).
    """

    def __init__(self, message: str, *, parameter: str, template: str) -> None:
        self.parameter = parameter
        self.template = template
        super().__init__(message)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_invalid_path_parameter, (str(self), self.parameter, self.template))


def _rebuild_invalid_path_parameter(
    message: str, parameter: str, template: str
) -> InvalidPathParameter:
    return InvalidPathParameter(message, parameter=parameter, template=template)


class ClientClosedError(MightyError, RuntimeError):
    """The client was used after ``aclose()`` or after its ``async with`` block ended."""


class QuotaExceeded(MightyError):
    """The monthly request budget of a `RedisLimiter` is used up; the request was not sent.

    The API bills every request beyond a plan's monthly allowance, so the limiter refuses
    them before they leave instead. The count restarts with each calendar month (UTC).

    Attributes:
        network: the network whose budget it is.
        month: the month counted, as ``"YYYY-MM"`` (UTC).
        used: requests counted this month when the request was refused.
        budget: the configured monthly budget.
        estimated: True when the shared count could not be read (Redis was down) and
            ``used`` is this process's estimate of it.
    """

    def __init__(
        self, *, network: str, month: str, used: int, budget: int, estimated: bool = False
    ) -> None:
        self.network = network
        self.month = month
        self.used = used
        self.budget = budget
        self.estimated = estimated
        super().__init__(str(self))

    def __str__(self) -> str:
        about = "about " if self.estimated else ""
        return (
            f"the monthly budget of {self.budget} requests for network {self.network} is used "
            f"up ({about}{self.used} sent in {self.month}); the request was not sent"
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (
            _rebuild_quota_exceeded,
            (self.network, self.month, self.used, self.budget, self.estimated),
        )


def _rebuild_quota_exceeded(
    network: str, month: str, used: int, budget: int, estimated: bool
) -> QuotaExceeded:
    return QuotaExceeded(
        network=network, month=month, used=used, budget=budget, estimated=estimated
    )


class LimiterUnavailable(MightyError):
    """A shared limiter could not reach its store and is set to fail closed; nothing was sent.

    Raised by `RedisLimiter` with ``on_redis_error="fail_closed"`` when Redis does not answer
    within its timeout or answers with an error, and by `RedisLimiter.usage` whatever the
    setting. The Redis error is chained as ``__cause__``.
    """


class DuplicateItemsWarning(UserWarning):
    """A page walk met records it had already yielded, and skipped them.

    Lists are not snapshots: a member who joins while pages are being fetched shifts every
    later record by one, so a record can appear at the end of one page and the start of the
    next; a server can also send a page twice. The walk yields each record once (among the
    last few pages it remembers) and warns with the count when it ends.
    """


class WebhookError(MightyError):
    """A webhook delivery was refused; ``status_code`` is the HTTP answer to send back.

    Mighty retries any delivery not answered with a 2xx, up to 5 times, so a framework
    integration maps every subclass to its ``status_code`` instead of letting it become a 500.
    Messages never contain the webhook secret nor the ``Authorization`` header that was sent.
    """

    status_code: int = 400

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_webhook_error, (type(self), self.args, dict(self.__dict__)))


def _rebuild_webhook_error(
    cls: type[WebhookError], args: tuple[object, ...], state: dict[str, object]
) -> WebhookError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class InvalidSecret(WebhookError):
    """401: the ``Authorization: Bearer`` header is missing, malformed, or not the secret."""

    status_code = 401


class PayloadTooLarge(WebhookError):
    """413: the body is larger than the receiver's ``max_body_size``.

    Attributes:
        limit: the configured limit, in bytes.
    """

    status_code = 413

    def __init__(self, message: str, *, limit: int) -> None:
        self.limit = limit
        super().__init__(message)


class InvalidPayload(WebhookError):
    """400: the body is not JSON, or does not have the shape of a webhook delivery.

    Attributes:
        errors: one line per problem, as ``$.path: reason``.
    """

    def __init__(self, message: str, *, errors: Sequence[str] = ()) -> None:
        self.errors = tuple(errors)
        super().__init__(message)

    def __str__(self) -> str:
        text = super().__str__()
        return f"{text}: {'; '.join(self.errors)}" if self.errors else text


class UndeterminedEventType(InvalidPayload):
    """400: no event type in the body nor stated by the receiver, and none told by the shape.

    Several event types share one payload schema, so a payload's shape can name its type only
    for some of them.

    Attributes:
        candidates: the event types whose payload shape fits best (empty when none fits).
    """

    def __init__(self, message: str, *, candidates: Sequence[str] = ()) -> None:
        self.candidates = tuple(candidates)
        super().__init__(message)


class ReplayedEvent(WebhookError):
    """400: ``event_timestamp`` lies outside the receiver's replay window.

    Too old or too far in the future: the delivery may be a replay of a captured request.
    """


class EventInProgress(WebhookError):
    """409: another delivery of this ``event_id`` is being handled right now; try again later.

    A retry that arrives while the first delivery's handler still runs must not be
    acknowledged: if that handler then fails, Mighty, having seen a 2xx, would never deliver the
    event again. Any answer but a 2xx makes Mighty retry later, when the first delivery has
    either succeeded (the retry is then a `DuplicateEvent`) or failed (the retry then runs the
    handler again). ``retry_after`` is the ``Retry-After`` hint to send, in seconds.

    Attributes:
        event: the parsed delivery, for logging.
    """

    status_code = 409
    retry_after = 60

    def __init__(self, message: str, *, event: object) -> None:
        self.event = event
        super().__init__(message)


class DuplicateEvent(WebhookError):
    """200: this ``event_id`` was already handled; acknowledge it and do not process it again.

    Mighty retries a delivery until it sees a 2xx, so the same event can arrive more than once.
    Raised (rather than returned) so that code which forgets to check cannot process twice.
    Only an event whose handling succeeded is a duplicate (see `EventInProgress`).

    Attributes:
        event: the parsed duplicate, for logging.
    """

    status_code = 200

    def __init__(self, message: str, *, event: object) -> None:
        self.event = event
        super().__init__(message)
