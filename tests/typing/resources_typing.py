"""Static checks (mypy --strict): the resources' signatures and return types, as users see them.

Never run; ``mypy`` reads it (``files`` in pyproject).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, assert_type

from mighty_async import (
    AsyncMightyClient,
    AsyncPaginator,
    BulkCall,
    Collection,
    CollectionOrderItem,
    Event,
    Invite,
    Member,
    Page,
    Plan,
    Purchase,
    Rsvp,
    Space,
    Subscription,
    Tag,
)

if TYPE_CHECKING:
    from mighty_async.models import PlanStatus, Role


async def resources(client: AsyncMightyClient) -> None:
    """Each verb returns what the docs say."""
    assert_type(client.members.list(), AsyncPaginator[Member])
    assert_type(await client.members.get(1), Member)
    assert_type(await client.members.delete(1), None)
    assert_type(await client.spaces.members.add(1, user_id=2), Member)
    assert_type(await client.plans.members.add(1, user_id=2), Plan)
    assert_type(await client.members.tags.add(1, tag_id=2), Tag)
    assert_type(await client.collections.get(1), Collection)
    assert_type(await client.collections.reorder(1, spaces=[3, 4]), Page[CollectionOrderItem])
    assert_type(await client.subscriptions.cancel(1, when="now"), Subscription)
    assert_type(await client.purchases.revoke(1, immediate=True), Purchase)
    assert_type(await client.plans.invites.resend(1, 2, method="PUT"), Invite)
    assert_type(await client.events.rsvps.replace(1, 2, member_id=3, status="maybe"), Rsvp)
    event = await client.events.create(
        title="t",
        starts_at=datetime(2026, 1, 1, tzinfo=UTC),
        ends_at="2026-01-01T02:00:00+00:00",
        event_type="a_type_the_server_added_later",
        space_id=1,
        by_days=["MO", "FR"],
        by_month_days="1,15",
    )
    assert_type(event, Event)


async def bulk(client: AsyncMightyClient) -> None:
    """One signature per bulk method: await gives the results, settle() every outcome."""
    call = client.members.get_many([1, 2])
    assert_type(call, BulkCall[Member])
    assert_type(await call, list[Member])
    assert_type(await client.members.get_many([1]).settle(), list[Member | Exception])
    assert_type(await client.members.delete_many([1]).settle(), list[Exception | None])
    assert_type(await client.spaces.members.add_many(1, [2, 3]), list[Member])
    client.members.get_many([1], return_exceptions=True)  # type: ignore[call-arg]


async def twins(client: AsyncMightyClient) -> None:
    """A PUT twin keeps its PATCH twin's signature and return type."""
    assert_type(await client.members.replace(1, role="host"), Member)
    assert_type(await client.spaces.replace(1, name="n"), Space)
    await client.members.replace(1, nickname="x")  # type: ignore[call-arg]
    await client.members.replace("1")  # type: ignore[arg-type]


def open_sets(member: Member, plan: Plan, role: Role) -> PlanStatus | None:
    """Open string sets accept any string and hand back a string."""
    known: Role = "host"
    later: Role = "a_role_the_server_added_later"
    assert_type(role, str)
    assert_type(member.member_type, str | None)
    del known, later
    return plan.status
