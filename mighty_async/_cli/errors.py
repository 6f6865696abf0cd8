"""What each failure tells the person at the terminal, and the exit status it ends with.

`FAILURES` is the one table from exception type to a one-line message and an exit status.
`explain` finds an exception's row by walking its class's MRO, so the most specific class with
a row wins (a `TokenExpired` is explained as revoked, not as any `Unauthorized`), and a class
without a row of its own, new ones included, is explained by its nearest ancestor's. The rows
are written most specific first, the order `isinstance` tests would need; a test checks that the
MRO and that order agree, that every class of `mighty_async.errors` gets a message and a status,
and that the statuses and their meanings are the ones the exit-status list of docs/cli.md shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from .._config import TOKEN_ENV
from ..errors import (
    APIError,
    ConfigurationError,
    Forbidden,
    MightyConnectionError,
    MightyError,
    RateLimited,
    RequestBlocked,
    ResponseValidationError,
    TokenExpired,
    Unauthorized,
)

if TYPE_CHECKING:
    from .connection import Target

__all__ = [
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "FAILURES",
    "CommandError",
    "Failure",
    "explain",
    "failure_for",
]

EXIT_OK: Final = 0
EXIT_FAILURE: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130


class CommandError(Exception):
    """An expected failure: printed as one line, exit status attached."""

    def __init__(self, message: str, status: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.status = status


@attrs.frozen
class Failure:
    """One row of the table: a kind of exception, its exit status and its message.

    Attributes:
        kind: the exception class (and its subclasses without a row of their own).
        status: the exit status the command ends with.
        meaning: how the exit-status list of docs/cli.md names this failure, word for word.
        message: the line printed after ``mighty-async:``, a `str.format` template over
            ``exc`` (the exception), ``target`` (the connection settings the command used:
            which network, which host) and ``token_env`` (the token's variable).
    """

    kind: type[BaseException]
    status: int
    meaning: str
    message: str

    def render(self, exc: BaseException, target: Target) -> str:
        """The message for ``exc``, raised while talking to ``target``."""
        return self.message.format(exc=exc, target=target, token_env=TOKEN_ENV)


FAILURES: Final[tuple[Failure, ...]] = (
    Failure(
        TokenExpired,
        EXIT_FAILURE,
        "a revoked token",
        "the API token was revoked or has expired (401 token_expired): "
        "create a new key under Admin > Settings > API Keys",
    ),
    Failure(
        Unauthorized,
        EXIT_FAILURE,
        "a bad token",
        "the API refused the token for network {target.network} ({exc}): "
        "check --token / {token_env} and that the key belongs to this network",
    ),
    Failure(
        RequestBlocked,
        EXIT_FAILURE,
        "a request blocked before the API",
        "blocked before reaching the API (HTML 403): {exc.message}",
    ),
    Failure(Forbidden, EXIT_FAILURE, "forbidden", "forbidden ({exc}): this token may not do that"),
    Failure(
        RateLimited,
        EXIT_FAILURE,
        "rate limited past the wait budget",
        "rate limited ({exc}) beyond the wait budget; raise it with --max-wait, or try again later",
    ),
    Failure(APIError, EXIT_FAILURE, "any other error status", "the API answered {exc}"),
    Failure(
        MightyConnectionError,
        EXIT_FAILURE,
        "the network is unreachable",
        "cannot reach {target.base_url}: {exc}",
    ),
    Failure(
        ResponseValidationError,
        EXIT_FAILURE,
        "an answer of an unexpected shape",
        "the API answered something unexpected: {exc}",
    ),
    Failure(ConfigurationError, EXIT_USAGE, "configuration", "{exc}"),
    Failure(MightyError, EXIT_FAILURE, "any other SDK error", "{exc}"),
    Failure(KeyboardInterrupt, EXIT_INTERRUPTED, "interrupted with Ctrl-C", "interrupted"),
)

_BY_KIND: Final = {failure.kind: failure for failure in FAILURES}


def failure_for(kind: type[BaseException]) -> Failure | None:
    """The row of ``kind``: its own, else its nearest ancestor's in the MRO; None if none has."""
    for cls in kind.__mro__:
        if cls in _BY_KIND:
            return _BY_KIND[cls]
    return None


def explain(exc: MightyError | KeyboardInterrupt, target: Target) -> CommandError:
    """Turn an SDK error (or Ctrl-C) into the one line a person needs to act on it."""
    failure = failure_for(type(exc))
    if failure is None:  # pragma: no cover - MightyError and KeyboardInterrupt have rows
        raise TypeError(f"no message for {type(exc).__name__}")
    return CommandError(failure.render(exc, target), failure.status)
