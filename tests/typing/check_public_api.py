"""Never executed: mypy --strict checks that the public API types the way users call it."""

from __future__ import annotations

from typing import assert_type

from mighty_async import (
    AsyncMightyClient,
    AsyncPaginator,
    Me,
    Member,
    Network,
    Page,
    TokenExpired,
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
