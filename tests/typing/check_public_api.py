"""Never executed: mypy --strict checks that the public API types the way users call it."""

from __future__ import annotations

from typing import Any, Literal, assert_type

import httpx

from mighty_async import (
    AsyncMightyClient,
    AsyncPaginator,
    Attempt,
    ClientStats,
    ConfigurationError,
    InvalidPathParameter,
    Limiter,
    LimiterUnavailable,
    Me,
    Member,
    MonthlyUsage,
    Network,
    Page,
    PaginationError,
    QuotaExceeded,
    RateLimit,
    RateLimited,
    RateLimitTransport,
    RedisLimiter,
    RetryPolicy,
    SharedLimiter,
    TokenBucket,
    TokenExpired,
    to_dict,
    to_json,
)


async def token_provider() -> str:
    return "fresh-token"


async def uses_the_client() -> None:
    async with AsyncMightyClient("tok", network_id=123) as client:
        assert_type(await client.me(), Me)
        assert_type(await client.network(), Network)
        paginator = client.members.list(per_page=100, max_items=10)
        assert_type(paginator, AsyncPaginator[Member])
        async for member in paginator:
            assert_type(member, Member)
            assert_type(member.id, int)
        async for page in paginator.pages():
            assert_type(page, Page[Member])
        assert_type(await paginator.collect(), list[Member])
        assert_type(await client.members.get(42), Member)
        assert_type(await client.members.get_by_email("a@example.com"), Member)
        created = await client.members.create(email="a@x.io", first_name="A", last_name="B")
        assert_type(created, Member)
        assert_type(await client.members.update(42, role="moderator"), Member)
        assert_type(await client.members.delete(42), None)
    async with AsyncMightyClient(token_provider, network_id="paint-pals") as client:
        try:
            await client.me()
        except TokenExpired as err:
            assert_type(err.status_code, int)
            assert_type(err.code, str | None)
        try:
            await client.members.delete(42)
        except InvalidPathParameter as bad:
            refused: ConfigurationError = bad
            assert_type(refused, ConfigurationError)
            assert_type(bad.parameter, str)
            assert_type(bad.template, str)
        path: str = client.path("/members/{id}/", id=42)
        assert_type(path.startswith("/admin/"), bool)
    async with AsyncMightyClient("tok", network_id=1, base_url=None, timeout=None) as client:
        assert_type(client.base_url, httpx.URL)


async def uses_walks() -> None:
    async with AsyncMightyClient("tok", network_id=123) as client:
        paginator = client.members.list(max_items=10, max_pages=3, concurrency=4)
        async with paginator.stream() as members:
            async for member in members:
                assert_type(member, Member)
        async with paginator.stream_pages() as pages:
            async for page in pages:
                assert_type(page, Page[Member])
                assert_type(page.response, httpx.Response | None)
                assert_type(page.attempts, int)
        try:
            await paginator.collect()
        except PaginationError as err:
            assert_type(err.page, int)
            assert_type(err.stale_pages, int)
            assert_type(err.yielded, int)


class UserLimiter:
    """A user-written limiter: satisfies the Limiter protocol structurally."""

    async def acquire(self) -> None:
        return None

    def on_response(self, response: httpx.Response) -> None:
        del response

    @property
    def rate(self) -> float | None:
        return None


async def uses_rate_limiting() -> None:
    limiter: Limiter = UserLimiter()
    bucket = TokenBucket(RateLimit(requests=200, period=60, burst=10))
    assert_type(bucket.rate, float)
    async with (
        AsyncMightyClient("tok", network_id=1, rate_limit=bucket, retry=RetryPolicy()) as paced,
        AsyncMightyClient("tok", network_id=1, rate_limit=limiter, retry=None) as custom,
        AsyncMightyClient("tok", network_id=1, rate_limit=None) as unpaced,
    ):
        stats = paced.stats
        assert_type(stats, ClientStats)
        assert_type(stats.limiter_rate, float | None)
        assert_type(stats.responses["2xx"], int)
        async with paced.retrying_writes():
            await paced.members.update(42, role="moderator")
        with custom.retrying_writes():
            await custom.network()
        try:
            await unpaced.me()
        except RateLimited as err:
            assert_type(err.retry_after, float | None)
            assert_type(err.attempts, int)
    transport = RateLimitTransport(httpx.AsyncHTTPTransport(), rate_limit=RateLimit())
    async with httpx.AsyncClient(transport=transport) as http:
        assert_type(await http.get("https://api.mn.co/"), httpx.Response)

    def audit(attempt: Attempt) -> None:
        assert_type(attempt.number, int)
        assert_type(attempt.status_code, int | None)
        assert_type(attempt.failure, str | None)
        assert_type(attempt.elapsed, float)
        assert_type(attempt.waited, float)
        assert_type(attempt.will_retry, bool)
        assert_type(attempt.request, httpx.Request)

    audited = RateLimitTransport(rate_limit=None, on_attempt=audit)
    assert_type(audited.is_closed, bool)
    await audited.aclose()


async def uses_the_redis_limiter() -> None:
    import redis.asyncio as redis  # noqa: PLC0415 - the optional extra

    shared = redis.Redis.from_url("redis://localhost:6379/0")
    async with (
        RedisLimiter("redis://localhost:6379/0", rate=100, per=60, monthly_budget=10_000) as fleet,
        RedisLimiter(shared, key="jobs", network_id=1, on_redis_error="fail_closed") as strict,
        AsyncMightyClient("tok", network_id=1, rate_limit=fleet) as client,
    ):
        plugged: SharedLimiter = strict
        assert_type(plugged.rate, float | None)
        assert_type(fleet.rate, float)
        assert_type(fleet.mode, Literal["redis", "fallback"])
        usage = await fleet.usage()
        assert_type(usage, MonthlyUsage)
        assert_type(usage.remaining, int | None)
        try:
            await client.network()
        except QuotaExceeded as err:
            assert_type(err.used, int)
            assert_type(err.month, str)
        except LimiterUnavailable as err:
            assert_type(err.__cause__, BaseException | None)


async def writes_json(client: AsyncMightyClient) -> None:
    member = await client.members.get(42)
    assert_type(to_dict(member), dict[str, Any])
    assert_type(to_dict([member]), list[dict[str, Any]])
    assert_type(to_dict((member, member)), list[dict[str, Any]])
    async for page in client.members.list().pages():
        assert_type(to_dict(page), dict[str, Any])
        assert_type(to_json(page, indent=2), str)
    assert_type(to_json(member), str)
    assert_type(to_json(await client.members.list().collect()), str)
