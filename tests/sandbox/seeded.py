"""Finding seeded records that suit a test: a member in a space, a pending invite, ..."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mighty_async.testing import Sandbox


class Ids:
    """Ids of seeded records that suit each operation."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.store = sandbox.store
        self.owner = self.store.owner_id

    def rows(self, table: str) -> list[dict[str, Any]]:
        return list(self.store.tables[table].values())

    def first(self, table: str, **where: Any) -> dict[str, Any]:
        for row in self.rows(table):
            if all(row.get(k) == v for k, v in where.items()):
                return row
        raise LookupError(f"no {table} row with {where}")

    @property
    def other(self) -> int:
        return next(i for i in self.sandbox.member_ids if i != self.owner)

    @property
    def course(self) -> int:
        return self.first("spaces", _course=True)["id"]

    @property
    def plain_space(self) -> int:
        return self.first("spaces", _course=False)["id"]

    def space_with_member(self) -> tuple[int, int]:
        for space_id, members in self.store.space_members.items():
            for member_id in members:
                if member_id != self.owner and member_id in self.store.tables["members"]:
                    return space_id, member_id
        raise LookupError("no space member")

    def member_outside(self, space_id: int) -> int:
        members = self.store.space_members[space_id]
        return next(i for i in self.sandbox.member_ids if i not in members)

    def plan(self, pricing: str) -> int:
        return self.first("plans", pricing_type=pricing)["id"]

    def plan_holder(self, pricing: str) -> tuple[int, int]:
        plan = self.plan(pricing)
        apple = {
            p["_member_id"] for p in self.rows("purchases") if p["payment_platform"] == "apple"
        }
        member = min(self.store.plan_access[plan] - apple)
        return plan, member

    def post_with_comment(self) -> tuple[int, int]:
        comment = self.rows("comments")[0]
        return comment["targetable_id"], comment["id"]

    def tagged(self) -> tuple[int, int]:
        member, tags = next((m, t) for m, t in self.store.member_tags.items() if t)
        return member, min(tags)

    def badged(self) -> tuple[int, int]:
        member, badges = next((m, b) for m, b in self.store.member_badges.items() if b)
        return member, min(badges)

    def rsvp(self) -> tuple[int, int]:
        row = self.rows("rsvps")[0]
        return row["_event_id"], row["id"]

    def dropdown(self) -> tuple[int, int]:
        field = self.first("custom_fields", response_type="dropdown_single_select")
        option = self.first("options", custom_field_id=field["id"])
        return field["id"], option["id"]

    def answered(self) -> tuple[int, int, int]:
        field = self.first("custom_fields", response_type="dropdown_single_select")["id"]
        row = self.first("answers", custom_field_id=field)
        return field, row["user_id"], row["id"]

    def pending(self, table: str) -> dict[str, Any]:
        return self.first(table, _accepted=False)

    def collection_with_spaces(self) -> tuple[int, int]:
        space = self.first("spaces", _course=False)
        return space["collection_id"], space["id"]
