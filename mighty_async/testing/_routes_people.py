"""Routes about people: the network, ``/me``, members, memberships, invites, billing, tags.

Billing covers plans, plan members, subscriptions and purchases; badges live here too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Final

import attrs

from . import _render as render
from ._call import Field, Refusal, Reply, check_choice, check_email
from ._router import Router
from ._store import Store

if TYPE_CHECKING:
    from ._call import Call
    from ._store import Record

__all__ = ["router"]

router = Router()
"""This module's operations; the app copies them into its own table."""

ROLES: Final = ("host", "moderator", "contributor")
_FREE_PRICING: Final = ("free", "nonpaid")

_MEMBER_CREATE: Final = {
    "email": Field(str, required=True),
    "first_name": Field(str, required=True),
    "last_name": Field(str, required=True),
    "role": Field(str),
    "member_type": Field(str),
    "space_ids": Field(list),
    "send_welcome_email": Field(bool),
}
_MEMBER_UPDATE: Final = {
    "role": Field(str),
    "email": Field(str),
    "first_name": Field(str),
    "last_name": Field(str),
}


def _sorted(records: Any) -> list[Record]:
    return sorted(records, key=lambda r: r["id"])


# -- network and identity ---------------------------------------------------------------------


@router.get("/")
def show_network(call: Call) -> Reply:
    """The network the token belongs to."""
    return Reply(200, dict(call.store.network))


@router.get("/me")
def show_me(call: Call) -> Reply:
    """The caller and their network."""
    store = call.store
    return Reply(200, {"user": render.user(store.users[call.caller_id]), "network": store.network})


# -- members ----------------------------------------------------------------------------------


def _member(call: Call, name: str = "id") -> Record:
    return call.store.get("members", call.ident(name))


def _not_host(store: Store, member: Record, action: str) -> None:
    if member["id"] == store.owner_id:
        raise Refusal(422, f"the network's host (the API key's owner) cannot be {action}")


def _apply_member_update(store: Store, member: Record, data: dict[str, Any]) -> None:
    if "role" in data:
        check_choice("role", data["role"], ROLES)
    if "email" in data:
        email = check_email("email", data["email"])
        other = store.member_by_email(email)
        if other is not None and other["id"] != member["id"]:
            raise Refusal(422, f"email {email} is already taken by another member")
        data["email"] = email
    changes = {k: v for k, v in data.items() if k != "role"}
    if "role" in data:
        changes["_role"] = data["role"]
    store.touch(member, changes)


@router.get("/members")
def list_members(call: Call) -> Reply:
    """Every member, oldest first."""
    return call.page(call.store.table("members").values(), render.member)


@router.post("/members")
def create_member(call: Call) -> Reply:
    """Add a member; 422 for a duplicate email, a bad role, or unknown spaces."""
    store = call.store
    data = call.fields(_MEMBER_CREATE)
    email = check_email("email", data["email"])
    if store.member_by_email(email) is not None:
        raise Refusal(422, f"a member with email {email} already exists")
    if email.lower() in store.bans:
        raise Refusal(422, f"{email} is banned from this network")
    role = check_choice("role", data.get("role", "contributor"), ROLES)
    member_type = check_choice("member_type", data.get("member_type", "full"), ("full", "limited"))
    space_ids = data.get("space_ids") or []
    if member_type == "limited" and not space_ids:
        raise Refusal(422, "space_ids is required when member_type is limited")
    for space_id in space_ids:
        if isinstance(space_id, bool) or not isinstance(space_id, int):
            raise Refusal(422, "space_ids must be a list of integers")
        if space_id not in store.table("spaces"):
            raise Refusal(422, f"space {space_id} does not exist")
    member = store.insert(
        "members",
        {
            "email": email,
            "member_type": member_type,
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "referral_count": 0,
            "_role": role,
        },
    )
    member["permalink"] = store.permalink("members", member["id"])
    store.users[member["id"]] = member
    if member_type == "limited":
        for space_id in space_ids:
            store.space_members[space_id][member["id"]] = "contributor"
    return Reply(201, render.member(member))


@router.get("/members/by_email")
def show_member_by_email(call: Call) -> Reply:
    """The member with exactly this email (case-insensitive); 404 when none."""
    email = call.query.get("email", "").strip()
    if not email:
        raise Refusal(400, "the email query parameter is required")
    member = call.store.member_by_email(email)
    if member is None:
        raise Refusal(404, f"no member with email {email}")
    return Reply(200, render.member(member))


