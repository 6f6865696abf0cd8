"""Never executed: mypy --strict sees the real types of with_options, raw, request, audit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any, assert_type

import httpx

from mighty_async import (
    AsyncMightyClient,
    Attempt,
    AuditRecord,
    Me,
    Member,
    RateLimitTransport,
    Raw,
    RetryPolicy,
    raw,
    token_fingerprint,
)

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable


def ship(record: AuditRecord) -> None:
    assert_type(record.time, datetime)
    assert_type(record.operation, str | None)
    assert_type(record.status_code, int | None)
    assert_type(record.token_fingerprint, str | None)
    assert_type(record.waited, float)


def on_attempt(attempt: Attempt) -> None:
    assert_type(attempt.request, httpx.Request)
    assert_type(attempt.number, int)
    assert_type(attempt.failure, str | None)
    assert_type(attempt.will_retry, bool)


async def uses_options() -> None:
    async with AsyncMightyClient("tok", network_id=1, on_request=ship) as client:
        fast = client.with_options(timeout=5, headers={"X-Job": "sync"}, max_wait=0)
        assert_type(fast, AsyncMightyClient)
        assert_type(await fast.members.get(1), Member)
        client.with_options(retry=RetryPolicy(max_retries=0)).with_options(retry=None)
        client.with_options(timeout=httpx.Timeout(3.0))

        get_raw: Callable[[int], Awaitable[Raw[Member]]] = raw(client.members.get)
        answer = await get_raw(42)
        assert_type(answer, Raw[Member])
        assert_type(answer.result, Member)
        assert_type(answer.status_code, int)
        assert_type(answer.headers, httpx.Headers)
        assert_type(answer.elapsed, float)
        assert_type(answer.attempts, int)
        assert_type(answer.response, httpx.Response)
        assert_type(answer.responses, tuple[httpx.Response, ...])
        assert_type((await raw(client.members.delete)(1)).result, None)
        assert_type((await raw(client.members.list().collect)()).result, list[Member])
        await raw(client.members.get)("42")  # type: ignore[arg-type]
        await raw(client.members.get)(42, extra=1)  # type: ignore[call-arg]

        assert_type(await client.request("GET", "/me", model=Me), Me)
        assert_type(await client.request("GET", "/members", params={"page": 1}), Any)
        await client.request("POST", "/members", json={"email": "a@b.c"})
        assert_type(await client.check_token(wait=10), Me)
        assert_type(token_fingerprint("tok"), str)


def transport_with_a_callback() -> RateLimitTransport:
    return RateLimitTransport(on_attempt=on_attempt, rate_limit=None)
