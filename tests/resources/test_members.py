"""client.members: every members operation hits its exact path with the right payload."""

from __future__ import annotations

import json

import pytest

from mighty_async import Member, NotFound, UnprocessableEntity

pytestmark = pytest.mark.anyio

MEMBER = {
    "id": "42",
    "created_at": "2025-11-07T23:17:21+00:00",
    "updated_at": "2025-11-07T23:17:21Z",
    "email": "ada@example.com",
    "member_type": "full",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "categories": [{"id": 1, "title": "VIP"}],
    "permalink": "https://x.mn.co/members/42",
}


async def test_get_uses_trailing_slash(api, client):
    """get() requests /members/{id}/ and structures the member."""
    route = api.get("/members/42/").respond(200, json=MEMBER)
    member = await client.members.get(42)
    assert route.called
    assert isinstance(member, Member)
    assert (member.id, member.full_name) == (42, "Ada Lovelace")


async def test_get_missing_member_raises_not_found(api, client):
    """A 404 from get() is NotFound."""
    api.get("/members/9/").respond(404, json={"error": "not_found"})
    with pytest.raises(NotFound):
        await client.members.get(9)


async def test_get_by_email_sends_the_email_as_query(api, client):
    """get_by_email() sends the address in the query string, URL-encoded."""
    route = api.get("/members/by_email", params={"email": "a+b@example.com"}).respond(
        200, json=MEMBER
    )
    await client.members.get_by_email("a+b@example.com")
    assert route.called
    assert "email=a%2Bb%40example.com" in str(route.calls.last.request.url)


async def test_create_sends_only_given_fields(api, client):
    """create() posts the required fields and only the optional ones that were given."""
    route = api.post("/members").respond(201, json=MEMBER)
    await client.members.create(
        email="ada@example.com", first_name="Ada", last_name="Lovelace", role="contributor"
    )
    sent = json.loads(route.calls.last.request.content)
    assert sent == {
        "email": "ada@example.com",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "role": "contributor",
    }


async def test_create_limited_member_with_spaces(api, client):
    """A limited member is created with its space ids and welcome-email choice."""
    route = api.post("/members").respond(201, json=MEMBER)
    await client.members.create(
        email="a@x.io",
        first_name="A",
        last_name="B",
        member_type="limited",
        space_ids=[1, 2],
        send_welcome_email=False,
    )
    sent = json.loads(route.calls.last.request.content)
    assert sent["space_ids"] == [1, 2]
    assert sent["send_welcome_email"] is False
    assert sent["member_type"] == "limited"


async def test_duplicate_create_raises_unprocessable(api, client):
    """A 422 for a duplicate email is UnprocessableEntity with the server's message."""
    api.post("/members").respond(422, json={"error": "Email has already been taken"})
    with pytest.raises(UnprocessableEntity, match="already been taken"):
        await client.members.create(email="a@x.io", first_name="A", last_name="B")


@pytest.mark.parametrize(("verb", "method"), [("update", "PATCH"), ("replace", "PUT")])
async def test_update_and_replace(api, client, verb, method):
    """update() PATCHes and replace() PUTs /members/{id}/ with only the given fields."""
    route = getattr(api, method.lower())("/members/42/").respond(200, json=MEMBER)
    member = await getattr(client.members, verb)(42, role="moderator")
    assert member.id == 42
    assert json.loads(route.calls.last.request.content) == {"role": "moderator"}


async def test_delete_returns_none(api, client):
    """delete() sends DELETE /members/{id}/ and returns None on 204."""
    route = api.delete("/members/42/").respond(204)
    assert await client.members.delete(42) is None
    assert route.called


@pytest.mark.parametrize(
    ("cancel", "query"), [(True, "cancel_plans=true"), (False, "cancel_plans=false")]
)
async def test_remove_from_network_sends_cancel_plans(api, client, cancel, query):
    """remove_from_network() sends cancel_plans as a query boolean."""
    route = api.delete("/members/42/network_membership").respond(204)
    await client.members.remove_from_network(42, cancel_plans=cancel)
    assert route.calls.last.request.url.query.decode() == query


async def test_remove_from_network_without_cancel_sends_no_query(api, client):
    """Without cancel_plans nothing is added to the query string."""
    route = api.delete("/members/42/network_membership").respond(204)
    await client.members.remove_from_network(42)
    assert route.calls.last.request.url.query == b""


async def test_list_walks_pages(api, client):
    """list() GETs /members with page and per_page until a short page."""
    route = api.get("/members").respond(200, json={"items": [MEMBER], "links": {"next": None}})
    members = await client.members.list(per_page=50).collect()
    assert [m.id for m in members] == [42]
    assert dict(route.calls.last.request.url.params) == {"page": "1", "per_page": "50"}