@router.get("/members/{id}/")
def show_member(call: Call) -> Reply:
    """One member."""
    return Reply(200, render.member(_member(call)))


@router.patch("/members/{id}/")
@router.put("/members/{id}/")
def update_member(call: Call) -> Reply:
    """Change role, email or name; 422 for a taken email or an unknown role."""
    member = _member(call)
    _apply_member_update(call.store, member, call.fields(_MEMBER_UPDATE))
    return Reply(200, render.member(member))


@router.delete("/members/{id}/")
def delete_member(call: Call) -> Reply:
    """Soft-delete the account; the host cannot be deleted (422)."""
    member = _member(call)
    _not_host(call.store, member, "deleted")
    call.store.remove_member(member["id"])
    return Reply(204)


@router.delete("/members/{id}/network_membership")
def delete_network_membership(call: Call) -> Reply:
    """Take a member out of the network; ``cancel_plans=true`` also ends their billing."""
    store = call.store
    member = _member(call)
    _not_host(store, member, "removed")
    if call.query_bool("cancel_plans"):
        for subscription in store.table("subscriptions").values():
            if subscription["_member_id"] == member["id"] and subscription["_state"] != "canceled":
                store.touch(subscription, {"_state": "canceled", "canceled_at": store.now()})
        for purchase in store.table("purchases").values():
            if purchase["_member_id"] == member["id"]:
                store.touch(purchase, {"_revoked": True})
    store.remove_member(member["id"])
    return Reply(204)


@router.post("/members/{member_id}/password_resets")
def create_password_reset(call: Call) -> Reply:
    """Send the member a password-reset email (recorded, never sent)."""
    member = _member(call, "member_id")
    call.store.password_resets.append(member["id"])
    return Reply(204)


# -- space membership -------------------------------------------------------------------------


def _space_member(call: Call) -> tuple[Record, Record]:
    store = call.store
    space = store.get("spaces", call.ident("space_id"))
    member = store.get("members", call.ident("user_id"))
    if member["id"] not in store.space_members[space["id"]]:
        raise Refusal(404, f"member {member['id']} is not in space {space['id']}")
    return space, member


@router.get("/spaces/{space_id}/members")
def list_space_members(call: Call) -> Reply:
    """The members of one space."""
    store = call.store
    space = store.get("spaces", call.ident("space_id"))
    members = store.table("members")
    ids = sorted(i for i in store.space_members[space["id"]] if i in members)
    return call.page((members[i] for i in ids), render.member)


@router.post("/spaces/{space_id}/members")
def add_space_member(call: Call) -> Reply:
    """Put a network member into a space (``user_id`` in the query); 422 if already in."""
    store = call.store
    space = store.get("spaces", call.ident("space_id"))
    user_id = call.query_int("user_id", required=True)
    assert user_id is not None  # noqa: S101 - required=True
    member = store.get("members", user_id)
    if member["id"] in store.space_members[space["id"]]:
        raise Refusal(422, f"member {member['id']} is already in space {space['id']}")
    store.space_members[space["id"]][member["id"]] = "contributor"
    return Reply(200, render.member(member))


@router.get("/spaces/{space_id}/members/{user_id}/")
def show_space_member(call: Call) -> Reply:
    """One member of a space; 404 when they are not in it."""
    return Reply(200, render.member(_space_member(call)[1]))


@router.patch("/spaces/{space_id}/members/{user_id}/")
@router.put("/spaces/{space_id}/members/{user_id}/")
def update_space_member(call: Call) -> Reply:
    """Change a member's role in the space (and their profile fields)."""
    space, member = _space_member(call)
    data = call.fields(_MEMBER_UPDATE)
    role = data.pop("role", None)
    if role is not None:
        call.store.space_members[space["id"]][member["id"]] = check_choice("role", role, ROLES)
    _apply_member_update(call.store, member, data)
    return Reply(200, render.member(member))


@router.delete("/spaces/{space_id}/members/{user_id}/")
def remove_space_member(call: Call) -> Reply:
    """Take a member out of a space (200 with ``{}``); the host cannot be removed (403)."""
    space, member = _space_member(call)
    if member["id"] == call.store.owner_id:
        raise Refusal(403, "the network's host cannot be removed from a space")
    del call.store.space_members[space["id"]][member["id"]]
    return Reply(200, {})


