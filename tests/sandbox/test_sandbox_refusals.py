"""Business rules: what the sandbox refuses, with which status, and what it accepts instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import attrs
import httpx
import pytest

from mighty_async.testing import Sandbox

from .seeded import Ids

pytestmark = pytest.mark.anyio


@attrs.frozen
class Ref:
    """A placeholder for a seeded id, filled in for each fresh sandbox."""

    name: str


class _Refs:
    def __getattr__(self, name: str) -> Ref:
        return Ref(name)


R = _Refs()


def resolve(value: Any, values: dict[str, Any]) -> Any:
    """Replace every `Ref` in a (nested) value with the seeded id it names."""
    if isinstance(value, Ref):
        return values[value.name]
    if isinstance(value, dict):
        return {k: resolve(v, values) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, values) for v in value]
    return value


@attrs.frozen
class Case:
    """One request against a fresh sandbox and the answer it must get.

    ``path`` is formatted with the seeded ids of `named`; ``json``, ``params`` and ``data``
    may hold `Ref` placeholders; ``setup`` changes the store first.
    """

    method: str
    path: str
    status: int
    fragment: str = ""
    json: Any = None
    params: Any = None
    data: Any = None
    setup: Callable[[Ids], None] | None = None


def named(ids: Ids) -> dict[str, Any]:
    """The seeded ids the cases refer to, by name."""
    space, space_member = ids.space_with_member()
    post, comment = ids.post_with_comment()
    tagged, tag = ids.tagged()
    badged, badge = ids.badged()
    event, rsvp = ids.rsvp()
    dropdown, option = ids.dropdown()
    answer_field, _, answer = ids.answered()
    apple = ids.first("purchases", payment_platform="apple")
    accepted_invite = ids.first("invites", _accepted=True)
    accepted_plan_invite = ids.first("plan_invites", _accepted=True)
    fields = {f["response_type"]: f["id"] for f in ids.rows("custom_fields")}
    return {
        "owner": ids.owner,
        "owner_email": ids.sandbox.owner["email"],
        "other": ids.other,
        "space": space,
        "space_member": space_member,
        "outsider": ids.member_outside(space),
        "plain_space": ids.plain_space,
        "course": ids.course,
        "collection": ids.collection_with_spaces()[0],
        "lesson": ids.first("courseworks", type="lesson")["id"],
        "section": ids.first("courseworks", type="section")["id"],
        "free": ids.plan("free"),
        "free_holder": ids.plan_holder("free")[1],
        "premium": ids.plan("subscription"),
        "one_time": ids.plan("one_time"),
        "apple_plan": apple["_plan_id"],
        "apple_member": apple["_member_id"],
        "apple_purchase": apple["id"],
        "stripe_purchase": ids.first("purchases", payment_platform="stripe")["id"],
        "pending_invite": ids.pending("invites")["id"],
        "pending_email": ids.pending("invites")["recipient_email"],
        "accepted_invite": accepted_invite["id"],
        "pending_plan_invite": ids.pending("plan_invites")["id"],
        "accepted_plan_invite": accepted_plan_invite["id"],
        "accepted_plan": accepted_plan_invite["_plan_id"],
        "tagged": tagged,
        "tag": tag,
        "other_tag_title": next(t["title"] for t in ids.rows("tags") if t["id"] != tag),
        "badged": badged,
        "badge": badge,
        "other_badge_title": next(b["title"] for b in ids.rows("badges") if b["id"] != badge),
        "dropdown": dropdown,
        "option": option,
        "two_options": [o["id"] for o in ids.rows("options")][:2],
        "text_field": fields["text_short"],
        "tag_field": fields["tag"],
        "badge_field": fields["badge"],
        "answer_field": answer_field,
        "answer": answer,
        "post": post,
        "comment": comment,
        "other_comment": next(c["id"] for c in ids.rows("comments") if c["targetable_id"] != post),
        "event": event,
        "rsvp": rsvp,
    }


def _archive_free(ids: Ids) -> None:
    ids.store.tables["plans"][ids.plan("free")]["status"] = "archived"


def _close_rsvps(ids: Ids) -> None:
    ids.store.tables["events"][ids.rsvp()[0]]["rsvp_closed"] = True


def _disable_comments(ids: Ids) -> None:
    ids.store.tables["posts"][ids.post_with_comment()[0]]["comments_enabled"] = False


def _revoke_stripe(ids: Ids) -> None:
    ids.first("purchases", payment_platform="stripe")["_revoked"] = True


def _untag_owner(ids: Ids) -> None:
    ids.store.member_tags[ids.owner].clear()
    ids.store.member_badges[ids.owner].clear()


def _person(**extra: Any) -> dict[str, Any]:
    return {"email": "new@example.com", "first_name": "A", "last_name": "B", **extra}


def _field_body(**extra: Any) -> dict[str, Any]:
    return {"title": "T", "privacy": "public", "response_by": "hosts_only", **extra}


def _event_body(**extra: Any) -> dict[str, Any]:
    times = {"starts_at": "2030-01-01T10:00:00Z", "ends_at": "2030-01-01T11:00:00Z"}
    return {"title": "E", "event_type": "local", "space_id": R.plain_space, **times, **extra}


CASES: dict[str, Case] = {
    # members
    "member bad email": Case("POST", "/members", 422, "not a valid email", _person(email="x")),
    "member bad role": Case("POST", "/members", 422, "role must be one of", _person(role="boss")),
    "limited without spaces": Case(
        "POST", "/members", 422, "space_ids is required", _person(member_type="limited")
    ),
    "space ids not ints": Case("POST", "/members", 422, "integers", _person(space_ids=["x"])),
    "space ids unknown": Case("POST", "/members", 422, "does not exist", _person(space_ids=[1])),
    "wrong field type": Case("POST", "/members", 422, "must be a string", _person(first_name=5)),
    "blank required": Case("POST", "/members", 422, "must not be blank", _person(last_name=" ")),
    "body not an object": Case("POST", "/members", 400, "JSON object", [1, 2]),
    "by_email without email": Case("GET", "/members/by_email", 400, "email"),
    "by_email unknown": Case(
        "GET", "/members/by_email", 404, "no member", params={"email": "ghost@example.com"}
    ),
    "update to taken email": Case(
        "PATCH", "/members/{other}/", 422, "already taken", {"email": R.owner_email}
    ),
    "delete the host": Case("DELETE", "/members/{owner}/", 422, "host"),
    "remove the host": Case("DELETE", "/members/{owner}/network_membership", 422, "host"),
    "bad boolean query": Case(
        "DELETE",
        "/members/{other}/network_membership",
        400,
        "true or false",
        params={"cancel_plans": "maybe"},
    ),
    "bad integer query": Case("GET", "/members", 400, "integer", params={"page": "two"}),
    # space membership
    "space add without user": Case("POST", "/spaces/{space}/members", 400, "user_id"),
    "space add twice": Case(
        "POST", "/spaces/{space}/members", 422, "already in", params={"user_id": R.space_member}
    ),
    "space member outside": Case("GET", "/spaces/{space}/members/{outsider}/", 404, "not in"),
    "remove host from space": Case("DELETE", "/spaces/{space}/members/{owner}/", 403, "host"),
    "ban the host": Case("POST", "/spaces/{space}/members/{owner}/ban", 422, "host"),
    "space role invalid": Case(
        "PATCH", "/spaces/{space}/members/{space_member}/", 422, "role", {"role": "king"}
    ),
    # plans
    "archive twice": Case("DELETE", "/plans/{free}/", 422, "archived", setup=_archive_free),
    "archive with apple": Case("DELETE", "/plans/{apple_plan}/", 422, "Apple"),
    "grant a paid plan": Case(
        "POST", "/plans/{premium}/members", 422, "paid", params={"user_id": R.owner}
    ),
    "grant archived plan": Case(
        "POST",
        "/plans/{free}/members",
        422,
        "archived",
        params={"user_id": R.owner},
        setup=_archive_free,
    ),
    "grant twice": Case(
        "POST", "/plans/{free}/members", 422, "already has", params={"user_id": R.free_holder}
    ),
    "plan member without access": Case("GET", "/plans/{free}/members/{owner}/", 404, "not have"),
    "remove plan member without access": Case("DELETE", "/plans/{free}/members/{owner}/", 404),
    "remove apple plan member": Case(
        "DELETE", "/plans/{apple_plan}/members/{apple_member}/", 422, "Apple"
    ),
    # invites
    "invite a member": Case(
        "POST", "/invites", 422, "already a member", {"recipient_email": R.owner_email}
    ),
    "invite twice": Case(
        "POST", "/invites", 422, "pending invite", {"recipient_email": R.pending_email}
    ),
    "invite from nobody": Case(
        "POST",
        "/invites",
        422,
        "does not exist",
        {"recipient_email": "x@example.com", "user_id": 5},
    ),
    "edit accepted invite": Case("PATCH", "/invites/{accepted_invite}/", 422, "accepted", {}),
    "edit invite sender unknown": Case(
        "PUT", "/invites/{pending_invite}/", 422, "does not exist", {"user_id": 5}
    ),
    "edit invite bad email": Case(
        "PATCH", "/invites/{pending_invite}/", 422, "valid email", {"recipient_email": "x"}
    ),
    "plan invite nobody": Case("POST", "/plans/{free}/invites", 422, "email or user_id"),
    "plan invite holder": Case(
        "POST", "/plans/{free}/invites", 422, "already has", params={"user_id": R.free_holder}
    ),
    "plan invite in another plan": Case(
        "GET", "/plans/{one_time}/invites/{pending_plan_invite}/", 404
    ),
    "resend accepted": Case(
        "PUT", "/plans/{accepted_plan}/invites/{accepted_plan_invite}/", 422, "accepted"
    ),
    "delete accepted plan invite": Case(
        "DELETE", "/plans/{accepted_plan}/invites/{accepted_plan_invite}/", 409, "accepted"
    ),
    # billing
    "revoke apple": Case("DELETE", "/purchases/{apple_purchase}/", 422, "Apple"),
    "revoke twice": Case(
        "DELETE", "/purchases/{stripe_purchase}/", 422, "already revoked", setup=_revoke_stripe
    ),
    # tags and badges
    "duplicate tag": Case("POST", "/tags", 422, "already exists", {"title": "vip"}),
    "rename onto a tag": Case(
        "PATCH", "/tags/{tag}/", 422, "already exists", {"title": R.other_tag_title}
    ),
    "tag twice": Case("POST", "/members/{tagged}/tags", 422, "already has", {"tag_id": R.tag}),
    "unknown tag": Case("POST", "/members/{tagged}/tags", 404, "tag", {"tag_id": 1}),
    "untag missing": Case(
        "DELETE", "/members/{owner}/tags/{tag}/", 422, "does not have", setup=_untag_owner
    ),
    "member tag missing": Case("GET", "/members/{owner}/tags/{tag}/", 404, setup=_untag_owner),
    "badge without asset": Case(
        "POST", "/badges", 422, "not an uploaded asset", {"title": "New", "avatar_id": 1}
    ),
    "badge twice": Case(
        "POST", "/members/{badged}/badges", 422, "already holds", {"badge_id": R.badge}
    ),
    "duplicate badge": Case(
        "PUT", "/badges/{badge}/", 422, "already exists", {"title": R.other_badge_title}
    ),
    "badge not held": Case("DELETE", "/members/{owner}/badges/{badge}/", 404, setup=_untag_owner),
    "show badge not held": Case("GET", "/members/{owner}/badges/{badge}/", 404, setup=_untag_owner),
    # custom fields
    "system field kind": Case(
        "POST", "/custom_fields", 422, "response_type", _field_body(response_type="tag")
    ),
    "bad privacy": Case(
        "POST",
        "/custom_fields",
        422,
        "privacy",
        _field_body(response_type="text_long", privacy="secret"),
    ),
    "too many responses": Case(
        "POST",
        "/custom_fields",
        422,
        "between 2 and 40",
        _field_body(response_type="dropdown_multi_select", max_responses=50),
    ),
    "options on text": Case(
        "POST",
        "/custom_fields",
        422,
        "only dropdown",
        _field_body(response_type="text_long", options=["a"]),
    ),
    "blank options": Case(
        "POST",
        "/custom_fields",
        422,
        "non-empty strings",
        _field_body(response_type="dropdown_multi_select", options=[""]),
    ),
    "edit system field": Case(
        "PATCH", "/custom_fields/{tag_field}/", 403, "system", {"title": "x"}
    ),
    "delete system field": Case("DELETE", "/custom_fields/{badge_field}/", 403, "system"),
    "bad field status": Case(
        "PUT", "/custom_fields/{dropdown}/", 422, "status", {"status": "gone"}
    ),
    "option on text field": Case(
        "POST", "/custom_fields/{text_field}/options", 422, "not a dropdown", {"title": "x"}
    ),
    "duplicate option": Case(
        "POST", "/custom_fields/{dropdown}/options", 422, "already has", {"title": "red"}
    ),
    "option of another field": Case("GET", "/custom_fields/{text_field}/options/{option}/", 404),
    "answer without segments": Case(
        "POST", "/custom_fields/{dropdown}/members/{owner}/answers", 422, "segment_ids", {}
    ),
    "answer foreign segment": Case(
        "POST",
        "/custom_fields/{dropdown}/members/{owner}/answers",
        422,
        "is not an option",
        {"segment_ids": [R.owner]},
    ),
    "answer two on single": Case(
        "POST",
        "/custom_fields/{dropdown}/members/{owner}/answers",
        422,
        "exactly one",
        {"segment_ids": R.two_options},
    ),
    "answer segments not ints": Case(
        "POST",
        "/custom_fields/{dropdown}/members/{owner}/answers",
        422,
        "integers",
        {"segment_ids": ["a"]},
    ),
    "text answer blank": Case(
        "POST", "/custom_fields/{text_field}/members/{owner}/answers", 422, "text is required", {}
    ),
    "clear absent answer": Case(
        "DELETE", "/custom_fields/{text_field}/members/{owner}/answers", 404, "no answer"
    ),
    "answer system field": Case(
        "DELETE", "/custom_fields/{tag_field}/members/{owner}/answers", 403, "system"
    ),
    "answer of someone else": Case(
        "GET", "/custom_fields/{answer_field}/members/{owner}/answers/{answer}/", 404
    ),
    # spaces and collections
    "blank space name": Case("PATCH", "/spaces/{plain_space}", 400, "blank", {"name": "  "}),
    "unknown collection": Case(
        "PUT", "/spaces/{plain_space}", 422, "collection", {"collection_id": 1}
    ),
    "delete course space": Case("DELETE", "/spaces/{course}", 422, "course content"),
    "delete full collection": Case("DELETE", "/collections/{collection}/", 422, "not empty"),
    "blank collection name": Case(
        "PATCH", "/collections/{collection}/", 400, "blank", {"name": ""}
    ),
    "order entries not objects": Case(
        "PUT", "/collections/{collection}/order", 400, "space_id, position", {"spaces": [1]}
    ),
    "order entries incomplete": Case(
        "PUT",
        "/collections/{collection}/order",
        422,
        "integer space_id",
        {"spaces": [{"space_id": 1}]},
    ),
    # courses
    "coursework outside a course": Case(
        "GET", "/spaces/{plain_space}/courseworks", 404, "not a course"
    ),
    "coursework bad type": Case(
        "POST", "/spaces/{course}/courseworks", 422, "type", {"type": "exam"}
    ),
    "coursework under a lesson": Case(
        "POST",
        "/spaces/{course}/courseworks",
        422,
        "section",
        {"type": "lesson", "parent_id": R.lesson},
    ),
    "coursework own parent": Case(
        "PATCH",
        "/spaces/{course}/courseworks/{section}/",
        422,
        "own parent",
        {"parent_id": R.section},
    ),
    "coursework bad status": Case(
        "PUT", "/spaces/{course}/courseworks/{lesson}/", 422, "status", {"status": "live"}
    ),
    # posts, comments, polls
    "post in unknown space": Case("POST", "/posts", 404, "space", {"space_id": 1, "title": "x"}),
    "post bad type": Case(
        "POST",
        "/posts",
        422,
        "post_type",
        {"space_id": R.plain_space, "title": "x", "post_type": "video"},
    ),
    "mute without user": Case("POST", "/posts/{post}/mute", 400, "user_id"),
    "reply across posts": Case(
        "POST",
        "/posts/{post}/comments",
        422,
        "is not on post",
        {"text": "x", "reply_to_id": R.other_comment},
    ),
    "comments disabled": Case(
        "POST", "/posts/{post}/comments", 422, "disabled", {"text": "x"}, setup=_disable_comments
    ),
    "comment on another post": Case("GET", "/posts/{post}/comments/{other_comment}/", 404),
    "no reaction to remove": Case("DELETE", "/comments/{comment}/reactions", 404, "no reaction"),
    "poll with one choice": Case(
        "POST",
        "/polls",
        422,
        "two text choices",
        {"space_id": R.plain_space, "title": "Q", "poll_type": "percentage", "choices": ["one"]},
    ),
    "poll in unknown space": Case(
        "POST", "/polls", 404, "space", {"space_id": 1, "title": "Q", "poll_type": "question"}
    ),
    # events and RSVPs
    "event missing fields": Case("POST", "/events", 422, "is required", {"title": "E"}),
    "event bad time": Case("POST", "/events", 422, "ISO-8601", _event_body(starts_at="soon")),
    "event ends first": Case(
        "PATCH", "/events/{event}/", 422, "before starts_at", {"ends_at": "2001-01-01T00:00:00Z"}
    ),
    "event bad frequency": Case(
        "PUT", "/events/{event}/", 422, "frequency", {"frequency": "hourly"}
    ),
    "event interval zero": Case("PUT", "/events/{event}/", 422, "interval", {"interval": 0}),
    "event unknown space": Case("POST", "/events", 422, "does not exist", _event_body(space_id=1)),
    "rsvp closed": Case(
        "POST",
        "/events/{event}/rsvps",
        403,
        "closed",
        {"member_id": R.owner, "status": "yes"},
        setup=_close_rsvps,
    ),
    "rsvp bad status": Case(
        "POST", "/events/{event}/rsvps", 422, "status", {"member_id": R.owner, "status": "perhaps"}
    ),
    "rsvp moved": Case(
        "PATCH", "/events/{event}/rsvps/{rsvp}/", 422, "another member", {"member_id": 1}
    ),
    "rsvp list bad instant": Case(
        "GET", "/events/{event}/rsvps", 422, "ISO-8601", params={"instance_at": "noon"}
    ),
    # assets
    "asset bad style": Case(
        "POST",
        "/assets",
        422,
        "asset_style",
        data={"asset_style": "poster", "source_url": "https://x.test/a.png"},
    ),
    "asset bad url": Case(
        "POST", "/assets", 422, "source_url", data={"source_url": "ftp://x.test/a.png"}
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
async def test_refusal(name):
    """The request is refused with the documented status and a message saying why."""
    case = CASES[name]
    sandbox = Sandbox(seed=3, members=30, posts=6, events=3)
    ids = Ids(sandbox)
    values = named(ids)
    if case.setup is not None:
        case.setup(ids)
    async with httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=f"{sandbox.base_url}/admin/v1/networks/{sandbox.network_id}",
        headers={"Authorization": f"Bearer {sandbox.token}", "User-Agent": "tests"},
    ) as http:
        response = await http.request(
            case.method,
            case.path.format(**values),
            json=resolve(case.json, values),
            params=resolve(case.params, values),
            data=resolve(case.data, values),
        )
    assert response.status_code == case.status, response.text
    assert case.fragment in response.json()["message"]


async def test_limited_member_joins_only_their_spaces():
    """A limited member is created straight into the spaces listed, and only those."""
    sandbox = Sandbox(members=5, spaces=3)
    spaces = list(sandbox.store.tables["spaces"])
    async with sandbox.client() as client:
        member = await client.members.create(
            email="lim@example.com",
            first_name="Li",
            last_name="Mited",
            member_type="limited",
            space_ids=[spaces[1]],
        )
    assert member.member_type == "limited"
    assert [s for s in spaces if member.id in sandbox.store.space_members[s]] == [spaces[1]]


async def test_network_membership_cancel_plans():
    """Removing a subscriber with cancel_plans=true cancels their subscription too."""
    sandbox = Sandbox(members=20)
    ids = Ids(sandbox)
    _, subscriber = ids.plan_holder("subscription")
    async with sandbox.client() as client:
        await client.members.remove_from_network(subscriber, cancel_plans=True)
    states = [
        s["_state"]
        for s in sandbox.store.tables["subscriptions"].values()
        if s["_member_id"] == subscriber
    ]
    assert states == ["canceled"]
    assert subscriber not in sandbox.member_ids


async def test_cancel_at_period_end_keeps_access():
    """Cancelling at the end of the cycle keeps the member's access until then."""
    sandbox = Sandbox(members=20)
    ids = Ids(sandbox)
    plan, subscriber = ids.plan_holder("subscription")
    subscription = ids.first("subscriptions", _member_id=subscriber)["id"]
    async with httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=f"{sandbox.base_url}/admin/v1/networks/1234",
        headers={"Authorization": "Bearer sandbox-token", "User-Agent": "tests"},
    ) as http:
        answer = await http.delete(f"/subscriptions/{subscription}")
        active = (await http.get("/subscriptions", params={"member_id": subscriber})).json()
    assert answer.status_code == 200
    assert subscriber in sandbox.store.plan_access[plan]
    assert [s["subscription"]["id"] for s in active["items"]] == [subscription]


