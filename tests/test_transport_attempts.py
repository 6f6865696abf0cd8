"""One `Attempt` record per attempt sent, the on_attempt callback, and per-request policies."""

from __future__ import annotations

import logging

import httpx
import pytest

from mighty_async import Attempt, ConfigurationError, RateLimit, RateLimitTransport, RetryPolicy
from mighty_async._transport import RETRY_POLICY_EXTENSION

from .support.fakeclock import FakeClock
from .support.fakeserver import ScriptedServer

pytestmark = pytest.mark.anyio

BASE = "https://api.test"


class CutStream(httpx.AsyncByteStream):
    """A body that breaks after its first chunk, as a connection cut mid-answer does."""

    async def __aiter__(self):
        yield b'{"id"'
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


def script_of(server_box: list[ScriptedServer]):
    def script(request: httpx.Request, n: int) -> httpx.Response:
        if n == 0:
            return server_box[0].respond(503)
        if n == 1:
            raise httpx.ConnectError("refused", request=request)
        if n == 2:
            return httpx.Response(200, stream=CutStream())
        return server_box[0].respond(200)

    return script


async def test_every_attempt_is_recorded_once_with_what_happened(anyio_backend):
    """503, connect error, cut body, 200: four records, numbered, timed, the last one final."""
    records: list[Attempt] = []
    async with FakeClock().running() as clock:
        box: list[ScriptedServer] = []
        server = ScriptedServer(script_of(box), clock=clock, latency=1.0)
        box.append(server)
        transport = RateLimitTransport(
            server,
            rate_limit=RateLimit(requests=1, period=10.0, burst=1, adaptive=False),
            retry=RetryPolicy(max_retries=3, backoff_base=0.0),
            clock=clock.now,
            sleep=clock.sleep,
            on_attempt=records.append,
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            response = await http.get("/x")
    assert response.status_code == 200
    assert [(a.number, a.status_code, a.failure, a.will_retry) for a in records] == [
        (1, 503, None, True),
        (2, None, "connect", True),
        (3, None, "remote_protocol", True),
        (4, 200, None, False),
    ]
    assert [a.elapsed for a in records] == [1.0, 0.0, 1.0, 1.0]
    assert records[0].waited == 0.0
    assert records[1].waited == pytest.approx(9.0)
    assert all(a.request.url.path == "/x" for a in records)
    assert transport.stats.transport_errors == 2


async def test_a_failing_callback_is_logged_and_never_breaks_the_call(anyio_backend, caplog):
    """An on_attempt that raises: the call still succeeds; a WARNING names only the type."""
    caplog.set_level(logging.WARNING, logger="mighty_async")

    def broken(attempt: Attempt) -> None:
        raise RuntimeError(f"secret {attempt.request.headers}")

    async with FakeClock().running() as clock:
        box: list[ScriptedServer] = []
        server = ScriptedServer(lambda r, n: box[0].respond(200), clock=clock)
        box.append(server)
        transport = RateLimitTransport(
            server, rate_limit=None, clock=clock.now, sleep=clock.sleep, on_attempt=broken
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            response = await http.get("/x", headers={"Authorization": "Bearer tok-CANARY"})
    assert response.status_code == 200
    assert caplog.messages == ["the on_attempt callback failed (RuntimeError); the call goes on"]
    assert "CANARY" not in caplog.text


async def test_a_request_may_bring_its_own_retry_policy(anyio_backend):
    """The retry_policy extension replaces the transport's policy for that request only."""
    async with FakeClock().running() as clock:
        box: list[ScriptedServer] = []
        server = ScriptedServer(lambda r, n: box[0].respond(503), clock=clock)
        box.append(server)
        transport = RateLimitTransport(
            server,
            rate_limit=None,
            retry=RetryPolicy(max_retries=2, backoff_base=0.0),
            clock=clock.now,
            sleep=clock.sleep,
        )
        async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
            once = await http.get(
                "/once", extensions={RETRY_POLICY_EXTENSION: RetryPolicy.disabled()}
            )
            default = await http.get("/default")
            with pytest.raises(ConfigurationError, match="must be a RetryPolicy"):
                await http.get("/bad", extensions={RETRY_POLICY_EXTENSION: {"max_retries": 9}})
    assert (once.status_code, default.status_code) == (503, 503)
    assert [r.url.path for r in server.requests] == ["/once"] + ["/default"] * 3


def test_on_attempt_must_be_callable():
    """A non-callable on_attempt is a ConfigurationError at construction."""
    with pytest.raises(ConfigurationError, match="on_attempt"):
        RateLimitTransport(rate_limit=None, on_attempt="print")  # type: ignore[arg-type]


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
    """A read timeout on a GET is named "read_timeout"; the Attempt has no status."""
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
    assert [(a.status_code, a.failure) for a in seen] == [(None, "read_timeout"), (200, None)]


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
        # One httpx client for both: closing it closes the transport for good.
        async with httpx.AsyncClient(transport=transport) as http:
            no_retries = {RETRY_POLICY_EXTENSION: RetryPolicy(max_retries=0)}
            once = await http.send(http.build_request("GET", BASE + "/x", extensions=no_retries))
            again = await http.send(http.build_request("GET", BASE + "/x"))
    assert once.status_code == 503
    assert again.status_code == 200
    assert [a.number for a in seen] == [1, 1, 2]