@router.post("/spaces/{space_id}/members/{user_id}/ban")
def ban_member(call: Call) -> Reply:
    """Ban the member from the whole network (200 with ``{}``); their email stays banned."""
    store = call.store
    store.get("spaces", call.ident("space_id"))
    member = store.get("members", call.ident("user_id"))
    _not_host(store, member, "banned")
    reason = call.fields({"ban_reason": Field(str)}).get("ban_reason", "")
    store.bans[str(member["email"]).lower()] = reason
    store.remove_member(member["id"])
    return Reply(200, {})


# -- plans and plan membership -----------------------------------------------------------------


def _plan(call: Call, name: str = "id") -> Record:
    return call.store.get("plans", call.ident(name))


def _end_access(store: Store, plan_id: int, member_id: int) -> None:
    for subscription in store.table("subscriptions").values():
        if (
            subscription["_plan_id"] == plan_id
            and subscription["_member_id"] == member_id
            and subscription["_state"] != "canceled"
        ):
            store.touch(subscription, {"_state": "canceled", "canceled_at": store.now()})
    for purchase in store.table("purchases").values():
        if purchase["_plan_id"] == plan_id and purchase["_member_id"] == member_id:
            store.touch(purchase, {"_revoked": True})
    store.plan_access[plan_id].discard(member_id)


def _apple_purchases(store: Store, plan_id: int, member_id: int | None = None) -> bool:
    return any(
        p["_plan_id"] == plan_id
        and p["payment_platform"] == "apple"
        and not p["_revoked"]
        and (member_id is None or p["_member_id"] == member_id)
        for p in store.table("purchases").values()
    )


@router.get("/plans")
def list_plans(call: Call) -> Reply:
    """Every plan, archived ones included."""
    return call.page(call.store.table("plans").values(), render.public)


@router.get("/plans/{id}/")
def show_plan(call: Call) -> Reply:
    """One plan."""
    return Reply(200, render.public(_plan(call)))


@router.delete("/plans/{id}/")
def delete_plan(call: Call) -> Reply:
    """Archive a plan, cancelling its subscriptions; 422 with Apple purchases or if archived."""
    store = call.store
    plan = _plan(call)
    if plan["status"] == "archived":
        raise Refusal(422, f"plan {plan['id']} is already archived")
    if _apple_purchases(store, plan["id"]):
        raise Refusal(422, f"plan {plan['id']} has Apple in-app purchases and cannot be archived")
    for member_id in list(store.plan_access[plan["id"]]):
        _end_access(store, plan["id"], member_id)
    store.touch(plan, {"status": "archived"})
    return Reply(204)


@router.get("/members/{member_id}/plans")
def list_member_plans(call: Call) -> Reply:
    """The plans a member has access to."""
    store = call.store
    member = _member(call, "member_id")
    plans = [p for p in store.table("plans").values() if member["id"] in store.plan_access[p["id"]]]
    return call.page(plans, render.public)


@router.get("/plans/{plan_id}/members")
def list_plan_members(call: Call) -> Reply:
    """The members with access through a plan."""
    store = call.store
    plan = _plan(call, "plan_id")
    members = store.table("members")
    ids = sorted(i for i in store.plan_access[plan["id"]] if i in members)
    return call.page((members[i] for i in ids), render.member)


@router.post("/plans/{plan_id}/members")
def add_plan_member(call: Call) -> Reply:
    """Grant a free plan to a member (``user_id`` in the query); answers the plan."""
    store = call.store
    plan = _plan(call, "plan_id")
    user_id = call.query_int("user_id", required=True)
    assert user_id is not None  # noqa: S101 - required=True
    member = store.get("members", user_id)
    if plan["pricing_type"] not in _FREE_PRICING:
        raise Refusal(422, f"plan {plan['id']} is paid; only free plans can be granted directly")
    if plan["status"] == "archived":
        raise Refusal(422, f"plan {plan['id']} is archived")
    if member["id"] in store.plan_access[plan["id"]]:
        raise Refusal(422, f"member {member['id']} already has plan {plan['id']}")
    store.plan_access[plan["id"]].add(member["id"])
    return Reply(200, render.public(plan))