async def test_source_url_asset_and_password_reset():
    """An asset from a URL takes its file name; a password reset is recorded, not sent."""
    sandbox = Sandbox(members=3)
    async with httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=f"{sandbox.base_url}/admin/v1/networks/1234",
        headers={"Authorization": "Bearer sandbox-token", "User-Agent": "tests"},
    ) as http:
        asset = await http.post("/assets", data={"source_url": "https://cdn.test/img/logo.png"})
        reset = await http.post(f"/members/{sandbox.member_ids[1]}/password_resets")
    assert (asset.status_code, asset.json()["name"]) == (201, "logo.png")
    assert reset.status_code == 204
    assert sandbox.store.password_resets == [sandbox.member_ids[1]]


async def test_event_recurrence_rule():
    """Recurrence fields become an RRULE on the event."""
    sandbox = Sandbox(members=3, spaces=1)
    space = next(iter(sandbox.store.tables["spaces"]))
    body = {
        "title": "Standup",
        "starts_at": "2030-01-01T09:00:00Z",
        "ends_at": "2030-01-01T09:15:00Z",
        "event_type": "online_meeting",
        "space_id": space,
        "frequency": "monthly",
        "interval": 2,
        "by_month_days": 15,
        "recurrence_count": 6,
    }
    async with httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=f"{sandbox.base_url}/admin/v1/networks/1234",
        headers={"Authorization": "Bearer sandbox-token", "User-Agent": "tests"},
    ) as http:
        event = (await http.post("/events", json=body)).json()
    assert event["recurrence_rule"] == "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15;COUNT=6"
    assert event["starts_at"] == "2030-01-01T09:00:00+00:00"
