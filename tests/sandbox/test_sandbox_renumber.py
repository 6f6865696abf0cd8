"""Sandbox.renumber: a record moves to the id a test names, and what points at it follows."""

from __future__ import annotations

import pytest

from mighty_async import ConfigurationError, NotFound
from mighty_async.testing import Sandbox

pytestmark = pytest.mark.anyio


async def test_a_renumbered_member_answers_at_its_new_id_only():
    """The member is found at the new id (permalink too) and the old id is a 404."""
    sandbox = Sandbox(members=10)
    old = sandbox.member_ids[1]
    sandbox.renumber(old, 42)
    async with sandbox.client() as client:
        member = await client.members.get(42)
        with pytest.raises(NotFound):
            await client.members.get(old)
    assert member.email == sandbox.store.tables["members"][42]["email"]
    assert member.permalink is not None
    assert member.permalink.endswith("/members/42")


async def test_what_pointed_at_the_member_points_at_the_new_id():
    """Its spaces, tags and badges are found under the new id, and lists stay ordered by id."""
    sandbox = Sandbox(members=10)
    old = sandbox.member_ids[1]  # the seed gives the second member a tag and a badge
    spaces = [s for s, members in sandbox.store.space_members.items() if old in members]
    sandbox.renumber(old, 42)
    async with sandbox.client() as client:
        tags = await client.members.tags.list(42).collect()
        badges = await client.members.badges.list(42).collect()
        in_space = await client.spaces.members.get(spaces[0], 42)
        listed = [m.id async for m in client.members.list()]
    assert tags
    assert badges
    assert in_space.id == 42
    assert listed == sorted(listed)
    assert listed[0] == 42


async def test_renumbering_the_owner_keeps_the_token_working():
    """The token's owner can be renumbered; /me then names the new id."""
    sandbox = Sandbox(members=3)
    sandbox.renumber(sandbox.owner["id"], 1)
    async with sandbox.client() as client:
        me = await client.me()
    assert me.user.id == 1
    assert sandbox.owner["id"] == 1


async def test_a_renumbered_space_keeps_its_posts():
    """Posts in a renumbered space are listed by the space's new id, in the same number."""
    sandbox = Sandbox(members=10, posts=20)
    old = next(iter(sandbox.store.tables["spaces"]))
    posts = sum(p["space_id"] == old for p in sandbox.store.tables["posts"].values())
    sandbox.renumber(old, 7)
    async with sandbox.client() as client:
        listed = await client.posts.list(space_id=7).collect()
        space = await client.spaces.get(7)
    assert len(listed) == posts > 0
    assert space.id == 7


async def test_the_new_id_is_never_handed_out_again():
    """A record created after a renumber to the next free id gets another id."""
    sandbox = Sandbox(members=3)
    upcoming = max(max(rows, default=0) for rows in sandbox.store.tables.values()) + 1
    sandbox.renumber(sandbox.member_ids[1], upcoming)
    async with sandbox.client() as client:
        created = await client.members.create(
            email="ada@example.com", first_name="Ada", last_name="Lovelace"
        )
    assert created.id != upcoming
    assert sandbox.store.tables["members"][upcoming]["email"] != "ada@example.com"


@pytest.mark.parametrize(
    ("record", "new_id", "message"),
    [
        ("missing", 5, "no record has id"),
        ("member", "taken", "already taken"),
        ("member", 0, "positive int"),
        ("member", True, "positive int"),
    ],
)
def test_renumber_refuses_what_cannot_be(record, new_id, message):
    """An unknown record, a taken or non-positive id is a ConfigurationError; nothing moves."""
    sandbox = Sandbox(members=3)
    first, second = sandbox.member_ids[1], sandbox.member_ids[2]
    before = list(sandbox.store.tables["members"])
    with pytest.raises(ConfigurationError, match=message):
        sandbox.renumber(
            999_999 if record == "missing" else first, second if new_id == "taken" else new_id
        )
    assert list(sandbox.store.tables["members"]) == before