@router.get("/plans/{plan_id}/members/{member_id}/")
def show_plan_member(call: Call) -> Reply:
    """One member with access through the plan; 404 when they have none."""
    store = call.store
    plan = _plan(call, "plan_id")
    member = _member(call, "member_id")
    if member["id"] not in store.plan_access[plan["id"]]:
        raise Refusal(404, f"member {member['id']} does not have plan {plan['id']}")
    return Reply(200, render.member(member))


@router.delete("/plans/{plan_id}/members/{id}/")
def remove_plan_member(call: Call) -> Reply:
    """End a member's access by cancelling what grants it; 422 for Apple purchases."""
    store = call.store
    plan = _plan(call, "plan_id")
    member = _member(call)
    if member["id"] not in store.plan_access[plan["id"]]:
        raise Refusal(404, f"member {member['id']} does not have plan {plan['id']}")
    if _apple_purchases(store, plan["id"], member["id"]):
        raise Refusal(422, "access bought through Apple in-app purchase cannot be removed here")
    _end_access(store, plan["id"], member["id"])
    return Reply(204)


# -- invites ----------------------------------------------------------------------------------

_INVITE: Final = {
    "recipient_email": Field(str),
    "recipient_first_name": Field(str),
    "recipient_last_name": Field(str),
    "user_id": Field(int),
}


def _invite_body(record: Record) -> dict[str, Any]:
    body = render.public(record)
    body.setdefault("recipient_first_name", "")
    body.setdefault("recipient_last_name", "")
    return body


def _check_invitable(store: Store, email: str, table: str, plan_id: int | None = None) -> None:
    for invite in store.table(table).values():
        if (
            str(invite["recipient_email"]).lower() == email.lower()
            and not invite["_accepted"]
            and invite.get("_plan_id") == plan_id
        ):
            raise Refusal(422, f"{email} already has a pending invite (id {invite['id']})")


@router.get("/invites")
def list_invites(call: Call) -> Reply:
    """Network invites, optionally only those for one recipient ``email``."""
    invites = call.store.table("invites").values()
    email = call.query.get("email", "").strip().lower()
    if email:
        invites = [i for i in invites if str(i["recipient_email"]).lower() == email]  # type: ignore[assignment]
    return call.page(invites, _invite_body)


@router.post("/invites")
def create_invite(call: Call) -> Reply:
    """Invite someone to the network; 422 when they are a member or already invited."""
    store = call.store
    data = call.fields({**_INVITE, "recipient_email": Field(str, required=True)})
    email = check_email("recipient_email", data["recipient_email"])
    if store.member_by_email(email) is not None:
        raise Refusal(422, f"{email} is already a member of this network")
    _check_invitable(store, email, "invites")
    sender = data.get("user_id", call.caller_id)
    if sender not in store.users:
        raise Refusal(422, f"user {sender} does not exist")
    invite = store.insert(
        "invites",
        {
            "recipient_email": email,
            "recipient_first_name": data.get("recipient_first_name", ""),
            "recipient_last_name": data.get("recipient_last_name", ""),
            "sender_id": sender,
            "user_id": sender,
            "_accepted": False,
        },
    )
    return Reply(200, _invite_body(invite))


@router.patch("/invites/{id}/")
@router.put("/invites/{id}/")
def update_invite(call: Call) -> Reply:
    """Change an invite's recipient or recorded sender; 422 once accepted."""
    store = call.store
    invite = store.get("invites", call.ident("id"))
    if invite["_accepted"]:
        raise Refusal(422, f"invite {invite['id']} was already accepted")
    data = call.fields(_INVITE)
    if "recipient_email" in data:
        data["recipient_email"] = check_email("recipient_email", data["recipient_email"])
    if "user_id" in data:
        if data["user_id"] not in store.users:
            raise Refusal(422, f"user {data['user_id']} does not exist")
        data["sender_id"] = data["user_id"]
    store.touch(invite, data)
    return Reply(200, _invite_body(invite))


@router.delete("/invites/{id}/")
def delete_invite(call: Call) -> Reply:
    """Withdraw an invite; 409 once it was accepted."""
    invite = call.store.get("invites", call.ident("id"))
    if invite["_accepted"]:
        raise Refusal(409, f"invite {invite['id']} was already accepted", code="conflict")
    del call.store.table("invites")[invite["id"]]
    return Reply(204)


