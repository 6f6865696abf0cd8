"""The retry / give-up decision as a pure function: tables of facts in, decisions out.

`decide_retry` is what `RateLimitTransport` asks after every failed attempt; `failure_kind`
names a failure in `Attempt` records. No I/O, no clock: every input is an argument.
"""

from __future__ import annotations

import httpx
import pytest

from mighty_async import RateLimited, RetryPolicy
from mighty_async._sansio import (
    GIVE_UP,
    Failure,
    RetryDecision,
    decide_retry,
    failure_kind,
    fits_max_wait,
    rate_limited,
    refused_at_gate,
)

POLICY = RetryPolicy(max_retries=2, max_wait=60.0, backoff_base=1.0, backoff_cap=8.0)
OWN = RetryPolicy(max_wait=60.0, cooldown_base=4.0, cooldown_cap=20.0, shared_cooldown=False)


def never() -> float:
    raise AssertionError("no jitter was needed, so no draw may be taken")


def half() -> float:
    return 0.5


# Each row: its name, the method, the failure, the policy, the facts, the draws, the decision.
TABLE = [
    ("500 stands", "GET", None, POLICY, {}, never, GIVE_UP),
    ("503 GET, first retry", "GET", Failure.UNCERTAIN, POLICY, {}, half,
     RetryDecision(retry=True, delay=0.5, counts=True)),
    ("503 GET, second retry doubles", "GET", Failure.UNCERTAIN, POLICY, {"retries": 1}, half,
     RetryDecision(retry=True, delay=1.0, counts=True)),
    ("503 GET, retries used up", "GET", Failure.UNCERTAIN, POLICY, {"retries": 2}, never,
     RetryDecision(retry=False, exhausted=True)),
    ("503 GET, short Retry-After wins", "GET", Failure.UNCERTAIN, POLICY,
     {"server_wait": 3.0}, half, RetryDecision(retry=True, delay=3.0, counts=True)),
    ("503 GET, Retry-After over the cap ignored", "GET", Failure.UNCERTAIN, POLICY,
     {"server_wait": 9.0}, half, RetryDecision(retry=True, delay=0.5, counts=True)),
    ("503 POST stands", "POST", Failure.UNCERTAIN, POLICY, {}, never, GIVE_UP),
    ("503 POST opted in", "POST", Failure.UNCERTAIN, POLICY, {"retry_writes": True}, half,
     RetryDecision(retry=True, delay=0.5, counts=True)),
    ("cut body PUT, one-shot stream", "PUT", Failure.UNCERTAIN, POLICY, {"replayable": False},
     never, RetryDecision(retry=False, exhausted=True)),
    ("connect error POST", "POST", Failure.NOT_SENT, POLICY, {}, half,
     RetryDecision(retry=True, delay=0.5, counts=True)),
    ("connect error, one-shot stream still goes", "POST", Failure.NOT_SENT, POLICY,
     {"replayable": False}, half, RetryDecision(retry=True, delay=0.5, counts=True)),
    ("429 shared: the gate holds it", "POST", Failure.RATE_LIMITED, POLICY, {"cooldown": 30.0},
     never, RetryDecision(retry=True, delay=0.0, retry_after=30.0)),
    ("429 shared: beyond max_wait", "GET", Failure.RATE_LIMITED, POLICY,
     {"cooldown": 30.0, "spent_on_429s": 40.0}, never,
     RetryDecision(retry=False, exhausted=True, retry_after=30.0)),
    ("429 shared: exactly max_wait still waits", "GET", Failure.RATE_LIMITED, POLICY,
     {"cooldown": 20.0, "spent_on_429s": 40.0}, never,
     RetryDecision(retry=True, delay=0.0, retry_after=20.0)),
    ("429 one-shot stream", "GET", Failure.RATE_LIMITED, POLICY,
     {"cooldown": 1.0, "replayable": False}, never,
     RetryDecision(retry=False, exhausted=True, retry_after=1.0)),
    ("429 own: Retry-After slept", "GET", Failure.RATE_LIMITED, OWN, {"server_wait": 7.0},
     never, RetryDecision(retry=True, delay=7.0, retry_after=7.0)),
    ("429 own: no Retry-After, jittered cooldown", "GET", Failure.RATE_LIMITED, OWN,
     {"attempts": 2}, half, RetryDecision(retry=True, delay=4.0, retry_after=4.0)),
    ("429 own: cooldown over max_wait", "GET", Failure.RATE_LIMITED, OWN,
     {"server_wait": 61.0}, never, RetryDecision(retry=False, exhausted=True, retry_after=61.0)),
    ("429 with retries off", "GET", Failure.RATE_LIMITED, RetryPolicy.disabled(),
     {"cooldown": 2.0}, never, RetryDecision(retry=False, exhausted=True, retry_after=2.0)),
    ("local protocol error stands", "GET", None, POLICY, {}, never, GIVE_UP),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "failure", "policy", "facts", "rand", "expected"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_decide_retry_table(method, failure, policy, facts, rand, expected):
    """Each row of facts gives exactly the decision in its last column."""
    facts = {"retries": 0, "attempts": 1, "replayable": True, **facts}
    assert decide_retry(method, failure, policy, rand=rand, **facts) == expected


def test_a_retry_budget_never_goes_below_zero_delay():
    """With draws at the edges of [0, 1) the delays stay within [0, backoff_cap]."""
    for rand in (0.0, 0.999999):
        for retries in range(10):
            decision = decide_retry(
                "GET", Failure.UNCERTAIN, RetryPolicy(max_retries=99, backoff_cap=8.0),
                retries=retries, attempts=retries + 1, replayable=True, rand=lambda r=rand: r,
            )  # fmt: skip
            assert 0.0 <= decision.delay <= 8.0


@pytest.mark.parametrize(
    ("spent", "wait", "fits"), [(0.0, 60.0, True), (30.0, 30.0, True), (30.0, 30.5, False)]
)
def test_fits_max_wait(spent, wait, fits):
    """A wait fits when what was spent on 429s plus it stays within max_wait (60 s here)."""
    assert fits_max_wait(spent, wait, RetryPolicy(max_wait=60.0)) is fits


REQUEST = httpx.Request("GET", "https://api.test/")


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (httpx.ConnectError("x"), "connect"),
        (httpx.ConnectTimeout("x"), "connect_timeout"),
        (httpx.ReadTimeout("x"), "read_timeout"),
        (httpx.WriteTimeout("x"), "write_timeout"),
        (httpx.PoolTimeout("x"), "pool_timeout"),
        (httpx.ReadError("x"), "read"),
        (httpx.WriteError("x"), "write"),
        (httpx.CloseError("x"), "close"),
        (httpx.RemoteProtocolError("x"), "remote_protocol"),
        (httpx.LocalProtocolError("x"), "local_protocol"),
        (httpx.ProxyError("x"), "proxy"),
        (httpx.UnsupportedProtocol("x"), "unsupported_protocol"),
        (ValueError("x"), "error"),
    ],
)
def test_failure_kind_table(exc, kind):
    """Each transport failure has its own short, stable name; anything else is "error"."""
    assert failure_kind(exc) == kind


def test_rate_limited_is_built_in_one_place():
    """Both kinds of RateLimited, from an answer and refused at the gate, come from one builder."""
    refused = refused_at_gate("GET", "/x", remaining=90.0, max_wait=60.0, attempts=0)
    assert isinstance(refused, RateLimited)
    assert (refused.retry_after, refused.attempts, refused.response) == (90.0, 0, None)
    assert "max_wait=60s" in str(refused)
    built = rate_limited("slow down", code="rate_limited", retry_after=3.0, attempts=2)
    assert (built.status_code, built.code, built.retry_after, built.attempts) == (
        429,
        "rate_limited",
        3.0,
        2,
    )
