"""The sandbox in-process: auth, network checks, pagination, semantics, the requests log."""

from __future__ import annotations

import httpx
import pytest

from mighty_async import (
    ConfigurationError,
    Conflict,
    NotFound,
    RequestBlocked,
    TokenExpired,
    Unauthorized,
    UnprocessableEntity,
)
from mighty_async.testing import RequestRecord, Sandbox

pytestmark = pytest.mark.anyio


def raw(sandbox: Sandbox, **headers: str) -> httpx.AsyncClient:
    """A plain httpx client on the sandbox, with the token and a User-Agent unless overridden."""
    base = {"Authorization": f"Bearer {sandbox.token}", "User-Agent": "tests"}
    base.update(headers)
    return httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=f"{sandbox.base_url}/admin/v1/networks/{sandbox.network_id}",
        headers={k: v for k, v in base.items() if v},
    )


async def test_same_seed_same_network():
    """Two sandboxes with one seed hold identical members; another seed differs."""
    first, second = Sandbox(seed=5, members=40), Sandbox(seed=5, members=40)
    assert list(first.iter_members()) == list(second.iter_members())
    assert list(Sandbox(seed=6, members=40).iter_members()) != list(first.iter_members())


async def test_seed_is_plausible():
    """Seeded members have unique reserved-domain emails, names and ordered timestamps."""
    members = list(Sandbox(seed=1, members=300).iter_members())
    emails = [m["email"] for m in members]
    assert len(set(emails)) == 300
    assert all(e.split("@")[1].startswith(("example.", "sandbox.example")) for e in emails)
    assert all(m["first_name"] and m["last_name"] for m in members)
    assert [m["created_at"] for m in members] == sorted(m["created_at"] for m in members)


async def test_owner_is_the_first_member_and_me():
    """The token's owner is member one, a host, and what /me describes."""
    sandbox = Sandbox(members=3)
    async with sandbox.client() as client:
        me = await client.me()
        first = await client.members.get(sandbox.member_ids[0])
    assert me.user.id == first.id == sandbox.owner["id"]
    assert me.user.admin is True
    assert me.network is not None
    assert me.network.id == sandbox.network_id


async def test_members_must_include_the_owner():
    """A sandbox without members is refused: the token needs an owner."""
    with pytest.raises(ConfigurationError, match="at least 1"):
        Sandbox(members=0)


async def test_member_crud_round_trip():
    """Create, read, update, delete a member; the changes persist and the id then 404s."""
    sandbox = Sandbox(members=5)
    async with sandbox.client() as client:
        created = await client.members.create(
            email="grace@example.com", first_name="Grace", last_name="Hopper"
        )
        assert (await client.members.get(created.id)).email == "grace@example.com"
        updated = await client.members.update(created.id, last_name="Murray")
        assert updated.last_name == "Murray"
        assert (await client.members.get_by_email("GRACE@example.com")).last_name == "Murray"
        await client.members.delete(created.id)
        with pytest.raises(NotFound):
            await client.members.get(created.id)
    assert len(sandbox.member_ids) == 5


async def test_duplicate_email_is_422():
    """Creating a member with an email already taken (any case) is 422."""
    sandbox = Sandbox(members=5)
    taken = sandbox.owner["email"].upper()
    async with sandbox.client() as client:
        with pytest.raises(UnprocessableEntity, match="already exists"):
            await client.members.create(email=taken, first_name="A", last_name="B")


async def test_accepted_invite_delete_is_409():
    """Deleting an invite that was accepted is a 409 conflict; a pending one deletes."""
    sandbox = Sandbox(members=5)
    accepted = next(i for i in sandbox.store.tables["invites"].values() if i["_accepted"])
    pending = next(i for i in sandbox.store.tables["invites"].values() if not i["_accepted"])
    async with raw(sandbox) as http:
        refused = await http.delete(f"/invites/{accepted['id']}/")
        sandbox.accept_invite(pending["id"])
        also_refused = await http.delete(f"/invites/{pending['id']}/")
    assert refused.status_code == also_refused.status_code == 409
    assert refused.json()["error"] == "conflict"


async def test_wrong_token_is_unauthorized():
    """A token the sandbox never issued is 401 unauthorized."""
    sandbox = Sandbox(members=2)
    async with sandbox.client(token="not-the-token") as client:
        with pytest.raises(Unauthorized) as caught:
            await client.me()
    assert not isinstance(caught.value, TokenExpired)
    assert caught.value.code == "unauthorized"


async def test_missing_authorization_is_unauthorized():
    """A request without a bearer token is 401 with the API's error body."""
    sandbox = Sandbox(members=2)
    async with raw(sandbox, Authorization="") as http:
        response = await http.get("/me")
    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthorized",
        "message": "Missing or malformed Authorization header",
        "status": 401,
    }


