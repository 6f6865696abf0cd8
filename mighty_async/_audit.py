"""The audit trail: one `AuditRecord` per attempt sent, to the logger and a user callback.

The authentication guide asks for a log of every API request, for monitoring unusual use and
for alerts on authentication failures. The transport reports every attempt it sends; this
module turns that into a record naming the operation, and writes one line per attempt to the
``mighty_async`` logger: INFO normally, WARNING for a 401 or 403 (lines meant for alerting).
Neither the record nor the line holds the token (only a fingerprint of it), a query value or
a body: those can hold personal data.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Final

import attrs

from ._config import LOG_ENV
from ._operations import OPERATIONS
from ._path import TEMPLATE_EXTENSION
from .errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx

    from ._transport import Attempt

__all__ = [
    "LOG_ENV",
    "TEMPLATE_EXTENSION",
    "AuditRecord",
    "audit_record",
    "configure_logging_from_env",
    "log_record",
    "operation_for",
    "template_for",
    "token_fingerprint",
]

logger = logging.getLogger("mighty_async")

_UNAUTHORIZED: Final = 401
_FORBIDDEN: Final = 403
_NETWORK_PREFIX: Final = re.compile(r"^/admin/v1/networks/[^/]+(?P<rest>/.*)$")
_LEVELS: Final = {"info": logging.INFO, "debug": logging.DEBUG}


def _route(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{\w+\\\}", "[^/]+", re.escape(template)) + "$")


def _head(path: str) -> str:
    return path.split("/", 2)[1]


_OPERATIONS: Final = {(row.method, row.path): row.call for row in OPERATIONS}
# By first segment, literal routes first, so ``/members/by_email`` is never ``/members/{id}``.
# The spec names one shape's ids differently per method (``/plans/{plan_id}/members/{id}/``
# for DELETE, ``.../{member_id}/`` for GET), so a path is matched with its method first.
_ROUTES: Final[dict[str, list[tuple[str, re.Pattern[str], frozenset[str]]]]] = {}
for _template in sorted({row.path for row in OPERATIONS}, key=lambda t: (t.count("{"), t)):
    _methods = frozenset(row.method for row in OPERATIONS if row.path == _template)
    _ROUTES.setdefault(_head(_template), []).append((_template, _route(_template), _methods))


@attrs.frozen(kw_only=True)
class AuditRecord:
    """One attempt the client sent, for an audit trail (see the "Audit trail" guide).

    Attributes:
        time: when the attempt ended (an aware UTC datetime).
        method: the HTTP method.
        path: the concrete URL path, without the query string.
        template: the spec's path template after the network prefix
            (``"/members/{id}/"``), or None for a path no operation has.
        operation: the SDK call it belongs to (``"members.get"``), or None.
        status_code: the answer's status, or None when no answer came.
        failure: when no complete answer came, why (``"connect"``, ``"read_timeout"``, ...).
        elapsed: seconds from sending to the answer or failure.
        attempt: 1 for the first attempt, 2 for the first retry, ...
        waited: seconds the attempt waited for the rate limiter and the 429 cooldown.
        will_retry: whether the client sends the request again.
        token_fingerprint: the first 8 hex digits of the SHA-256 of the token sent, so
            records tell tokens apart without holding one; None when none was sent.
    """

    time: datetime
    method: str
    path: str
    template: str | None
    operation: str | None
    status_code: int | None
    failure: str | None
    elapsed: float
    attempt: int
    waited: float
    will_retry: bool
    token_fingerprint: str | None


def token_fingerprint(token: str) -> str:
    """The first 8 hex digits of the token's SHA-256: tells tokens apart, reveals none."""
    return hashlib.sha256(token.encode()).hexdigest()[:8]


def _fingerprint(request: httpx.Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token_fingerprint(token) if scheme.lower() == "bearer" and token else None


def template_for(path: str, method: str | None = None) -> str | None:
    """The operation template a path matches (``.../members/42/`` -> ``/members/{id}/``).

    With ``method``, a template that has an operation for that method wins.
    """
    match = _NETWORK_PREFIX.match(path)
    if match is None:
        return None
    rest = match["rest"]
    verb = method.upper() if method is not None else None
    first = None
    for template, route, methods in _ROUTES.get(_head(rest), ()):
        if route.match(rest):
            if verb is None or verb in methods:
                return template
            first = first or template
    return first


def operation_for(method: str, template: str | None) -> str | None:
    """The SDK call of an operation (``("GET", "/members/{id}/")`` -> ``"members.get"``)."""
    return None if template is None else _OPERATIONS.get((method.upper(), template))


def audit_record(attempt: Attempt, *, wall_time: float) -> AuditRecord:
    """Describe one attempt the transport sent."""
    request = attempt.request
    template = request.extensions.get(TEMPLATE_EXTENSION)
    if not isinstance(template, str):
        template = template_for(request.url.path, request.method)
    method = request.method.upper()
    return AuditRecord(
        time=datetime.fromtimestamp(wall_time, UTC),
        method=method,
        path=request.url.path,
        template=template,
        operation=operation_for(method, template),
        status_code=attempt.status_code,
        failure=attempt.failure,
        elapsed=attempt.elapsed,
        attempt=attempt.number,
        waited=attempt.waited,
        will_retry=attempt.will_retry,
        token_fingerprint=_fingerprint(request),
    )


def log_record(record: AuditRecord) -> None:
    """Write the record's one line: WARNING for a 401 or 403, else INFO."""
    alert = record.status_code in {_UNAUTHORIZED, _FORBIDDEN}
    if not logger.isEnabledFor(logging.WARNING if alert else logging.INFO):
        return
    outcome = str(record.status_code) if record.status_code is not None else record.failure
    facts = (
        f"{record.operation or 'request'}, attempt {record.attempt}, {record.elapsed:.3f}s, "
        f"waited {record.waited:.3f}s, token {record.token_fingerprint or 'none'}"
    )
    extra = {"mighty_audit": record}
    if record.status_code == _UNAUTHORIZED:
        logger.warning(
            "authentication failed: 401 on %s %s (%s): the token is invalid, expired or revoked",
            record.method,
            record.path,
            facts,
            extra=extra,
        )
    elif record.status_code == _FORBIDDEN:
        logger.warning(
            "access denied: 403 on %s %s (%s): the token may not do this, or a proxy "
            "blocked the request",
            record.method,
            record.path,
            facts,
            extra=extra,
        )
    else:
        logger.info(
            "%s %s -> %s (%s)%s",
            record.method,
            record.path,
            outcome,
            facts,
            ", retrying" if record.will_retry else "",
            extra=extra,
        )


class _EnvHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler ``MIGHTY_LOG`` installs (recognised so it is installed once)."""


def configure_logging_from_env(
    environ: Callable[[str], str | None] = os.environ.get,
) -> None:
    """Honour ``MIGHTY_LOG=info|debug``: print the ``mighty_async`` lines on stderr.

    Called by every new client; installing the handler is done once per process.
    """
    value = (environ(LOG_ENV) or "").strip().lower()
    if not value:
        return
    level = _LEVELS.get(value)
    if level is None:
        raise ConfigurationError(f"{LOG_ENV} must be 'info' or 'debug', got {value!r}")
    logger.setLevel(level)
    if any(isinstance(handler, _EnvHandler) for handler in logger.handlers):
        return
    handler = _EnvHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
