"""Pure functions: HTTP facts in, decisions and values out, no I/O.

Everything here is a plain function of its arguments so it can be tested with tables:
turning an error answer into an exception, deciding where a page walk ends and what
identifies a record across its pages, reading a ``Retry-After``, computing a backoff, and
deciding whether a failed attempt may be retried.
"""

from __future__ import annotations

import email.utils
import enum
import hashlib
import json
import math
import re
from datetime import UTC
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

import attrs
import httpx

from ._config import check_int
from .errors import (
    APIError,
    BadRequest,
    ConfigurationError,
    Conflict,
    Forbidden,
    NotFound,
    RateLimited,
    RequestBlocked,
    ServerError,
    TokenExpired,
    Unauthorized,
    UnprocessableEntity,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterable, Mapping

__all__ = [
    "GIVE_UP",
    "IDEMPOTENT_METHODS",
    "RETRYABLE_STATUSES",
    "Failure",
    "PageBody",
    "RetryDecision",
    "RetryPolicy",
    "UnreadableJSON",
    "backoff_delay",
    "classify_error",
    "classify_status",
    "decide_retry",
    "decode_error",
    "failure_kind",
    "fits_max_wait",
    "is_last_page",
    "item_key",
    "load_json",
    "page_keys",
    "parse_json",
    "parse_retry_after",
    "rate_limited",
    "refused_at_gate",
    "should_retry",
    "split_page_body",
    "stale_run",
]

_ERROR_BY_STATUS: dict[int, type[APIError]] = {
    400: BadRequest,
    401: Unauthorized,
    403: Forbidden,
    404: NotFound,
    409: Conflict,
    422: UnprocessableEntity,
    429: RateLimited,
}

_BLOCKED_MESSAGE = (
    "the request was blocked before it reached the API (the answer is not JSON); "
    "the usual causes are a missing or unusual User-Agent header or a proxy in between"
)
_MAX_SNIPPET = 200


class UnreadableJSON(ValueError):
    """A body that cannot be decoded as JSON; the message says why, in a few words."""


def load_json(content: bytes) -> Any:
    """Decode a JSON body, or raise `UnreadableJSON` saying why it cannot be read.

    Nothing else escapes: an empty body, bytes that are not UTF-8 or not JSON, an integer
    with more digits than Python converts, and a document nested too deeply for the decoder
    (its recursion limit, about a thousand levels; the ``RecursionError`` is caught while the
    stack unwinds, so reporting it is safe) all become `UnreadableJSON`.
    """
    if not content.strip():
        raise UnreadableJSON("the body is empty")
    try:
        return json.loads(content)
    except RecursionError:
        raise UnreadableJSON("the body's JSON is nested too deeply to decode") from None
    except ValueError:  # JSONDecodeError, UnicodeDecodeError, int digit limit
        raise UnreadableJSON("the body is not JSON") from None


def parse_json(content: bytes) -> tuple[bool, Any]:
    """Decode a JSON body, saying whether it was JSON we can read instead of raising."""
    try:
        return True, load_json(content)
    except UnreadableJSON:
        return False, None


def _reason(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase.lower()
    except ValueError:
        return "unknown status"


def _text(value: object) -> str | None:
    """A code or message field as text; None for anything but a string or a number.

    Only scalars are turned into text: an array or object in ``error`` is no code, and
    ``str()`` of a deeply nested one would itself recurse too deep.
    """
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    text = str(value).strip()
    return text or None


def decode_error(
    status_code: int,
    headers: Mapping[str, str],
    content: bytes,
    *,
    response: httpx.Response | None = None,
    retry_after: float | None = None,
    attempts: int = 1,
) -> APIError:
    """Turn an error answer (status, headers, body) into the matching `APIError`.

    This is the only place an error answer becomes an exception. It accepts every body shape
    the API is known to send: ``{"error", "message", "status"}``, ``{"error"}`` alone, an empty
    body, and non-JSON pages from a CDN, and never raises while doing so.

    For a 429, ``retry_after`` and ``attempts`` come from whoever retried the request (the
    transport knows how long its cooldown still runs); without a ``retry_after`` the
    ``Retry-After`` header of the answer itself is read.
    """
    is_json, body = parse_json(content)
    code: str | None = None
    message: str | None = None
    if is_json and isinstance(body, dict):
        code = _text(body.get("error"))
        message = _text(body.get("message"))
        if message is None and code is not None and " " in code:
            code, message = None, code
    elif is_json and isinstance(body, str):
        message = _text(body)

    if status_code == 401 and code == "token_expired":  # noqa: PLR2004
        cls: type[APIError] = TokenExpired
    elif status_code == 403 and not is_json and content.strip():  # noqa: PLR2004
        cls = RequestBlocked
        message = _BLOCKED_MESSAGE
    elif status_code >= 500:  # noqa: PLR2004
        cls = ServerError
    else:
        cls = _ERROR_BY_STATUS.get(status_code, APIError)

    if message is None:
        message = _fallback_message(status_code, headers, content, is_json=is_json)
    if cls is RateLimited:
        return rate_limited(
            message,
            status_code=status_code,
            code=code,
            response=response,
            retry_after=retry_after if retry_after is not None else parse_retry_after(headers),
            attempts=attempts,
        )
    return cls(status_code=status_code, code=code, message=message, response=response)


def rate_limited(
    message: str,
    *,
    status_code: int = 429,
    code: str | None = None,
    response: httpx.Response | None = None,
    retry_after: float | None = None,
    attempts: int = 1,
) -> RateLimited:
    """The one place a `RateLimited` is built: from a 429 answer, or for a call never sent."""
    return RateLimited(
        status_code=status_code,
        code=code,
        message=message,
        response=response,
        retry_after=retry_after,
        attempts=attempts,
    )


def refused_at_gate(
    method: str, path: str, *, remaining: float, max_wait: float, attempts: int
) -> RateLimited:
    """The error for a call held at a closed gate that stays closed beyond its ``max_wait``."""
    return rate_limited(
        f"{method} {path} not sent: after a 429 every request of this client "
        f"is paused for {remaining:.1f}s more, beyond max_wait={max_wait:g}s",
        retry_after=remaining,
        attempts=attempts,
    )


def _fallback_message(
    status_code: int, headers: Mapping[str, str], content: bytes, *, is_json: bool
) -> str:
    reason = _reason(status_code)
    if not content.strip() or is_json:
        return reason
    content_type = headers.get("content-type", "")
    if "html" in content_type.lower() or content.lstrip()[:1] == b"<":
        return f"{reason} (the body is an HTML page, not the API's JSON)"
    snippet = content[:_MAX_SNIPPET].decode("utf-8", errors="replace").strip()
    return f"{reason}: {snippet}"


@attrs.frozen
class PageBody:
    """The parts of one list answer that matter for walking pages.

    Attributes:
        items: the raw (unstructured) records of this page.
        next_link: ``links.next``, or None when absent or null.
        current_page: ``meta.current_page`` of the ``{data, meta}`` variant.
        total_pages: ``meta.total_pages`` of the ``{data, meta}`` variant.
    """

    items: list[Any]
    next_link: str | None = None
    current_page: int | None = None
    total_pages: int | None = None


def _int_or_none(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdecimal():  # "²" is a digit int() refuses
        return int(value)
    return None


def split_page_body(body: Any) -> PageBody | None:
    """Read a list answer in either envelope, or return None when it is neither.

    The documented envelope is ``{"items": [...], "links": {"self", "next"}}``; some endpoints
    answer ``{"data": [...], "meta": {"current_page", "total_pages"}}``.
    """
    if not isinstance(body, dict):
        return None
    items = body.get("items", body.get("data"))
    if not isinstance(items, list):
        return None
    links = body.get("links")
    next_link = links.get("next") if isinstance(links, dict) else None
    meta = body.get("meta")
    meta = meta if isinstance(meta, dict) else {}
    return PageBody(
        items=items,
        next_link=next_link if isinstance(next_link, str) and next_link else None,
        current_page=_int_or_none(meta.get("current_page")),
        total_pages=_int_or_none(meta.get("total_pages")),
    )


def is_last_page(page: PageBody, *, per_page: int) -> bool:
    """Decide whether a page ends the walk, by every rule the API is known to need.

    A page is the last when it is empty, shorter than ``per_page``, says it is the last page
    in ``meta``, or (in the ``links`` envelope) has no ``next`` link.
    """
    if not page.items or len(page.items) < per_page:
        return True
    if page.current_page is not None and page.total_pages is not None:
        return page.current_page >= page.total_pages
    return page.next_link is None


def stale_run(previous: int, *, fresh: int, last: bool) -> int:
    """How many pages in a row, up to this one, brought no new record; 0 when this one did.

    ``previous`` is the run before this page and ``fresh`` the records of this page not seen
    before. A last page never extends a run: it ends the walk anyway. A walk gives up when
    the run grows past the few pages a burst of inserts can explain.
    """
    if fresh or last:
        return 0
    return previous + 1


def item_key(record: Any) -> Hashable:
    """What identifies one raw record of a page, to recognise it on a later page.

    A record with an ``id`` (an integer or a string) is that id. A record without one is its
    content: two records equal in every field cannot be told apart by the caller either, and
    a repeated page repeats its content exactly. The content is kept as a 16-byte digest, so
    what a walk remembers costs the same whatever the records hold. A record whose content
    cannot be written out (nested too deep) is a key equal to nothing else: always new.

    A record already structured (the fast path hands a page over as models) is its ``id``
    attribute by the same rule, so a walk recognises a record by the same key whichever path
    decoded its page, and never pays for writing a model out. An id is its own key (``1``
    and ``"1"`` differ); a content key is a tagged tuple, equal to no id.
    """
    ident = record.get("id") if isinstance(record, dict) else getattr(record, "id", None)
    if isinstance(ident, int | str) and not isinstance(ident, bool):
        return ident
    try:
        text = json.dumps(record, sort_keys=True, separators=(",", ":"), default=repr)
    except (RecursionError, ValueError, TypeError):
        return object()
    return ("content", hashlib.blake2b(text.encode(), digest_size=16).digest())


def page_keys(records: Iterable[Any]) -> tuple[Hashable, ...]:
    """`item_key` of each record of a page, in order.

    The usual case (an exact int or str id, on a dict or a model) is read inline, without a
    call per record: a walk keys every record it fetches.
    """
    keys: list[Hashable] = []
    append = keys.append
    for record in records:
        ident = record.get("id") if type(record) is dict else getattr(record, "id", None)
        kind = type(ident)
        append(ident if kind is int or kind is str else item_key(record))
    return tuple(keys)


# --- Retry-After -----------------------------------------------------------------------------

_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def _lowered(headers: Mapping[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


def _seconds(value: str | None) -> float | None:
    if value is None or not _SECONDS.fullmatch(value.strip()):
        return None
    seconds = float(value.strip())
    return seconds if math.isfinite(seconds) else None


def _unix_time(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:  # "-0000" parses naive; HTTP dates are always GMT
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def parse_retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Read how many seconds the server asks us to wait, or None when it does not say.

    ``retry-after-ms`` (milliseconds, sent by some gateways) wins over ``Retry-After``, which
    may be delta-seconds (``"120"``), float seconds (``"1.5"``) or an HTTP-date. An HTTP-date
    is measured against ``now`` (Unix seconds) when given, else against the answer's own
    ``Date`` header (the server's clock, so our clock skew does not matter); a date in the
    past means "now" (0.0). Negative numbers, non-finite or unparseable values, and a date
    with nothing to measure it against are ignored: the caller falls back to backoff.
    """
    lowered = _lowered(headers)
    millis = _seconds(lowered.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    value = lowered.get("retry-after")
    if value is None:
        return None
    seconds = _seconds(value)
    if seconds is not None:
        return seconds
    target = _unix_time(value)
    reference = now if now is not None else _unix_time(lowered.get("date"))
    if target is None or reference is None:
        return None
    return max(0.0, target - reference)


# --- Backoff ---------------------------------------------------------------------------------

_MAX_EXPONENT: Final = 64


def backoff_delay(attempt: int, *, base: float, cap: float, rand: float) -> float:
    """Exponential backoff with full jitter: uniform in ``[0, min(cap, base * 2**attempt)]``.

    ``attempt`` counts from 0 (the first retry); ``rand`` is a uniform draw from ``[0, 1)``
    supplied by the caller, which keeps this function pure. Full jitter spreads the retries
    of many clients over the whole interval, so they do not return in lockstep. The result
    is never negative and never above ``cap``, whatever the inputs.
    """
    exponent = min(max(attempt, 0), _MAX_EXPONENT)
    ceiling = min(max(cap, 0.0), max(base, 0.0) * 2.0**exponent)
    return ceiling * min(max(rand, 0.0), 1.0)


# --- Retry decisions -------------------------------------------------------------------------

IDEMPOTENT_METHODS: Final = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
"""Methods whose repetition has the same effect as one call (RFC 9110, section 9.2.2)."""

RETRYABLE_STATUSES: Final = frozenset({502, 503, 504})
"""Gateway and availability errors: the server (or a proxy) could not handle the request now."""


class Failure(enum.Enum):
    """Why an attempt failed, as far as retrying it is concerned."""

    RATE_LIMITED = "rate_limited"
    """429: the server refused the request without processing it."""
    NOT_SENT = "not_sent"
    """The request surely never reached the server (no connection was made)."""
    UNCERTAIN = "uncertain"
    """The server may have acted on the request (an error after sending, a 502/503/504)."""


def classify_status(status_code: int) -> Failure | None:
    """Say whether an answer is a retryable failure; None when the answer stands as it is."""
    if status_code == 429:  # noqa: PLR2004
        return Failure.RATE_LIMITED
    if status_code in RETRYABLE_STATUSES:
        return Failure.UNCERTAIN
    return None


def classify_error(exc: BaseException) -> Failure | None:
    """Say whether a raised error is a retryable transport failure; None when it is not.

    Only `httpx.TransportError` subclasses qualify. A connect error or a connect/pool timeout
    means nothing was sent; a read/write timeout or error, or a broken answer, means the server
    may have acted. A local protocol error, a proxy refusal, an unsupported scheme, and every
    non-httpx exception (a bug) are never retried.
    """
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Failure.NOT_SENT
    if isinstance(exc, httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError):
        return Failure.UNCERTAIN
    return None


def should_retry(method: str, failure: Failure | None, *, retry_writes: bool = False) -> bool:
    """Decide whether a failed attempt may be sent again, without risking a duplicate write.

    A 429 and a request that never left are always safe to repeat. A failure after the request
    may have been processed is repeated only for idempotent methods, or for any method when
    the caller opted in with ``retry_writes`` (they know the write is safe to repeat).
    """
    if failure is None:
        return False
    if failure in {Failure.RATE_LIMITED, Failure.NOT_SENT}:
        return True
    return retry_writes or method.upper() in IDEMPOTENT_METHODS


_FAILURE_KINDS: Final[tuple[tuple[type[Exception], str], ...]] = (
    (httpx.ConnectTimeout, "connect_timeout"),
    (httpx.ReadTimeout, "read_timeout"),
    (httpx.WriteTimeout, "write_timeout"),
    (httpx.PoolTimeout, "pool_timeout"),
    (httpx.TimeoutException, "timeout"),
    (httpx.ConnectError, "connect"),
    (httpx.ReadError, "read"),
    (httpx.WriteError, "write"),
    (httpx.CloseError, "close"),
    (httpx.RemoteProtocolError, "remote_protocol"),
    (httpx.LocalProtocolError, "local_protocol"),
    (httpx.ProxyError, "proxy"),
    (httpx.UnsupportedProtocol, "unsupported_protocol"),
    (httpx.TransportError, "transport"),
)


def failure_kind(exc: BaseException) -> str:
    """A short, stable name for why an attempt got no (complete) answer, for records and logs.

    ``"connect"``, ``"connect_timeout"``, ``"read_timeout"``, ``"remote_protocol"`` (the server
    broke HTTP, e.g. closed the connection mid-body), ...; ``"error"`` for anything that is not
    an `httpx.TransportError`. The first matching class wins, most specific first.
    """
    for kind, name in _FAILURE_KINDS:
        if isinstance(exc, kind):
            return name
    return "error"


# --- The retry policy and the retry decision -------------------------------------------------


def _non_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
        raise ConfigurationError(f"{attribute.name} must be a number >= 0, got {value!r}")


def _count(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    check_int(attribute.name, value, minimum=0)


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


@attrs.frozen(kw_only=True)
class RetryDecision:
    """What follows a failed attempt: another attempt after ``delay`` seconds, or the end.

    Attributes:
        retry: send the request again.
        delay: seconds to sleep on its own before queueing again (0.0 after a 429 under a
            shared cooldown: the gate holds the request instead).
        counts: the retry uses up one of ``max_retries`` (5xx and transport failures).
        exhausted: the call gives up although its failure was retryable (budget used up, or a
            body that cannot be sent twice).
        retry_after: after a 429, the seconds this request waits before it may go again
            (the shared cooldown, or its own wait); when giving up, how long the client stays
            paused.
    """

    retry: bool
    delay: float = 0.0
    counts: bool = False
    exhausted: bool = False
    retry_after: float | None = None


GIVE_UP: Final = RetryDecision(retry=False)
"""The answer or error stands: it is not a failure worth repeating."""


def fits_max_wait(spent: float, wait: float, policy: RetryPolicy) -> bool:
    """Whether waiting ``wait`` more seconds, after ``spent`` on 429s, stays within max_wait."""
    return spent + wait <= policy.max_wait


def decide_retry(
    method: str,
    failure: Failure | None,
    policy: RetryPolicy,
    *,
    retries: int,
    attempts: int,
    replayable: bool,
    retry_writes: bool = False,
    server_wait: float | None = None,
    cooldown: float = 0.0,
    spent_on_429s: float = 0.0,
    rand: Callable[[], float],
) -> RetryDecision:
    """Decide whether a failed attempt is sent again, and after how long.

    ``failure`` is `classify_status` of the answer or `classify_error` of the exception;
    ``retries`` counts the retries already made after 5xx and transport failures,
    ``attempts`` the attempts sent (this one included). ``server_wait`` is the answer's
    ``Retry-After``; for a 429, ``cooldown`` is how long the shared gate stays closed and
    ``spent_on_429s`` how long ago the call's first 429 came. ``rand`` gives uniform draws in
    ``[0, 1)`` and is called at most once, only when a jittered wait is computed: the decision
    depends on nothing else, so tables test it.

    - A 429 is retried while the call's total wait stays within ``max_wait``: under a shared
      cooldown the gate holds it (no sleep of its own), otherwise it sleeps ``Retry-After`` or
      a jittered cooldown backoff.
    - Other failures follow `should_retry`, up to ``max_retries`` times, with jittered
      exponential backoff (a ``Retry-After`` up to ``backoff_cap`` replaces it).
    - A body that cannot be replayed is never sent twice after it may have been sent.
    """
    if failure is Failure.RATE_LIMITED:
        wait: float
        if policy.shared_cooldown:
            wait, delay = cooldown, 0.0
        elif server_wait is not None:
            wait = delay = server_wait
        else:
            wait = delay = backoff_delay(
                attempts - 1, base=policy.cooldown_base, cap=policy.cooldown_cap, rand=rand()
            )
        if not replayable or not fits_max_wait(spent_on_429s, wait, policy):
            return RetryDecision(retry=False, exhausted=True, retry_after=wait)
        return RetryDecision(retry=True, delay=delay, retry_after=wait)
    if not should_retry(method, failure, retry_writes=retry_writes):
        return GIVE_UP
    if retries >= policy.max_retries or (failure is Failure.UNCERTAIN and not replayable):
        return RetryDecision(retry=False, exhausted=True)
    delay = backoff_delay(retries, base=policy.backoff_base, cap=policy.backoff_cap, rand=rand())
    if server_wait is not None and server_wait <= policy.backoff_cap:
        delay = server_wait
    return RetryDecision(retry=True, delay=delay, counts=True)