async def test_revoked_token_is_token_expired():
    """A token revoked through the sandbox answers 401 token_expired; a new one works."""
    sandbox = Sandbox(members=2)
    fresh = sandbox.issue_token()
    sandbox.revoke_token()
    async with sandbox.client() as client:
        with pytest.raises(TokenExpired):
            await client.me()
    async with sandbox.client(token=fresh) as client:
        assert (await client.me()).user.id == sandbox.owner["id"]


async def test_token_provider_recovers_after_revocation():
    """A client with a token provider replays once with the new token after token_expired."""
    sandbox = Sandbox(members=2)
    tokens = [sandbox.token]

    async def provider() -> str:
        return tokens[-1]

    async with sandbox.client(token=provider) as client:
        await client.me()
        sandbox.revoke_token()
        tokens.append(sandbox.issue_token())
        assert (await client.me()).user.id == sandbox.owner["id"]
    assert [r.status for r in sandbox.requests] == [200, 401, 200]


@pytest.mark.parametrize("network", [1234, "sandbox"])
async def test_network_by_id_or_subdomain(network):
    """The network answers under its numeric id and under its subdomain."""
    sandbox = Sandbox(members=2, network_id=1234, subdomain="sandbox")
    async with sandbox.client(network_id=network) as client:
        assert (await client.network()).id == 1234


@pytest.mark.parametrize("network", [999, "elsewhere"])
async def test_other_network_is_unauthorized(network):
    """A network id or subdomain that is not the sandbox's is 401 for this token."""
    sandbox = Sandbox(members=2)
    async with sandbox.client(network_id=network) as client:
        with pytest.raises(Unauthorized, match="does not belong"):
            await client.network()


async def test_missing_user_agent_is_an_html_403():
    """Without a User-Agent the 'CDN' answers an HTML page with 403, not JSON."""
    sandbox = Sandbox(members=2)
    async with raw(sandbox, **{"User-Agent": ""}) as http:
        http.headers.pop("User-Agent", None)
        response = await http.get("/me")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert b"<html>" in response.content


async def test_sdk_maps_the_html_403_to_request_blocked():
    """The SDK turns the sandbox's HTML 403 into RequestBlocked."""
    sandbox = Sandbox(members=2)
    async with sandbox.client() as client:
        client._http.headers.pop("User-Agent")
        with pytest.raises(RequestBlocked):
            await client.me()


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/members/42", 404),  # the API's route is /members/{id}/ (with the slash)
        ("/spaces/{space}/", 404),  # ... and /spaces/{id} is without one
        ("/nowhere", 404),
        ("/members/abc/", 404),
    ],
)
async def test_paths_are_exact(path, status):
    """Trailing slashes are part of the route: the wrong form is a 404, never a redirect."""
    sandbox = Sandbox(members=2, spaces=2)
    space = next(iter(sandbox.store.tables["spaces"]))
    async with raw(sandbox) as http:
        response = await http.get(path.format(space=space))
    assert response.status_code == status
    assert response.json()["status"] == status


async def test_wrong_slash_hint():
    """The 404 for a missing trailing slash says which form the API routes."""
    sandbox = Sandbox(members=2)
    async with raw(sandbox) as http:
        response = await http.get(f"/members/{sandbox.member_ids[0]}")
    assert "trailing slashes are exact" in response.json()["message"]


async def test_wrong_method_is_405():
    """A known path with a method it does not take is 405."""
    sandbox = Sandbox(members=2)
    async with raw(sandbox) as http:
        response = await http.post("/me")
    assert response.status_code == 405


async def test_patch_and_put_both_update():
    """Every update answers on PATCH and PUT alike, as partial updates."""
    sandbox = Sandbox(members=3)
    member = sandbox.member_ids[1]
    async with sandbox.client() as client:
        await client.members.update(member, first_name="Patched")
        replaced = await client.members.replace(member, last_name="Put")
    assert (replaced.first_name, replaced.last_name) == ("Patched", "Put")


async def test_bad_json_body_is_400():
    """A body that is not JSON is a 400."""
    sandbox = Sandbox(members=2)
    async with raw(sandbox) as http:
        response = await http.post(
            "/members", content=b"{oops", headers={"content-type": "application/json"}
        )
    assert response.status_code == 400


async def test_missing_required_field_is_422():
    """A create without a required field is 422 naming it."""
    sandbox = Sandbox(members=2)
    async with raw(sandbox) as http:
        response = await http.post("/members", json={"email": "x@example.com"})
    assert response.status_code == 422
    assert "first_name" in response.json()["message"]


# -- pagination -------------------------------------------------------------------------------


