"""The command line's one table from exception type to message and exit status."""

from __future__ import annotations

import itertools

import pytest

import mighty_async
from mighty_async import errors
from mighty_async._cli.connection import Target
from mighty_async._cli.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    FAILURES,
    explain,
    failure_for,
)

TOKEN = "s3cret-token-value"
TARGET = Target(TOKEN, 1234, "https://api.mn.co")


def sdk_errors() -> set[type[errors.MightyError]]:
    """Every `MightyError` class of `mighty_async.errors` and of the package's public names."""
    names = [*vars(errors).values(), *(getattr(mighty_async, n) for n in mighty_async.__all__)]
    return {obj for obj in names if isinstance(obj, type) and issubclass(obj, errors.MightyError)}


def api(cls: type[errors.APIError], status: int, code: str | None = "x") -> errors.APIError:
    """An API error of ``cls`` as the client would raise it."""
    return cls(status_code=status, code=code, message="the server's words")


SAMPLES: dict[type[errors.MightyError], errors.MightyError] = {
    errors.MightyError: errors.MightyError("something else"),
    errors.APIError: api(errors.APIError, 418),
    errors.BadRequest: api(errors.BadRequest, 400),
    errors.Unauthorized: api(errors.Unauthorized, 401, "unauthorized"),
    errors.TokenExpired: api(errors.TokenExpired, 401, "token_expired"),
    errors.Forbidden: api(errors.Forbidden, 403, "forbidden"),
    errors.RequestBlocked: api(errors.RequestBlocked, 403, None),
    errors.NotFound: api(errors.NotFound, 404, "not_found"),
    errors.Conflict: api(errors.Conflict, 409),
    errors.UnprocessableEntity: api(errors.UnprocessableEntity, 422),
    errors.RateLimited: errors.RateLimited(code=None, message="slow", retry_after=5, attempts=3),
    errors.ServerError: api(errors.ServerError, 503, None),
    errors.MightyConnectionError: errors.MightyConnectionError("connection refused"),
    errors.MightyTimeout: errors.MightyTimeout("read timed out"),
    errors.ResponseValidationError: errors.ResponseValidationError(model="Me", errors=["$: x"]),
    errors.PaginationError: errors.PaginationError(page=5, stale_pages=3, yielded=10),
    errors.ConfigurationError: errors.ConfigurationError("a bad setting"),
    errors.AssetTooLarge: errors.AssetTooLarge(size=30_000_000, limit=26_214_400),
    errors.InvalidPathParameter: errors.InvalidPathParameter(
        "not an id", parameter="id", template="/members/{id}/"
    ),
    errors.ClientClosedError: errors.ClientClosedError("the client is closed"),
    errors.QuotaExceeded: errors.QuotaExceeded(network="1", month="2026-01", used=5, budget=5),
    errors.LimiterUnavailable: errors.LimiterUnavailable("redis did not answer"),
    mighty_async.BulkError: mighty_async.BulkError("1 of 2 failed", [ValueError("x")]),
    errors.WebhookError: errors.WebhookError("refused"),
    errors.InvalidSecret: errors.InvalidSecret("wrong secret"),
    errors.PayloadTooLarge: errors.PayloadTooLarge("too big", limit=10),
    errors.InvalidPayload: errors.InvalidPayload("not JSON", errors=["$: x"]),
    errors.UndeterminedEventType: errors.UndeterminedEventType("which type?"),
    errors.ReplayedEvent: errors.ReplayedEvent("too old"),
    errors.EventInProgress: errors.EventInProgress("busy", event=None),
    errors.DuplicateEvent: errors.DuplicateEvent("seen", event=None),
}
ERROR_CLASSES = sorted(sdk_errors(), key=lambda cls: cls.__name__)


def test_every_sdk_error_has_a_sample():
    """The samples below cover every error class, so a new class cannot go untested."""
    assert set(SAMPLES) == sdk_errors()


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_every_sdk_error_maps_to_a_message_and_a_status(cls):
    """Each SDK error becomes one line without the token, exit 2 if a setting, else exit 1."""
    failure = failure_for(cls)
    assert failure is not None
    explained = explain(SAMPLES[cls], TARGET)
    assert explained.status == failure.status
    assert explained.status == (
        EXIT_USAGE if issubclass(cls, errors.ConfigurationError) else EXIT_FAILURE
    )
    message = str(explained)
    assert message.strip()
    assert "\n" not in message
    assert TOKEN not in message


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda cls: cls.__name__)
def test_the_mro_and_the_table_order_agree(cls):
    """The row found through the MRO is the first row, in table order, that the class is of."""
    first = next(f for f in FAILURES if issubclass(cls, f.kind))
    assert failure_for(cls) is first


def test_rows_are_written_most_specific_first():
    """No row comes after a row of one of its base classes, which would hide it from a ladder."""
    for earlier, later in itertools.combinations(FAILURES, 2):
        assert not issubclass(later.kind, earlier.kind), (earlier.kind, later.kind)


def test_each_kind_has_one_row():
    """A class appears once in the table, so a lookup cannot depend on which copy it meets."""
    kinds = [f.kind for f in FAILURES]
    assert len(kinds) == len(set(kinds))


@pytest.mark.parametrize(
    ("error", "fragment"),
    [
        (SAMPLES[errors.TokenExpired], "revoked or has expired"),
        (SAMPLES[errors.Unauthorized], "refused the token for network 1234"),
        (SAMPLES[errors.RequestBlocked], "blocked before reaching the API (HTML 403)"),
        (SAMPLES[errors.Forbidden], "this token may not do that"),
        (SAMPLES[errors.RateLimited], "raise it with --max-wait"),
        (SAMPLES[errors.ServerError], "the API answered 503: the server's words"),
        (SAMPLES[errors.MightyTimeout], "cannot reach https://api.mn.co: read timed out"),
        (SAMPLES[errors.ResponseValidationError], "the API answered something unexpected"),
        (SAMPLES[errors.AssetTooLarge], "over the 26214400 byte (25 MB) upload limit"),
        (SAMPLES[errors.QuotaExceeded], "the monthly budget of 5 requests"),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else None,
)
def test_the_most_specific_row_wins(error, fragment):
    """A subclass with a row of its own gets its own message, not its base class's."""
    assert fragment in str(explain(error, TARGET))


def test_a_class_without_a_row_takes_its_nearest_ancestors():
    """An error class the table has never heard of is explained as its nearest ancestor is."""

    class Unlisted(errors.RequestBlocked):
        pass

    explained = explain(Unlisted(status_code=403, code=None, message="html"), TARGET)
    assert str(explained) == "blocked before reaching the API (HTML 403): html"
    assert explained.status == EXIT_FAILURE


def test_ctrl_c_is_in_the_table():
    """Ctrl-C is explained by the same table: one word, exit 130."""
    explained = explain(KeyboardInterrupt(), TARGET)
    assert (str(explained), explained.status) == ("interrupted", EXIT_INTERRUPTED)
