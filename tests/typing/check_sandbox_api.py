"""Never executed: mypy --strict checks the sandbox's public API types as users call it."""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_type

from mighty_async import AsyncMightyClient
from mighty_async.testing import (
    Faults,
    RateWindow,
    RequestRecord,
    Sandbox,
    SandboxTransport,
    VirtualTime,
)

if TYPE_CHECKING:
    import httpx


async def fake_sleep(seconds: float) -> None:
    del seconds


async def uses_the_sandbox() -> None:
    sandbox = Sandbox(
        seed=1,
        members=20,
        rate_limit=RateWindow(requests=10, period=1.0),
        retry_after=False,
        clock=lambda: 0.0,
        sleep=fake_sleep,
    )
    assert_type(sandbox.transport(), SandboxTransport)
    transport: httpx.AsyncBaseTransport = sandbox.transport()
    del transport
    async with sandbox.client(timeout=5.0) as client:
        assert_type(client, AsyncMightyClient)
    assert_type(sandbox.faults, Faults)
    sandbox.faults.latency(0.1, 0.2)
    sandbox.faults.fail_next(2, status=503, retry_after=3, route="/members")
    sandbox.faults.drop_next(method="GET")
    sandbox.faults.malformed_next()
    sandbox.faults.slow_body_next(delay=0.5, chunks=2)
    sandbox.faults.ignore_page_next(3, route="/members")
    sandbox.faults.raw_next(status=200, headers={"Content-Encoding": "gzip"}, body=b"{}")
    sandbox.faults.fail_nth(101, status=429, retry_after=1, method="GET")
    assert_type(sandbox.requests, list[RequestRecord])
    assert_type(sandbox.requests[0].status, int | None)
    assert_type(sandbox.requests[0].at, float | None)
    assert_type(sandbox.requests[0].user_agent, str | None)
    sandbox.set_rate_limit(RateWindow(20, 0.5, fixed=True))
    assert_type(sandbox.issue_token(), str)
    sandbox.revoke_token()
    sandbox.set_rate_limit(None, retry_after=True)
    assert_type(sandbox.rate_limit, RateWindow | None)
    assert_type(sandbox.time, VirtualTime)
    assert_type(sandbox.time.skipped, float)
    await sandbox.time.sleep(1.0)
    async with sandbox.serve(port=0) as base_url:
        assert_type(base_url, str)
    with sandbox.serve_in_thread() as url:
        assert_type(url, str)