async def test_pages_follow_reference_section_5():
    """page/per_page slice the list; links.self and links.next are absolute; next is null last."""
    sandbox = Sandbox(members=45)
    async with raw(sandbox) as http:
        first = (await http.get("/members", params={"per_page": 20})).json()
        last = (await http.get("/members", params={"page": 3, "per_page": 20})).json()
        beyond = (await http.get("/members", params={"page": 4, "per_page": 20})).json()
        default = (await http.get("/members")).json()
    assert [m["id"] for m in first["items"]] == sandbox.member_ids[:20]
    assert first["links"]["next"].endswith("/members?page=2&per_page=20")
    assert first["links"]["self"].startswith("https://sandbox.test/admin/v1/networks/1234/")
    assert [m["id"] for m in last["items"]] == sandbox.member_ids[40:]
    assert last["links"]["next"] is None
    assert beyond == {"items": [], "links": {"self": beyond["links"]["self"], "next": None}}
    assert len(default["items"]) == 25


async def test_next_link_keeps_filters():
    """The next link carries the list's other query parameters."""
    sandbox = Sandbox(members=10, posts=40, spaces=1)
    space = next(iter(sandbox.store.tables["spaces"]))
    async with raw(sandbox) as http:
        body = (await http.get("/posts", params={"space_id": space, "per_page": 5})).json()
    assert f"space_id={space}" in body["links"]["next"]


@pytest.mark.parametrize("per_page", [0, 101, "many"])
async def test_per_page_out_of_range_is_400(per_page):
    """per_page outside 1..100 is refused, not silently clamped."""
    sandbox = Sandbox(members=2)
    async with raw(sandbox) as http:
        response = await http.get("/members", params={"per_page": per_page})
    assert response.status_code == 400


async def test_sdk_walks_every_member_once():
    """The SDK's paginator sees each of 1,234 members exactly once, in 13 requests."""
    sandbox = Sandbox(members=1234)
    async with sandbox.client() as client:
        ids = [m.id async for m in client.members.list()]
    assert ids == sandbox.member_ids
    assert len([r for r in sandbox.requests if r.route == "/members"]) == 13


# -- the requests log -------------------------------------------------------------------------


async def test_requests_log_records_what_was_sent():
    """Each request is logged with method, path, query, route template, body and status."""
    sandbox = Sandbox(members=3)
    async with sandbox.client() as client:
        await client.members.update(sandbox.member_ids[1], role="moderator")
        with pytest.raises(NotFound):
            await client.members.get(1)
    update, missing = sandbox.requests
    assert update == RequestRecord(
        method="PATCH",
        path=f"/admin/v1/networks/1234/members/{sandbox.member_ids[1]}/",
        query={},
        status=200,
        route="/members/{id}/",
        body={"role": "moderator"},
    )
    assert (missing.method, missing.route, missing.status) == ("GET", "/members/{id}/", 404)
    assert sandbox.statuses == [200, 404]


async def test_requests_log_never_holds_the_token():
    """The log keeps no Authorization header (only the User-Agent), so the token cannot leak."""
    sandbox = Sandbox(members=2, token="secret-token-value")
    async with sandbox.client() as client:
        await client.me()
    assert "secret-token-value" not in repr(sandbox.requests)
    assert "secret-token-value" not in repr(sandbox)


# -- other semantics users lean on --------------------------------------------------------------


async def test_reactions_are_keyed_by_caller():
    """A second reaction replaces the caller's first; DELETE removes it; a second DELETE 404s."""
    sandbox = Sandbox(members=5, posts=3)
    post = next(iter(sandbox.store.tables["posts"]))
    async with raw(sandbox) as http:
        before = len((await http.get(f"/posts/{post}/reactions")).json()["items"])
        await http.post(f"/posts/{post}/reactions", json={"emoji": "👍"})
        again = await http.post(f"/posts/{post}/reactions", json={"emoji": "🔥"})
        mine = [
            r
            for r in (await http.get(f"/posts/{post}/reactions")).json()["items"]
            if r["member_id"] == sandbox.owner["id"]
        ]
        first_delete = await http.delete(f"/posts/{post}/reactions")
        second_delete = await http.delete(f"/posts/{post}/reactions")
    assert again.json()["emoji"] == "🔥"
    assert [r["emoji"] for r in mine] == ["🔥"]
    assert len(mine) + before == before + 1
    assert (first_delete.status_code, second_delete.status_code) == (204, 404)


