"""RateLimitTransport's on_attempt callback and the per-request retry policy extension."""

from __future__ import annotations

import httpx
import pytest

from mighty_async import Attempt, RateLimitTransport, RetryPolicy
from mighty_async._transport import RETRY_POLICY_EXTENSION

from .fakeclock import FakeClock

pytestmark = pytest.mark.anyio


def scripted(clock: FakeClock, *answers, latency: float = 0.0):
    """An async mock transport answering ``answers`` in turn after ``latency`` fake seconds."""
    queue = list(answers)

    async def handler(request: httpx.Request) -> httpx.Response:
        await clock.sleep(latency)
        answer = queue.pop(0) if queue else httpx.Response(200)
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handler)


async def send(transport: RateLimitTransport, **extensions) -> httpx.Response:
    async with httpx.AsyncClient(transport=transport) as http:
        request = http.build_request("GET", "https://api.mn.co/x", extensions=extensions)
        return await http.send(request)


async def test_one_attempt_per_send_with_status_timing_and_retry():
    """A 503 then a 200: two Attempts, numbered, timed on the clock, the first will retry."""
    seen: list[Attempt] = []
    async with FakeClock().running() as clock:
        transport = RateLimitTransport(
            scripted(clock, httpx.Response(503), latency=0.2),
            rate_limit=None,
            clock=clock.now,
            sleep=clock.sleep,
            random=lambda: 0.0,
            on_attempt=seen.append,
        )
        response = await send(transport)
    assert response.status_code == 200
    assert [(a.number, a.status_code, a.failure, a.will_retry) for a in seen] == [
        (1, 503, None, True),
        (2, 200, None, False),
    ]
    assert [a.elapsed for a in seen] == [pytest.approx(0.2), pytest.approx(0.2)]
    assert all(a.request.url.path == "/x" for a in seen)


async def test_a_failure_without_an_answer_names_its_kind():
    """A read timeout on a GET is an "uncertain" failure; the Attempt has no status."""
    seen: list[Attempt] = []
    async with FakeClock().running() as clock:
        transport = RateLimitTransport(
            scripted(clock, httpx.ReadTimeout("slow")),
            rate_limit=None,
            clock=clock.now,
            sleep=clock.sleep,
            on_attempt=seen.append,
        )
        await send(transport)
    assert [(a.status_code, a.failure) for a in seen] == [(None, "uncertain"), (200, None)]


async def test_a_raising_callback_is_logged_and_the_request_goes_on(caplog):
    """What on_attempt raises is logged at ERROR and never reaches the caller."""

    def broken(attempt: Attempt) -> None:
        raise ValueError("boom")

    async with FakeClock().running() as clock:
        transport = RateLimitTransport(
            scripted(clock), rate_limit=None, clock=clock.now, sleep=clock.sleep, on_attempt=broken
        )
        response = await send(transport)
    assert response.status_code == 200
    assert "on_attempt callback failed" in caplog.text


async def test_the_retry_policy_extension_overrides_the_transports():
    """A request carrying a RetryPolicy with no retries is sent once; the default retries it."""
    seen: list[Attempt] = []
    async with FakeClock().running() as clock:
        transport = RateLimitTransport(
            scripted(clock, httpx.Response(503), httpx.Response(503)),
            rate_limit=None,
            clock=clock.now,
            sleep=clock.sleep,
            on_attempt=seen.append,
        )
        once = await send(transport, **{RETRY_POLICY_EXTENSION: RetryPolicy(max_retries=0)})
        again = await send(transport)
    assert once.status_code == 503
    assert again.status_code == 200
    assert [a.number for a in seen] == [1, 1, 2]