def _plan_invite(call: Call) -> tuple[Record, Record]:
    plan = _plan(call, "plan_id")
    invite = call.store.get("plan_invites", call.ident("id"))
    if invite["_plan_id"] != plan["id"]:
        raise Refusal(404, f"invite {invite['id']} not found in plan {plan['id']}")
    return plan, invite


@router.get("/plans/{plan_id}/invites")
def list_plan_invites(call: Call) -> Reply:
    """The invites to one plan."""
    plan = _plan(call, "plan_id")
    invites = [i for i in call.store.table("plan_invites").values() if i["_plan_id"] == plan["id"]]
    return call.page(invites, _invite_body)


@router.post("/plans/{plan_id}/invites")
def create_plan_invite(call: Call) -> Reply:
    """Invite someone to a plan; ``email``, ``user_id``, ``message`` travel in the query."""
    store = call.store
    plan = _plan(call, "plan_id")
    user_id = call.query_int("user_id")
    email = call.query.get("email", "").strip()
    first = last = ""
    if user_id is not None:
        member = store.get("members", user_id)
        email, first, last = (
            member["email"],
            member.get("first_name", ""),
            member.get("last_name", ""),
        )
        if member["id"] in store.plan_access[plan["id"]]:
            raise Refusal(422, f"member {member['id']} already has plan {plan['id']}")
    elif not email:
        raise Refusal(422, "give email or user_id")
    email = check_email("email", email)
    _check_invitable(store, email, "plan_invites", plan["id"])
    invite = store.insert(
        "plan_invites",
        {
            "recipient_email": email,
            "recipient_first_name": first,
            "recipient_last_name": last,
            "sender_id": call.caller_id,
            "_plan_id": plan["id"],
            "_accepted": False,
            "_message": call.query.get("message", ""),
        },
    )
    return Reply(200, _invite_body(invite))


@router.get("/plans/{plan_id}/invites/{id}/")
def show_plan_invite(call: Call) -> Reply:
    """One plan invite."""
    return Reply(200, _invite_body(_plan_invite(call)[1]))


@router.patch("/plans/{plan_id}/invites/{id}/")
@router.put("/plans/{plan_id}/invites/{id}/")
def resend_plan_invite(call: Call) -> Reply:
    """Send a plan invite again (no body); 422 once accepted."""
    _, invite = _plan_invite(call)
    if invite["_accepted"]:
        raise Refusal(422, f"invite {invite['id']} was already accepted")
    call.store.touch(invite, {})
    return Reply(200, _invite_body(invite))


@router.delete("/plans/{plan_id}/invites/{id}/")
def delete_plan_invite(call: Call) -> Reply:
    """Revoke a plan invite; 409 once it was accepted."""
    _, invite = _plan_invite(call)
    if invite["_accepted"]:
        raise Refusal(409, f"invite {invite['id']} was already accepted", code="conflict")
    del call.store.table("plan_invites")[invite["id"]]
    return Reply(204)


# -- subscriptions and purchases -----------------------------------------------------------------


@router.get("/subscriptions")
def list_subscriptions(call: Call) -> Reply:
    """Active subscriptions, or archived ones with ``status=canceled``; ``member_id`` filters."""
    store = call.store
    canceled = call.query.get("status", "").strip().lower() == "canceled"
    member_id = call.query_int("member_id")
    rows = [
        s
        for s in store.table("subscriptions").values()
        if (s["_state"] == "canceled") == canceled
        and (member_id is None or s["_member_id"] == member_id)
    ]
    return call.page(rows, lambda r: render.subscription(store, r))


@router.get("/subscriptions/{id}")
def show_subscription(call: Call) -> Reply:
    """One subscription, by its own id."""
    store = call.store
    return Reply(200, render.subscription(store, store.get("subscriptions", call.ident("id"))))


@router.delete("/subscriptions/{id}")
def cancel_subscription(call: Call) -> Reply:
    """Cancel ``when=now`` or at ``end_of_billing_cycle`` (default); 422 if already canceled."""
    store = call.store
    subscription = store.get("subscriptions", call.ident("id"))
    when = call.query.get("when") or "end_of_billing_cycle"
    if when not in {"now", "end_of_billing_cycle"}:
        raise Refusal(400, f"when must be now or end_of_billing_cycle, got {when!r}")
    if subscription["_state"] != "active":
        raise Refusal(422, f"subscription {subscription['id']} is already canceled")
    if when == "now":
        store.touch(subscription, {"_state": "canceled", "canceled_at": store.now()})
        store.plan_access[subscription["_plan_id"]].discard(subscription["_member_id"])
    else:
        store.touch(subscription, {"_state": "canceling", "canceled_at": store.now()})
    return Reply(200, render.subscription(store, subscription))