async def test_ban_removes_and_blocks_the_email():
    """A ban takes the member out of the network and refuses their email afterwards."""
    sandbox = Sandbox(members=5, spaces=2)
    space, members = next(iter(sandbox.store.space_members.items()))
    victim = next(m for m in members if m != sandbox.owner["id"])
    email = sandbox.store.users[victim]["email"]
    async with raw(sandbox) as http:
        banned = await http.post(f"/spaces/{space}/members/{victim}/ban", json={"ban_reason": "x"})
        gone = await http.get(f"/members/{victim}/")
        again = await http.post(
            "/members", json={"email": email, "first_name": "A", "last_name": "B"}
        )
    assert (banned.status_code, banned.json()) == (200, {})
    assert gone.status_code == 404
    assert again.status_code == 422


async def test_subscription_cancel_semantics():
    """`when` picks now or end of cycle; a bad value is 400; cancelling twice is 422."""
    sandbox = Sandbox(members=20)
    subscriptions = [s["id"] for s in sandbox.store.tables["subscriptions"].values()]
    async with raw(sandbox) as http:
        bad = await http.delete(f"/subscriptions/{subscriptions[0]}", params={"when": "later"})
        now = await http.delete(f"/subscriptions/{subscriptions[0]}", params={"when": "now"})
        twice = await http.delete(f"/subscriptions/{subscriptions[0]}")
        canceled = (await http.get("/subscriptions", params={"status": "canceled"})).json()
    assert (bad.status_code, now.status_code, twice.status_code) == (400, 200, 422)
    assert now.json()["subscription"]["canceled_at"]
    assert [s["subscription"]["id"] for s in canceled["items"]] == [subscriptions[0]]


async def test_collection_order_sets_positions():
    """Ordering a collection's spaces answers them in the new order, paged."""
    sandbox = Sandbox(members=3, spaces=6)
    collection = next(iter(sandbox.store.tables["collections"]))
    spaces = [
        s["id"] for s in sandbox.store.tables["spaces"].values() if s["collection_id"] == collection
    ]
    order = [{"space_id": s, "position": i} for i, s in enumerate(reversed(spaces), 1)]
    async with raw(sandbox) as http:
        response = await http.put(f"/collections/{collection}/order", json={"spaces": order})
        outsider = await http.put(
            f"/collections/{collection}/order",
            json={"spaces": [{"space_id": sandbox.member_ids[0], "position": 1}]},
        )
    assert [s["id"] for s in response.json()["items"]] == list(reversed(spaces))
    assert outsider.status_code == 422


async def test_custom_field_answers_upsert():
    """Posting an answer twice replaces it; segments are the chosen options."""
    sandbox = Sandbox(members=10)
    field = next(
        f
        for f in sandbox.store.tables["custom_fields"].values()
        if f["response_type"] == "text_short"
    )
    member = sandbox.member_ids[-1]
    path = f"/custom_fields/{field['id']}/members/{member}/answers"
    async with raw(sandbox) as http:
        await http.post(path, json={"text": "Painter"})
        await http.post(path, json={"text": "Sculptor"})
        listed = (await http.get(path)).json()["items"]
        system = await http.post(
            f"/custom_fields/{next(iter(sandbox.store.tables['custom_fields']))}/members/{member}/answers",
            json={"text": "x"},
        )
    assert [a["text"] for a in listed] == ["Sculptor"]
    assert system.status_code == 403


async def test_asset_upload_multipart():
    """An uploaded file gets an id, a URL and its file name."""
    sandbox = Sandbox(members=2)
    async with raw(sandbox) as http:
        response = await http.post(
            "/assets",
            files={"asset_file": ("badge.png", b"\x89PNG", "image/png")},
            data={"asset_style": "avatar"},
        )
        nothing = await http.post("/assets", data={"asset_style": "avatar"})
    assert response.status_code == 201
    assert response.json()["name"] == "badge.png"
    assert response.json()["url"].endswith("/badge.png")
    assert nothing.status_code == 422


async def test_sandbox_is_an_asgi_app():
    """The Sandbox object is itself ASGI-callable, so httpx.ASGITransport can serve it."""
    sandbox = Sandbox(members=2)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=sandbox),
        base_url="https://sandbox.test",
        headers={"Authorization": f"Bearer {sandbox.token}", "User-Agent": "tests"},
    ) as http:
        response = await http.get("/admin/v1/networks/1234/me")
    assert response.status_code == 200
    assert response.json()["user"]["id"] == sandbox.owner["id"]


async def test_conflict_maps_for_plan_invites():
    """The SDK's Conflict is what an accepted plan invite's delete raises."""
    sandbox = Sandbox(members=5)
    accepted = next(i for i in sandbox.store.tables["plan_invites"].values() if i["_accepted"])
    async with sandbox.client() as client:
        with pytest.raises(Conflict):
            await client._request_no_content(
                "DELETE",
                client.path(
                    "/plans/{plan_id}/invites/{id}/",
                    plan_id=accepted["_plan_id"],
                    id=accepted["id"],
                ),
            )
