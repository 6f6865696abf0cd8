"""The sandbox's data: one table per collection, the links between them, and the seed.

Records are plain dicts holding their wire fields as the API sends them; keys starting with
``_`` are the sandbox's own bookkeeping and never leave it. Ids come from one counter shared
by every table, so an id of the wrong kind finds nothing, as it would on the real API.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from . import _seed
from ._call import Refusal
from ._seed import Names, isoformat, pick, timestamp_between

__all__ = ["TABLES", "Record", "Store"]

Record = dict[str, Any]

TABLES: Final = (
    "members", "spaces", "collections", "courseworks", "posts", "comments", "reactions",
    "polls", "events", "rsvps", "plans", "subscriptions", "purchases", "invites",
    "plan_invites", "tags", "badges", "custom_fields", "options", "answers", "assets",
    "abuse_reports",
)  # fmt: skip

_SINGULAR: Final = {
    "members": "member", "spaces": "space", "collections": "collection",
    "courseworks": "coursework", "posts": "post", "comments": "comment",
    "reactions": "reaction", "polls": "poll", "events": "event", "rsvps": "RSVP",
    "plans": "plan", "subscriptions": "subscription", "purchases": "purchase",
    "invites": "invite", "plan_invites": "invite", "tags": "tag", "badges": "badge",
    "custom_fields": "custom field", "options": "option", "answers": "answer",
    "assets": "asset", "abuse_reports": "abuse report",
}  # fmt: skip
_FIRST_ID: Final = 1001


class Store:
    """Every record of one sandbox network, with the relations between them."""

    def __init__(self, *, network_id: int, subdomain: str) -> None:
        self.network_id = network_id
        self.subdomain = subdomain
        self.tables: dict[str, dict[int, Record]] = {name: {} for name in TABLES}
        self.users: dict[int, Record] = {}
        self.owner_id = 0
        self.network: Record = {}
        self.space_members: defaultdict[int, dict[int, str]] = defaultdict(dict)
        self.plan_access: defaultdict[int, set[int]] = defaultdict(set)
        self.member_tags: defaultdict[int, set[int]] = defaultdict(set)
        self.member_badges: defaultdict[int, set[int]] = defaultdict(set)
        self.mutes: set[tuple[int, int]] = set()
        self.bans: dict[str, str] = {}
        self.password_resets: list[int] = []
        self._ids = itertools.count(_FIRST_ID)
        self._reserved: set[int] = set()

    # -- generic access --------------------------------------------------------------------

    def new_id(self) -> int:
        """The next unused id (skipping those given to records by `reserve`)."""
        while (candidate := next(self._ids)) in self._reserved:
            pass
        return candidate

    def reserve(self, record_id: int) -> None:
        """Keep ``record_id`` from being handed out: a record was moved to it."""
        self._reserved.add(record_id)

    @staticmethod
    def now() -> str:
        """The current time in the API's format, for records created at run time."""
        return isoformat(datetime.now(UTC))

    def table(self, name: str) -> dict[int, Record]:
        """The records of one collection, by id."""
        return self.tables[name]

    def get(self, table: str, record_id: int) -> Record:
        """A record by id, or a 404 naming what was not found."""
        record = self.tables[table].get(record_id)
        if record is None:
            raise Refusal(404, f"{_SINGULAR[table]} {record_id} not found")
        return record

    def insert(self, table: str, record: Record, *, at: str | None = None) -> Record:
        """Add a record with a fresh id and creation timestamps, and return it."""
        stamp = at or self.now()
        record = {"id": self.new_id(), "created_at": stamp, "updated_at": stamp, **record}
        self.tables[table][record["id"]] = record
        return record

    def touch(self, record: Record, changes: dict[str, Any]) -> Record:
        """Apply ``changes`` to a record and bump its ``updated_at``."""
        record.update(changes)
        if "updated_at" in record:
            record["updated_at"] = self.now()
        return record

    def member_by_email(self, email: str) -> Record | None:
        """The network member with this email, compared case-insensitively."""
        wanted = email.strip().lower()
        for member in self.tables["members"].values():
            if str(member["email"]).lower() == wanted:
                return member
        return None

    def permalink(self, kind: str, record_id: int) -> str:
        """A canonical URL on the network's own site."""
        return f"https://{self.subdomain}.mn.co/{kind}/{record_id}"

    # -- cascades --------------------------------------------------------------------------

    def remove_member(self, member_id: int) -> None:
        """Take a member out of the network and everything that hangs off their membership."""
        self.tables["members"].pop(member_id, None)
        for members in self.space_members.values():
            members.pop(member_id, None)
        for holders in self.plan_access.values():
            holders.discard(member_id)
        self.member_tags.pop(member_id, None)
        self.member_badges.pop(member_id, None)

    def remove_post(self, post_id: int) -> None:
        """Delete a post with its comments and reactions."""
        self.tables["posts"].pop(post_id, None)
        comments = self.tables["comments"]
        doomed = {cid for cid, c in comments.items() if c["targetable_id"] == post_id}
        for comment_id in doomed:
            del comments[comment_id]
        reactions = self.tables["reactions"]
        for reaction_id in [
            rid
            for rid, r in reactions.items()
            if (r["targetable_type"] == "Post" and r["targetable_id"] == post_id)
            or (r["targetable_type"] == "Comment" and r["targetable_id"] in doomed)
        ]:
            del reactions[reaction_id]