@router.get("/purchases")
def list_purchases(call: Call) -> Reply:
    """Purchases, optionally of one plan or one member."""
    store = call.store
    plan_id, member_id = call.query_int("plan_id"), call.query_int("member_id")
    rows = [
        p
        for p in store.table("purchases").values()
        if (plan_id is None or p["_plan_id"] == plan_id)
        and (member_id is None or p["_member_id"] == member_id)
    ]
    return call.page(rows, lambda r: render.purchase(store, r))


@router.get("/purchases/{id}/")
def show_purchase(call: Call) -> Reply:
    """One purchase, by its own id."""
    store = call.store
    return Reply(200, render.purchase(store, store.get("purchases", call.ident("id"))))


@router.delete("/purchases/{id}/")
def revoke_purchase(call: Call) -> Reply:
    """Revoke what a purchase grants (``immediate=true``: now); 422 for Apple or if revoked."""
    store = call.store
    purchase = store.get("purchases", call.ident("id"))
    immediate = call.query_bool("immediate") or False
    if purchase["payment_platform"] == "apple":
        raise Refusal(422, "Apple in-app purchases cannot be revoked through the API")
    if purchase["_revoked"]:
        raise Refusal(422, f"purchase {purchase['id']} is already revoked")
    store.touch(purchase, {"_revoked": True})
    if immediate:
        store.plan_access[purchase["_plan_id"]].discard(purchase["_member_id"])
    return Reply(200, render.purchase(store, purchase))


# -- tags and badges ----------------------------------------------------------------------------

_TAG: Final = {"title": Field(str), "description": Field(str), "color": Field(str)}
_BADGE: Final = {**_TAG, "avatar_id": Field(int)}


def _system_field_id(store: Store, kind: str) -> int:
    for field in store.table("custom_fields").values():
        if field["response_type"] == kind and field.get("_system"):
            return int(field["id"])
    created = store.insert(
        "custom_fields", {"title": kind.title(), "response_type": kind, "_system": True}
    )
    return int(created["id"])


def _unique_title(store: Store, table: str, title: str, skip: int | None = None) -> None:
    for record in store.table(table).values():
        if record["title"].lower() == title.strip().lower() and record["id"] != skip:
            raise Refusal(422, f"{title!r} already exists (id {record['id']})")


def _avatar(store: Store, data: dict[str, Any]) -> None:
    if "avatar_id" in data:
        asset = store.table("assets").get(data["avatar_id"])
        if asset is None:
            raise Refusal(422, f"avatar_id {data['avatar_id']} is not an uploaded asset")
        data["_avatar_id"] = data.pop("avatar_id")
        data["avatar_url"] = asset["url"]


