"""Table tests for the one function that turns an error answer into an exception."""

from __future__ import annotations

import json

import pytest

from mighty_async import (
    APIError,
    BadRequest,
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
from mighty_async._sansio import decode_error, parse_json

JSON = {"content-type": "application/json"}
HTML = {"content-type": "text/html; charset=utf-8"}


def body(**fields: object) -> bytes:
    return json.dumps(fields).encode()


@pytest.mark.parametrize(
    ("status", "headers", "content", "cls", "code", "text"),
    [
        (
            401,
            JSON,
            body(
                error="token_expired", message="API token has been revoked or expired", status=401
            ),
            TokenExpired,
            "token_expired",
            "401 token_expired: API token has been revoked or expired",
        ),
        (
            401,
            JSON,
            body(error="unauthorized", message="Invalid token", status=401),
            Unauthorized,
            "unauthorized",
            "401 unauthorized: Invalid token",
        ),
        (
            401,
            JSON,
            body(error="Missing or malformed Authorization header"),
            Unauthorized,
            None,
            "401: Missing or malformed Authorization header",
        ),
        (403, JSON, body(error="forbidden"), Forbidden, "forbidden", "403 forbidden: forbidden"),
        (404, JSON, b"", NotFound, None, "404: not found"),
        (
            400,
            JSON,
            body(error="bad_request", message="invalid when"),
            BadRequest,
            "bad_request",
            "400 bad_request: invalid when",
        ),
        (409, JSON, body(error="conflict"), Conflict, "conflict", "409 conflict: conflict"),
        (
            422,
            JSON,
            body(error="unprocessable", message="Email taken"),
            UnprocessableEntity,
            "unprocessable",
            "422 unprocessable: Email taken",
        ),
        (
            429,
            {},
            b"rate limit exceeded",
            RateLimited,
            None,
            "429: too many requests: rate limit exceeded",
        ),
        (
            500,
            JSON,
            body(error="internal"),
            ServerError,
            "internal",
            "500 internal: internal server error",
        ),
        (
            503,
            HTML,
            b"<html>down</html>",
            ServerError,
            None,
            "503: service unavailable (the body is an HTML page, not the API's JSON)",
        ),
        (520, {}, b"", ServerError, None, "520: unknown status"),
        (499, {}, b"", APIError, None, "499: unknown status"),
        (418, JSON, b'"just a string"', APIError, None, "418: just a string"),
        (400, JSON, b"[1, 2]", BadRequest, None, "400: bad request"),
        (400, JSON, b"{not json", BadRequest, None, "400: bad request: {not json"),
    ],
)
def test_decode_error_table(status, headers, content, cls, code, text):
    """Each known body variant gives the right class, code and a readable message."""
    err = decode_error(status, headers, content)
    assert type(err) is cls
    assert err.status_code == status
    assert err.code == code
    assert str(err) == text


def test_html_403_names_the_likely_cause():
    """An HTML 403 means a CDN blocked the request, and the message says to check User-Agent."""
    err = decode_error(403, HTML, b"<!DOCTYPE html><title>Attention Required</title>")
    assert isinstance(err, RequestBlocked)
    assert isinstance(err, Forbidden)
    assert "User-Agent" in str(err)
    assert "before it reached the API" in str(err)


def test_rate_limited_keeps_retry_after():
    """A 429 carries the retry delay it was given into the exception and its text."""
    err = decode_error(429, JSON, body(error="rate_limited"), retry_after=12.5)
    assert isinstance(err, RateLimited)
    assert err.retry_after == 12.5
    assert "retry after 12.5s" in str(err)


def test_error_keeps_the_response_object():
    """The exception keeps the response so callers lose nothing that was sent."""
    sentinel = object()
    err = decode_error(404, JSON, b"{}", response=sentinel)  # type: ignore[arg-type]
    assert err.response is sentinel


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", (False, None)),
        (b"  ", (False, None)),
        (b"{}", (True, {})),
        (b"\xff\xfe", (False, None)),
        (b"null", (True, None)),
        (b"[1]", (True, [1])),
    ],
)
def test_parse_json_never_raises(content, expected):
    """parse_json reports whether a body was JSON instead of raising on bad bytes."""
    assert parse_json(content) == expected


def test_api_errors_pickle_round_trip():
    """Errors survive pickling (for multiprocessing and task queues) without the response."""
    import pickle  # noqa: PLC0415

    err = decode_error(401, JSON, body(error="token_expired", message="gone"))
    again = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own object
    assert type(again) is TokenExpired
    assert str(again) == str(err)
