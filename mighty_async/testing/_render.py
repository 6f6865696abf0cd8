"""Records to wire bodies: each function returns exactly what the API's schema describes.

Fields the sandbox has no value for are left out rather than sent as null, because the spec
types them without null. Two fields are always left out on purpose: ``MemberResponse.categories``
and ``PurchaseResponse.member_categories`` are typed ``string`` in the spec while the live API
sends a list, and the sandbox answers only what validates against the spec.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._store import Record, Store

__all__ = [
    "answer",
    "comment",
    "coursework",
    "event",
    "event_payload",
    "member",
    "option",
    "poll",
    "public",
    "purchase",
    "rsvp",
    "space",
    "subscription",
    "user",
]


def public(record: Record) -> dict[str, Any]:
    """The record's wire fields: no bookkeeping keys, no unknown (None) values."""
    return {k: v for k, v in record.items() if not k.startswith("_") and v is not None}


def member(record: Record) -> dict[str, Any]:
    """A `MemberResponse`."""
    return public(record)


def space(record: Record) -> dict[str, Any]:
    """A `SpaceResponse`."""
    return public(record)


def user(record: Record) -> dict[str, Any]:
    """A `UserResponse` (the shape events, polls and ``/me`` use) of a member record."""
    name = " ".join(p for p in (record.get("first_name"), record.get("last_name")) if p)
    return {
        "id": record["id"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
        "name": name or str(record["email"]),
        "email": record["email"],
        "short_bio": record.get("bio") or "",
        "admin": record.get("_role") == "host",
    }


def _user_of(store: Store, user_id: int) -> dict[str, Any]:
    return user(store.users.get(user_id) or store.users[store.owner_id])


def comment(store: Store, record: Record) -> dict[str, Any]:
    """A `CommentResponse`, with its reply and reaction counts as they are now."""
    body = public(record)
    body["reply_count"] = sum(
        1 for c in store.tables["comments"].values() if c.get("reply_to_id") == record["id"]
    )
    body["cheer_count"] = sum(
        1
        for r in store.tables["reactions"].values()
        if r["targetable_type"] == "Comment" and r["targetable_id"] == record["id"]
    )
    return body


def coursework(store: Store, record: Record) -> dict[str, Any]:
    """A `CourseworkResponse`, with its current number of children."""
    body = public(record)
    body["children_count"] = sum(
        1 for c in store.tables["courseworks"].values() if c.get("parent_id") == record["id"]
    )
    return body


def poll(store: Store, record: Record) -> dict[str, Any]:
    """A `PollResponse`: the creator as a user and the space inlined."""
    body = public(record)
    body["creator"] = _user_of(store, record["_creator_id"])
    space_record = store.tables["spaces"].get(record["_space_id"])
    body["space"] = space(space_record) if space_record else _gone_space(store, record)
    return body


def _gone_space(store: Store, record: Record) -> dict[str, Any]:
    return {
        "id": record["_space_id"],
        "created_at": store.network["created_at"],
        "updated_at": store.network["updated_at"],
        "name": "(deleted space)",
    }


def event(store: Store, record: Record) -> dict[str, Any]:
    """An `EventResponse`: the creator as a user."""
    body = public(record)
    body["creator"] = _user_of(store, record["_creator_id"])
    return body


def event_payload(store: Store, record: Record) -> dict[str, Any]:
    """The `EventCreatePayload` shape RSVPs embed: the creator as a member, space inlined."""
    creator = store.users.get(record["_creator_id"]) or store.users[store.owner_id]
    space_record = store.tables["spaces"].get(record["_space_id"])
    body = {
        key: record[key]
        for key in (
            "id", "created_at", "updated_at", "post_type", "title", "event_type", "starts_at",
            "ends_at", "time_zone", "location", "frequency", "interval", "rsvp_enabled",
            "rsvp_closed", "restricted_event", "post_in_feed", "images", "permalink",
        )
        if record.get(key) is not None
    }  # fmt: skip
    body.update(
        space_id=record["_space_id"],
        creator_id=creator["id"],
        creator=member(creator),
        space=space(space_record) if space_record else _gone_space(store, record),
        summary=record.get("description") or record["title"],
    )
    return body


def rsvp(store: Store, record: Record) -> dict[str, Any]:
    """An `RsvpResponse`: the event and the member inlined (it has ``updated``, no timestamps)."""
    body = {k: v for k, v in public(record).items() if k not in {"created_at", "updated_at"}}
    body["event"] = event_payload(store, store.tables["events"][record["_event_id"]])
    body["member"] = member(store.users[record["_member_id"]])
    if record.get("_instance_at"):
        body["event_instance"] = {
            "post_id": record["_event_id"],
            "starts_at": record["_instance_at"],
            "ends_at": record["_instance_at"],
            "instance_index": 0,
        }
    return body


def _plan_summary(store: Store, plan_id: int) -> dict[str, Any]:
    plan = store.tables["plans"][plan_id]
    return {
        "id": plan["id"],
        "name": plan["name"],
        "amount": plan["_amount"],
        "currency": plan["_currency"],
        "interval": plan["_interval"],
        "type": {"one_time": "one-time-payment"}.get(plan["pricing_type"], plan["pricing_type"]),
        "has_free_trial": plan["_has_free_trial"],
    }


def subscription(store: Store, record: Record) -> dict[str, Any]:
    """A `SubscriptionResponse`: the subscriber's profile, the plan, and the subscription."""
    person = store.users[record["_member_id"]]
    body: dict[str, Any] = {
        "member_id": person["id"],
        "created_at": record["created_at"],
        "updated_at": record["updated_at"],
    }
    for key in (
        "email", "first_name", "last_name", "time_zone", "location", "referral_count",
        "avatar", "permalink", "ambassador_level",
    ):  # fmt: skip
        if person.get(key) is not None:
            body[key] = person[key]
    body["plan"] = _plan_summary(store, record["_plan_id"])
    body["subscription"] = {
        key: record[key]
        for key in (
            "id", "current_period_start", "current_period_end", "payment_platform",
            "canceled_at", "trial_length", "trial_start", "trial_end", "purchased_at",
        )
        if record.get(key) is not None
    }  # fmt: skip
    return body


def purchase(store: Store, record: Record) -> dict[str, Any]:
    """A `PurchaseResponse`: the buyer's profile flattened, the plan, and the purchase."""
    person = store.users[record["_member_id"]]
    body: dict[str, Any] = {"member_id": person["id"]}
    for key in (
        "email", "first_name", "last_name", "time_zone", "location", "referral_count",
        "avatar", "permalink", "ambassador_level",
    ):  # fmt: skip
        if person.get(key) is not None:
            body[f"member_{key}"] = person[key]
    body["plan"] = _plan_summary(store, record["_plan_id"])
    body["purchase"] = {
        key: record[key]
        for key in (
            "id", "tax_percent", "payment_platform", "purchased_at", "created_at", "updated_at",
        )
        if record.get(key) is not None
    }  # fmt: skip
    return body


def option(store: Store, record: Record) -> dict[str, Any]:
    """A `CustomFieldOptionResponse`, counting the members whose answer picks it."""
    body = public(record)
    body["member_count"] = sum(
        1 for a in store.tables["answers"].values() if record["id"] in a.get("_segment_ids", ())
    )
    return body


def answer(store: Store, record: Record) -> dict[str, Any]:
    """A `CustomFieldAnswerResponse`, its chosen options rendered as segments."""
    body = public(record)
    segments = []
    for option_id in record.get("_segment_ids", ()):
        chosen = store.tables["options"].get(option_id)
        if chosen is not None:
            segment = {
                k: chosen[k]
                for k in ("id", "created_at", "updated_at", "title", "description")
                if chosen.get(k) is not None
            }
            segment["custom_field_id"] = chosen["custom_field_id"]
            segments.append(segment)
    body["segments"] = segments
    return body
