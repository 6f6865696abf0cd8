"""Pure retry logic: Retry-After parsing, backoff bounds, and the retry decision table."""

from __future__ import annotations

import email.utils
import math

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mighty_async import RateLimited
from mighty_async._sansio import (
    IDEMPOTENT_METHODS,
    Failure,
    backoff_delay,
    classify_error,
    classify_status,
    decode_error,
    parse_retry_after,
    should_retry,
)

NOW = 1_700_000_000.0


def http_date(unix: float) -> str:
    return email.utils.formatdate(unix, usegmt=True)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "120"}, 120.0),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": " 7 "}, 7.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after": "30"}, 30.0),
        ({"Retry-After": http_date(NOW + 90)}, 90.0),
        ({"Retry-After": http_date(NOW - 90)}, 0.0),
        ({"Retry-After": "Tue, 14 Nov 2023 22:14:20 -0000"}, 60.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"retry-after-ms": "-5", "Retry-After": "9"}, 9.0),
        ({"retry-after-ms": "soon", "Retry-After": "9"}, 9.0),
        ({"Retry-After": "-1"}, None),
        ({"Retry-After": "-0.5"}, None),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": ""}, None),
        ({"Retry-After": "1e3"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "inf"}, None),
        ({"Retry-After": "0x10"}, None),
        ({"Retry-After": "Mon, 99 Foo 2024 99:99:99 GMT"}, None),
        ({"Retry-After": "86400000"}, 86_400_000.0),
        ({"Retry-After": "9" * 400}, None),
        ({}, None),
    ],
    ids=lambda value: repr(value)[:40],
)
def test_parse_retry_after_table(headers, expected):
    """Retry-After is read as seconds, float seconds, HTTP-date or ms; bad values are ignored."""
    assert parse_retry_after(headers, now=NOW) == expected


def test_http_date_is_measured_against_the_date_header():
    """Without an explicit now, an HTTP-date is measured against the answer's own Date header."""
    headers = httpx.Headers({"Retry-After": http_date(NOW + 45), "Date": http_date(NOW)})
    assert parse_retry_after(headers) == 45.0


def test_http_date_without_reference_is_ignored():
    """An HTTP-date with neither now nor a Date header cannot be turned into a wait."""
    assert parse_retry_after({"Retry-After": http_date(NOW + 45)}) is None


def test_decode_error_reads_retry_after_header_when_not_given():
    """decode_error fills RateLimited.retry_after from the 429's own header by default."""
    error = decode_error(429, httpx.Headers({"Retry-After": "12"}), b"")
    assert isinstance(error, RateLimited)
    assert error.retry_after == 12.0
    assert error.attempts == 1


def test_decode_error_prefers_the_given_retry_after_and_attempts():
    """A retry_after and attempt count from the transport win over the header."""
    error = decode_error(
        429, httpx.Headers({"Retry-After": "12"}), b"", retry_after=3.5, attempts=4
    )
    assert isinstance(error, RateLimited)
    assert (error.retry_after, error.attempts) == (3.5, 4)
    assert "retry after 3.5s" in str(error)
    assert "4 attempts" in str(error)


@given(
    attempt=st.integers(min_value=-10, max_value=10_000),
    base=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    cap=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    rand=st.floats(min_value=0, max_value=1, allow_nan=False, exclude_max=True),
)
def test_backoff_is_never_negative_nor_above_the_cap(attempt, base, cap, rand):
    """Full-jitter backoff stays within [0, cap] for any attempt, base, cap and draw."""
    delay = backoff_delay(attempt, base=base, cap=cap, rand=rand)
    assert 0.0 <= delay <= cap
    assert math.isfinite(delay)


@given(
    attempt=st.integers(min_value=0, max_value=20),
    rand=st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_backoff_ceiling_doubles_per_attempt(attempt, rand):
    """The jitter interval is base * 2**attempt until the cap: full jitter scales that range."""
    delay = backoff_delay(attempt, base=0.5, cap=1e9, rand=rand)
    assert delay == pytest.approx(0.5 * 2**attempt * rand)


@pytest.mark.parametrize(
    ("bad_rand", "expected"), [(-1.0, 0.0), (2.0, 4.0)], ids=["below", "above"]
)
def test_backoff_clamps_a_bad_draw(bad_rand, expected):
    """A draw outside [0, 1] is clamped, so a broken random source cannot break the bounds."""
    assert backoff_delay(3, base=0.5, cap=100, rand=bad_rand) == expected


def _request() -> httpx.Request:
    return httpx.Request("GET", "https://api.mn.co/")


@pytest.mark.parametrize(
    ("exc", "failure"),
    [
        (httpx.ConnectError("refused"), Failure.NOT_SENT),
        (httpx.ConnectTimeout("slow connect"), Failure.NOT_SENT),
        (httpx.PoolTimeout("pool full"), Failure.NOT_SENT),
        (httpx.ReadTimeout("slow read"), Failure.UNCERTAIN),
        (httpx.WriteTimeout("slow write"), Failure.UNCERTAIN),
        (httpx.ReadError("reset"), Failure.UNCERTAIN),
        (httpx.WriteError("broken pipe"), Failure.UNCERTAIN),
        (httpx.RemoteProtocolError("server hung up"), Failure.UNCERTAIN),
        (httpx.LocalProtocolError("our bug"), None),
        (httpx.ProxyError("proxy said no"), None),
        (httpx.UnsupportedProtocol("ftp"), None),
        (httpx.DecodingError("gzip"), None),
        (ValueError("a bug"), None),
        (KeyError("a bug"), None),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_classify_error(exc, failure):
    """Only httpx.TransportError subclasses are retryable failures, split by 'was it sent'."""
    assert classify_error(exc) is failure


@pytest.mark.parametrize(
    ("status", "failure"),
    [
        (200, None),
        (201, None),
        (204, None),
        (400, None),
        (401, None),
        (404, None),
        (422, None),
        (429, Failure.RATE_LIMITED),
        (500, None),
        (501, None),
        (502, Failure.UNCERTAIN),
        (503, Failure.UNCERTAIN),
        (504, Failure.UNCERTAIN),
    ],
)
def test_classify_status(status, failure):
    """429 and 502/503/504 are retryable failures; every other answer stands."""
    assert classify_status(status) is failure


METHODS = ["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "POST", "PATCH"]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("failure", [*Failure, None], ids=lambda f: getattr(f, "name", "None"))
@pytest.mark.parametrize("retry_writes", [False, True], ids=["default", "opt-in"])
def test_should_retry_table(method, failure, retry_writes):
    """429 and unsent requests always retry; uncertain ones only if idempotent or opted in."""
    expected = {
        None: False,
        Failure.RATE_LIMITED: True,
        Failure.NOT_SENT: True,
        Failure.UNCERTAIN: retry_writes or method in {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"},
    }[failure]
    assert should_retry(method, failure, retry_writes=retry_writes) is expected
    assert should_retry(method.lower(), failure, retry_writes=retry_writes) is expected


def test_idempotent_methods_follow_rfc_9110():
    """POST and PATCH are the non-idempotent methods the API uses; the rest are safe to repeat."""
    assert {"POST", "PATCH"}.isdisjoint(IDEMPOTENT_METHODS)
    assert {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"} <= IDEMPOTENT_METHODS