class Seeder:
    """Fills a `Store` with a plausible network, the same one for the same seed."""

    def __init__(self, store: Store, seed: int) -> None:
        self.store = store
        self.rng = random.Random(seed)  # noqa: S311 - fake data, not security
        self.names = Names(self.rng)

    def _stamp(self) -> str:
        return isoformat(timestamp_between(self.rng, _seed.SEED_START, _seed.SEED_END))

    def _insert(self, table: str, record: Record) -> Record:
        return self.store.insert(table, record, at=self._stamp())

    def run(
        self,
        *,
        members: int,
        spaces: int,
        posts: int,
        events: int,
        owner_email: str,
    ) -> None:
        """Create the whole network in a fixed order (the order decides the ids)."""
        self._network()
        self._members(members, owner_email)
        self._spaces(spaces)
        self._custom_fields()
        self._tags_and_badges()
        self._plans()
        self._posts(posts)
        self._polls()
        self._events(events)
        self._courseworks()
        self._invites()
        self._abuse_reports()

    def _network(self) -> None:
        store = self.store
        store.network = {
            "id": store.network_id,
            "created_at": isoformat(_seed.SEED_START),
            "updated_at": isoformat(_seed.SEED_END),
            "subdomain": store.subdomain,
            "title": "The Sandbox Network",
            "subtitle": "A stateful fake of the Mighty Networks Admin API",
            "purpose": "Try integrations without a paid network or a real token",
            "description": "Seeded, deterministic test data served by mighty-async.",
        }

    def _members(self, count: int, owner_email: str) -> None:
        store, rng = self.store, self.rng
        span = (_seed.SEED_END - _seed.SEED_START).total_seconds()
        self.names.reserve(owner_email)
        for index in range(count):
            first, last = ("Avery", "Admin") if index == 0 else self.names.person()
            email = owner_email if index == 0 else self.names.email(first, last)
            joined = _seed.SEED_START + timedelta(seconds=int(span * index / max(count, 1)))
            record: Record = {
                "email": email,
                "member_type": "limited" if index and rng.random() < 0.05 else "full",  # noqa: PLR2004
                "first_name": first,
                "last_name": last,
                "time_zone": pick(rng, _seed.TIME_ZONES),
                "location": pick(rng, _seed.LOCATIONS),
                "referral_count": rng.choice((0, 0, 0, 1, 2, 5)),
                "_role": "host"
                if index == 0
                else rng.choice(("contributor",) * 9 + ("moderator",)),
            }
            if rng.random() < 0.6:  # noqa: PLR2004
                record["bio"] = pick(rng, _seed.BIOS)
            if rng.random() < 0.1:  # noqa: PLR2004
                record["ambassador_level"] = rng.choice(("bronze", "silver", "gold"))
            member = store.insert("members", record, at=isoformat(joined))
            member["permalink"] = store.permalink("members", member["id"])
            if rng.random() < 0.7:  # noqa: PLR2004
                member["avatar"] = f"https://assets.sandbox.test/avatars/{member['id']}.png"
            store.users[member["id"]] = member
            if index == 0:
                store.owner_id = member["id"]

    def _spaces(self, count: int) -> None:
        store, rng = self.store, self.rng
        collections = [
            self._insert(
                "collections",
                {
                    "name": name,
                    "description": f"{name} spaces",
                    "visible_to_members": True,
                    "position": position,
                    "explorable": True,
                },
            )
            for position, name in enumerate(
                ("Community", "Learning", "Events", "Groups")[: max(1, (count + 2) // 3)], 1
            )
        ]
        member_ids = list(store.tables["members"])
        for index in range(count):
            base = _seed.SPACE_NAMES[index % len(_seed.SPACE_NAMES)]
            name = base if index < len(_seed.SPACE_NAMES) else f"{base} {index + 1}"
            collection = collections[index % len(collections)]
            space = self._insert(
                "spaces",
                {
                    "name": name,
                    "collection_id": collection["id"],
                    "_position": index // len(collections) + 1,
                    "_course": "Course" in name,
                },
            )
            store.space_members[space["id"]][store.owner_id] = "host"
        space_ids = list(store.tables["spaces"])
        if not space_ids:
            return
        for member_id in member_ids[1:]:
            for space_id in rng.sample(space_ids, k=min(len(space_ids), rng.choice((1, 1, 2)))):
                store.space_members[space_id][member_id] = "contributor"

    def _custom_fields(self) -> None:
        store = self.store
        for title, kind in (("Tags", "tag"), ("Badges", "badge")):
            self._insert(
                "custom_fields",
                {"title": title, "response_type": kind, "_system": True, "_status": "visible"},
            )
        color = self._insert(
            "custom_fields",
            {
                "title": "Favorite color",
                "response_type": "dropdown_single_select",
                "_system": False,
                "_status": "visible",
            },
        )
        work = self._insert(
            "custom_fields",
            {"title": "What do you do?", "response_type": "text_short", "_system": False},
        )
        options = [
            self._insert(
                "options",
                {
                    "title": title,
                    "custom_field_id": color["id"],
                    "is_ad_hoc": False,
                    "creator_id": store.owner_id,
                },
            )
            for title in ("Red", "Green", "Blue")
        ]
        for member_id in list(store.tables["members"])[1:6]:
            option = pick(self.rng, tuple(options))
            self._answer(color["id"], member_id, text=None, segments=[option["id"]])
            self._answer(work["id"], member_id, text=pick(self.rng, _seed.BIOS), segments=[])

    def _answer(
        self, field_id: int, member_id: int, *, text: str | None, segments: list[int]
    ) -> None:
        stamp = self._stamp()
        record: Record = {
            "user_id": member_id,
            "custom_field_id": field_id,
            "last_edited_at": stamp,
            "_segment_ids": segments,
        }
        if text is not None:
            record["text"] = text
        self.store.insert("answers", record, at=stamp)

    def _system_field(self, kind: str) -> int:
        for field in self.store.tables["custom_fields"].values():
            if field["response_type"] == kind and field.get("_system"):
                return int(field["id"])
        raise LookupError(kind)  # pragma: no cover - seeded just before

    def _tags_and_badges(self) -> None:
        store, rng = self.store, self.rng
        member_ids = list(store.tables["members"])
        tag_field, badge_field = self._system_field("tag"), self._system_field("badge")
        tags = [
            self._insert(
                "tags",
                {
                    "title": title,
                    "description": f"Members who are {title.lower()}s",
                    "color": _seed.COLORS[i % len(_seed.COLORS)],
                    "custom_field_id": tag_field,
                },
            )
            for i, title in enumerate(_seed.TAG_TITLES)
        ]
        for title in _seed.BADGE_TITLES:
            asset = self._insert(
                "assets",
                {"url": f"https://assets.sandbox.test/badges/{title.lower().replace(' ', '-')}.png",
                 "type": "Asset", "name": f"{title}.png"},
            )  # fmt: skip
            self._insert(
                "badges",
                {
                    "title": title,
                    "description": f"Awarded for being an {title.lower()}",
                    "color": pick(rng, _seed.COLORS),
                    "custom_field_id": badge_field,
                    "avatar_url": asset["url"],
                    "_avatar_id": asset["id"],
                },
            )
        badge_ids = list(store.tables["badges"])
        for index, member_id in enumerate(member_ids):
            if index == 1 or rng.random() < 0.15:  # noqa: PLR2004
                store.member_tags[member_id].add(pick(rng, tuple(tags))["id"])
            if index == 1 or rng.random() < 0.05:  # noqa: PLR2004
                store.member_badges[member_id].add(pick(rng, tuple(badge_ids)))

    def _plans(self) -> None:
        store, rng = self.store, self.rng
        specs = (
            ("Free Community", "free", 0, "month", False),
            ("Premium Membership", "subscription", 2900, "month", True),
            ("Masterclass", "one_time", 9900, "one_time", False),
        )
        plans = []
        for name, pricing, amount, interval, trial in specs:
            plan = self._insert(
                "plans",
                {
                    "name": name,
                    "description": f"The {name} plan",
                    "status": "visible",
                    "pricing_type": pricing,
                    "visible_to_members": True,
                    "external": pricing == "free",
                    "multiple": pricing != "one_time",
                    "_amount": amount,
                    "_currency": "usd",
                    "_interval": interval,
                    "_has_free_trial": trial,
                },
            )
            plan["permalink"] = store.permalink("plans", plan["id"])
            plans.append(plan)
        free, premium, masterclass = plans
        for index, member_id in enumerate(list(store.tables["members"])[1:]):
            # The first members get one of each kind of access, so even a tiny sandbox has
            # every billing case; the rest are drawn at random.
            roll = (0.1, 0.25, 0.31, 0.33)[index] if index < 4 else rng.random()  # noqa: PLR2004
            if roll < 0.2:  # noqa: PLR2004
                store.plan_access[free["id"]].add(member_id)
            elif roll < 0.3:  # noqa: PLR2004
                self._subscription(premium, member_id)
            elif roll < 0.34:  # noqa: PLR2004
                apple = index == 3 if index < 4 else rng.random() < 0.2  # noqa: PLR2004  # noqa: PLR2004
                platform = "apple" if apple else "stripe"
                self._purchase(masterclass, member_id, platform=platform)

    def _subscription(self, plan: Record, member_id: int) -> None:
        start = timestamp_between(self.rng, _seed.SEED_START, _seed.SEED_END - timedelta(days=40))
        period_start = _seed.SEED_END - timedelta(days=self.rng.randint(1, 29))
        self.store.insert(
            "subscriptions",
            {
                "current_period_start": isoformat(period_start),
                "current_period_end": isoformat(period_start + timedelta(days=30)),
                "payment_platform": "stripe",
                "purchased_at": isoformat(start),
                "_member_id": member_id,
                "_plan_id": plan["id"],
                "_state": "active",
            },
            at=isoformat(start),
        )
        self.store.plan_access[plan["id"]].add(member_id)

    def _purchase(self, plan: Record, member_id: int, *, platform: str) -> None:
        stamp = self._stamp()
        self.store.insert(
            "purchases",
            {
                "tax_percent": 0,
                "payment_platform": platform,
                "purchased_at": stamp,
                "_member_id": member_id,
                "_plan_id": plan["id"],
                "_revoked": False,
            },
            at=stamp,
        )
        self.store.plan_access[plan["id"]].add(member_id)

    def _posts(self, count: int) -> None:
        store, rng = self.store, self.rng
        space_ids = list(store.tables["spaces"])
        member_ids = list(store.tables["members"])
        if not space_ids:
            return
        for _ in range(count):
            space_id = pick(rng, tuple(space_ids))
            title = pick(rng, _seed.POST_TITLES)
            stamp = self._stamp()
            post = store.insert(
                "posts",
                {
                    "creator_id": pick(rng, tuple(member_ids)),
                    "space_id": space_id,
                    "summary": title,
                    "description": f"<p>{title} Tell us in the comments.</p>",
                    "post_type": "article" if rng.random() < 0.2 else "post",  # noqa: PLR2004
                    "images": [],
                    "title": title,
                    "status": "posted",
                    "published_at": stamp,
                    "last_activity_at": stamp,
                    "content_type": "text",
                    "comments_enabled": True,
                },
                at=stamp,
            )
            post["permalink"] = store.permalink("posts", post["id"])
            for _ in range(rng.randint(0, 3)):
                comment = store.insert(
                    "comments",
                    {
                        "targetable_id": post["id"],
                        "targetable_type": "Post",
                        "text": pick(rng, _seed.COMMENTS),
                        "replyable": True,
                        "depth": 0,
                        "author_id": pick(rng, tuple(member_ids)),
                        "space_id": space_id,
                    },
                    at=stamp,
                )
                comment["permalink"] = f"{post['permalink']}#comment-{comment['id']}"
            for reactor in rng.sample(member_ids, k=min(len(member_ids), rng.randint(0, 3))):
                if reactor == store.owner_id:
                    continue
                emoji = pick(rng, _seed.EMOJIS)
                store.insert(
                    "reactions",
                    {
                        "space_id": space_id,
                        "network_id": store.network_id,
                        "targetable_id": post["id"],
                        "targetable_type": "Post",
                        "targetable_space_id": space_id,
                        "emoji": emoji,
                        "base_emoji": emoji,
                        "member_id": reactor,
                    },
                    at=stamp,
                )

    def _polls(self) -> None:
        store = self.store
        space_ids = list(store.tables["spaces"])
        if not space_ids:
            return
        for poll_type, title, choices in (
            ("multiple_choice", "Which day suits the next meetup?", ["Tuesday", "Thursday"]),
            ("question", "What should we cover next month?", []),
        ):
            stamp = self._stamp()
            poll = store.insert(
                "polls",
                {
                    "post_type": "question" if poll_type == "question" else "poll",
                    "poll_type": poll_type,
                    "title": title,
                    "images": [],
                    "choices": [
                        {"id": f"choice-{i + 1}", "text": t} for i, t in enumerate(choices)
                    ],
                    "status": "posted",
                    "published_at": stamp,
                    "comments_enabled": True,
                    "last_activity_at": stamp,
                    "_creator_id": store.owner_id,
                    "_space_id": space_ids[0],
                },
                at=stamp,
            )
            poll["permalink"] = store.permalink("posts", poll["id"])

    def _events(self, count: int) -> None:
        store, rng = self.store, self.rng
        space_ids = list(store.tables["spaces"])
        member_ids = list(store.tables["members"])
        if not space_ids:
            return
        for index in range(count):
            starts = _seed.SEED_END + timedelta(days=7 * (index + 1), hours=rng.randint(0, 8))
            recurring = index % 3 == 0
            event = self._insert(
                "events",
                {
                    "post_type": "event",
                    "images": [],
                    "title": _seed.EVENT_TITLES[index % len(_seed.EVENT_TITLES)],
                    "description": "Come and meet the community.",
                    "rsvp_enabled": True,
                    "rsvp_closed": False,
                    "restricted_event": False,
                    "post_in_feed": True,
                    "event_type": rng.choice(("online_meeting", "local_meetup")),
                    "starts_at": isoformat(starts),
                    "ends_at": isoformat(starts + timedelta(hours=1)),
                    "time_zone": pick(rng, _seed.TIME_ZONES),
                    "link": "https://meet.sandbox.test/room",
                    "_creator_id": store.owner_id,
                    "_space_id": pick(rng, tuple(space_ids)),
                },
            )
            event["permalink"] = store.permalink("posts", event["id"])
            if recurring:
                event.update(
                    frequency="weekly", interval=1, recurrence_rule="FREQ=WEEKLY;INTERVAL=1"
                )
            for member_id in rng.sample(member_ids, k=min(len(member_ids), rng.randint(0, 4))):
                self.store.insert(
                    "rsvps",
                    {
                        "updated": self._stamp(),
                        "status": rng.choice(("yes", "yes", "maybe", "no")),
                        "_event_id": event["id"],
                        "_member_id": member_id,
                    },
                )

    def _courseworks(self) -> None:
        store = self.store
        course = next((s for s in store.tables["spaces"].values() if s.get("_course")), None)
        if course is None:
            return
        overview = self._coursework(course["id"], "overview", "Course overview", None)
        section = self._coursework(course["id"], "section", "Week 1", overview)
        for title in ("Welcome", "Setting up", "Your first project"):
            self._coursework(course["id"], "lesson", title, section)
        self._coursework(course["id"], "quiz", "Check your understanding", section)

    def _coursework(self, space_id: int, kind: str, title: str, parent: Record | None) -> Record:
        siblings = [
            c
            for c in self.store.tables["courseworks"].values()
            if c["space_id"] == space_id and c.get("parent_id") == (parent or {}).get("id")
        ]
        record: Record = {
            "space_id": space_id,
            "type": kind,
            "title": title,
            "description": f"<p>{title}</p>",
            "status": "posted",
            "position": len(siblings) + 1,
            "completion_criteria": "button" if kind == "lesson" else "none",
            "unlocking_criteria": "none",
        }
        if parent is not None:
            record.update(parent_id=parent["id"], parent_type=parent["type"])
        created = self._insert("courseworks", record)
        created["permalink"] = self.store.permalink("courseworks", created["id"])
        return created

    def _invites(self) -> None:
        store, rng = self.store, self.rng
        for index in range(4):
            first, last = self.names.person()
            invite = self._insert(
                "invites",
                {
                    "recipient_email": self.names.email(first, last),
                    "recipient_first_name": first,
                    "recipient_last_name": last,
                    "sender_id": store.owner_id,
                    "_accepted": index == 0,
                },
            )
            invite["user_id"] = invite["sender_id"]
        plan_ids = list(store.tables["plans"])
        for index, plan_id in enumerate(plan_ids[:2]):
            first, last = self.names.person()
            self._insert(
                "plan_invites",
                {
                    "recipient_email": self.names.email(first, last),
                    "recipient_first_name": first,
                    "recipient_last_name": last,
                    "sender_id": store.owner_id,
                    "_plan_id": plan_id,
                    "_accepted": index == 0,
                    "_message": rng.choice(("Join us!", "", "We saved you a seat.")),
                },
            )

    def _abuse_reports(self) -> None:
        store, rng = self.store, self.rng
        posts = list(store.tables["posts"].values())
        member_ids = list(store.tables["members"])
        for post in posts[:3]:
            self._insert(
                "abuse_reports",
                {
                    "member_id": pick(rng, tuple(member_ids)),
                    "targetable_id": post["id"],
                    "targetable_type": "post",
                    "report_type": rng.choice(("spam", "offensive", "other")),
                    "reason": "Looks like spam to me.",
                    "context_id": post["id"],
                    "context_type": "Post",
                    "space_id": post["space_id"],
                    "network_id": store.network_id,
                },
            )