@attrs.frozen
class _Held:
    """What a member holds by id (tags, badges): one shape of routes serves each kind.

    Deleting one from the network (``DELETE /<table>/{id}/``) takes it from every member;
    under ``/members/{member_id}/<table>``: list, add (``422`` when held already, else
    ``added``), show (``404`` when not held) and remove (``missing_on_remove`` when not held).
    """

    table: str
    noun: str
    holdings: Callable[[Store], defaultdict[int, set[int]]]
    holds: str
    lacks: str
    added: int
    missing_on_remove: int

    def route(self) -> None:
        """Register this kind's routes on the module's router."""
        items = f"/members/{{member_id}}/{self.table}"
        item = f"{items}/{{{self.noun}_id}}/"
        router.delete(f"/{self.table}/{{id}}/")(self.delete)
        router.get(items)(self.list)
        router.post(items)(self.add)
        router.get(item)(self.show)
        router.delete(item)(self.remove)

    def delete(self, call: Call) -> Reply:
        """Delete one and take it from every member."""
        record = call.store.get(self.table, call.ident("id"))
        del call.store.table(self.table)[record["id"]]
        for ids in self.holdings(call.store).values():
            ids.discard(record["id"])
        return Reply(204)

    def list(self, call: Call) -> Reply:
        """What the member holds."""
        rows = call.store.table(self.table)
        ids = self.holdings(call.store)[_member(call, "member_id")["id"]]
        return call.page((rows[i] for i in sorted(ids) if i in rows), render.public)

    def add(self, call: Call) -> Reply:
        """Give the member an existing one; 422 when they hold it already."""
        key = f"{self.noun}_id"
        member_id, ids, record = self._held(
            call, call.fields({key: Field(int, required=True)})[key]
        )
        if record["id"] in ids:
            raise self._refusal(422, member_id, record, f"already {self.holds}")
        ids.add(record["id"])
        return Reply(self.added, render.public(record))

    def show(self, call: Call) -> Reply:
        """One the member holds; 404 when they do not."""
        member_id, ids, record = self._held(call, call.ident(f"{self.noun}_id"))
        if record["id"] not in ids:
            raise self._refusal(404, member_id, record, self.lacks)
        return Reply(200, render.public(record))

    def remove(self, call: Call) -> Reply:
        """Take one from the member."""
        member_id, ids, record = self._held(call, call.ident(f"{self.noun}_id"))
        if record["id"] not in ids:
            raise self._refusal(self.missing_on_remove, member_id, record, self.lacks)
        ids.discard(record["id"])
        return Reply(204)

    def _held(self, call: Call, wanted: int) -> tuple[int, set[int], Record]:
        member = _member(call, "member_id")
        return (
            member["id"],
            self.holdings(call.store)[member["id"]],
            call.store.get(self.table, wanted),
        )

    def _refusal(self, status: int, member_id: int, record: Record, state: str) -> Refusal:
        return Refusal(status, f"member {member_id} {state} {self.noun} {record['id']}")


@router.get("/tags")
def list_tags(call: Call) -> Reply:
    """Every tag."""
    return call.page(call.store.table("tags").values(), render.public)


@router.post("/tags")
def create_tag(call: Call) -> Reply:
    """Create a tag; 422 when the title exists."""
    store = call.store
    data = call.fields({**_TAG, "title": Field(str, required=True)})
    _unique_title(store, "tags", data["title"])
    tag = store.insert("tags", {**data, "custom_field_id": _system_field_id(store, "tag")})
    return Reply(201, render.public(tag))


@router.get("/tags/{id}/")
def show_tag(call: Call) -> Reply:
    """One tag."""
    return Reply(200, render.public(call.store.get("tags", call.ident("id"))))


@router.patch("/tags/{id}/")
@router.put("/tags/{id}/")
def update_tag(call: Call) -> Reply:
    """Edit a tag."""
    store = call.store
    tag = store.get("tags", call.ident("id"))
    data = call.fields(_TAG)
    if "title" in data:
        _unique_title(store, "tags", data["title"], skip=tag["id"])
    return Reply(200, render.public(store.touch(tag, data)))


_Held(
    table="tags",
    noun="tag",
    holdings=lambda store: store.member_tags,
    holds="has",
    lacks="does not have",
    added=200,
    missing_on_remove=422,
).route()


@router.get("/badges")
def list_badges(call: Call) -> Reply:
    """Every badge."""
    return call.page(call.store.table("badges").values(), render.public)


@router.post("/badges")
def create_badge(call: Call) -> Reply:
    """Create a badge; its image is an uploaded asset (422 for an unknown ``avatar_id``)."""
    store = call.store
    data = call.fields(
        {**_BADGE, "title": Field(str, required=True), "avatar_id": Field(int, required=True)}
    )
    _unique_title(store, "badges", data["title"])
    _avatar(store, data)
    badge = store.insert("badges", {**data, "custom_field_id": _system_field_id(store, "badge")})
    return Reply(201, render.public(badge))


@router.get("/badges/{id}/")
def show_badge(call: Call) -> Reply:
    """One badge."""
    return Reply(200, render.public(call.store.get("badges", call.ident("id"))))


@router.patch("/badges/{id}/")
@router.put("/badges/{id}/")
def update_badge(call: Call) -> Reply:
    """Edit a badge."""
    store = call.store
    badge = store.get("badges", call.ident("id"))
    data = call.fields(_BADGE)
    if "title" in data:
        _unique_title(store, "badges", data["title"], skip=badge["id"])
    _avatar(store, data)
    return Reply(200, render.public(store.touch(badge, data)))


_Held(
    table="badges",
    noun="badge",
    holdings=lambda store: store.member_badges,
    holds="holds",
    lacks="does not hold",
    added=201,
    missing_on_remove=404,
).route()
