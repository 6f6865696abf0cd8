"""Routes about content: spaces, collections, courses, posts, polls, events, assets, ...

Also comments, reactions, RSVPs and abuse reports.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from . import _render as render
from ._call import Field, Refusal, Reply, Upload, check_choice, check_timestamp
from ._router import Router

if TYPE_CHECKING:
    from ._call import Call
    from ._store import Record, Store

__all__ = ["router"]

router = Router()
"""This module's operations; the app copies them into its own table."""

ASSET_STYLES: Final = (
    "avatar", "avatar_suggestion", "header_suggestion", "avatar_dark_mode", "thumbnail",
    "square_thumbnail", "bundle_description", "landing_page_background", "landing_page_video",
    "customer_site_logo", "space_avatar", "space_description", "brand_banner_on_color",
    "brand_banner_on_white", "brand_banner_dark_mode", "background_image_banner",
    "background_image_banner_fixed_ratio", "post_description", "landing_page_description",
    "cover", "post", "comment", "file", "header", "cinema_header", "profile_prompt_answer",
    "new_member_pitch", "embedded_link", "user_cover", "video", "course_video",
    "live_mp4_recording", "live_mp4_recording_backup", "comment_video", "ai_interaction",
    "automation_action_image", "landing_page_content", "seo_image", "voice_note",
)  # fmt: skip
MAX_ASSET_BYTES: Final = 25 * 1024 * 1024


# -- spaces and collections ---------------------------------------------------------------------


def _space(call: Call, name: str = "id") -> Record:
    return call.store.get("spaces", call.ident(name))


def _collection_exists(store: Store, data: dict[str, Any]) -> None:
    if "collection_id" in data and data["collection_id"] not in store.table("collections"):
        raise Refusal(422, f"collection {data['collection_id']} does not exist")


@router.get("/spaces")
def list_spaces(call: Call) -> Reply:
    """Every space."""
    return call.page(call.store.table("spaces").values(), render.space)


@router.post("/spaces")
def create_space(call: Call) -> Reply:
    """Create a space; the caller joins it as its host."""
    store = call.store
    data = call.fields({"name": Field(str, required=True)})
    space = store.insert("spaces", {"name": data["name"].strip(), "_position": 1, "_course": False})
    store.space_members[space["id"]][call.caller_id] = "host"
    return Reply(201, render.space(space))


@router.get("/spaces/{id}")
def show_space(call: Call) -> Reply:
    """One space (no trailing slash on this route)."""
    return Reply(200, render.space(_space(call)))


@router.patch("/spaces/{id}")
@router.put("/spaces/{id}")
def update_space(call: Call) -> Reply:
    """Rename a space or move it to another collection."""
    store = call.store
    space = _space(call)
    data = call.fields({"name": Field(str), "collection_id": Field(int)})
    if "name" in data and not data["name"].strip():
        raise Refusal(400, "name must not be blank")
    _collection_exists(store, data)
    return Reply(200, render.space(store.touch(space, data)))


@router.delete("/spaces/{id}")
def delete_space(call: Call) -> Reply:
    """Delete a space; 422 while it still has course content."""
    store = call.store
    space = _space(call)
    if any(c["space_id"] == space["id"] for c in store.table("courseworks").values()):
        raise Refusal(422, f"space {space['id']} still has course content")
    del store.table("spaces")[space["id"]]
    store.space_members.pop(space["id"], None)
    return Reply(204)


@router.get("/members/{member_id}/spaces")
def list_member_spaces(call: Call) -> Reply:
    """The spaces a member belongs to."""
    store = call.store
    member = store.get("members", call.ident("member_id"))
    spaces = [
        s for s in store.table("spaces").values() if member["id"] in store.space_members[s["id"]]
    ]
    return call.page(spaces, render.space)


_COLLECTION: Final = {
    "name": Field(str),
    "description": Field(str),
    "visible_to_members": Field(bool),
}


def _collection(call: Call) -> Record:
    return call.store.get("collections", call.ident("id"))


@router.get("/collections")
def list_collections(call: Call) -> Reply:
    """Every collection, in display order."""
    rows = sorted(call.store.table("collections").values(), key=lambda c: (c["position"], c["id"]))
    return call.page(rows, render.public)


@router.post("/collections")
def create_collection(call: Call) -> Reply:
    """Create a collection at the end of the display order."""
    store = call.store
    data = call.fields({**_COLLECTION, "name": Field(str, required=True)})
    position = 1 + max((c["position"] for c in store.table("collections").values()), default=0)
    collection = store.insert(
        "collections",
        {"visible_to_members": True, **data, "position": position, "explorable": False},
    )
    return Reply(201, render.public(collection))


@router.get("/collections/{id}/")
def show_collection(call: Call) -> Reply:
    """One collection."""
    return Reply(200, render.public(_collection(call)))


@router.patch("/collections/{id}/")
@router.put("/collections/{id}/")
def update_collection(call: Call) -> Reply:
    """Edit a collection."""
    collection = _collection(call)
    data = call.fields(_COLLECTION)
    if "name" in data and not data["name"].strip():
        raise Refusal(400, "name must not be blank")
    return Reply(200, render.public(call.store.touch(collection, data)))


@router.delete("/collections/{id}/")
def delete_collection(call: Call) -> Reply:
    """Delete an empty collection; 422 while spaces are in it."""
    store = call.store
    collection = _collection(call)
    if any(s.get("collection_id") == collection["id"] for s in store.table("spaces").values()):
        raise Refusal(422, f"collection {collection['id']} is not empty")
    del store.table("collections")[collection["id"]]
    return Reply(204)


@router.put("/collections/{id}/order")
def order_collection(call: Call) -> Reply:
    """Set the positions of spaces in a collection; answers the ordered spaces, paged."""
    store = call.store
    collection = _collection(call)
    entries = call.fields({"spaces": Field(list, required=True)})["spaces"]
    positions: dict[int, int] = {}
    for entry in entries:
        if not isinstance(entry, dict):
            raise Refusal(400, "spaces must be a list of {space_id, position} objects")
        space_id, position = entry.get("space_id"), entry.get("position")
        if not isinstance(space_id, int) or not isinstance(position, int) or position < 0:
            raise Refusal(422, "each entry needs an integer space_id and position")
        space = store.table("spaces").get(space_id)
        if space is None or space.get("collection_id") != collection["id"]:
            raise Refusal(422, f"space {space_id} is not in collection {collection['id']}")
        positions[space_id] = position
    for space_id, position in positions.items():
        store.touch(store.table("spaces")[space_id], {"_position": position})
    members = sorted(
        (s for s in store.table("spaces").values() if s.get("collection_id") == collection["id"]),
        key=lambda s: (s["_position"], s["id"]),
    )
    return call.page(
        members, lambda s: {"id": s["id"], "name": s["name"], "position": s["_position"]}
    )


# -- courses ----------------------------------------------------------------------------------

_COURSEWORK_KINDS: Final = ("lesson", "quiz", "section")
_STATUSES: Final = ("posted", "hidden", "pending")
_COMPLETION: Final = ("none", "visited", "button", "video", "minimum_correct_percentage")
_UNLOCKING: Final = ("none", "sequential", "time_from_course_join", "scheduled_date")
_COURSEWORK: Final = {
    "title": Field(str),
    "description": Field(str),
    "status": Field(str),
    "parent_id": Field(int),
    "completion_criteria": Field(str),
    "unlocking_criteria": Field(str),
}


def _course(call: Call) -> Record:
    space = _space(call, "space_id")
    if not space.get("_course"):
        raise Refusal(404, f"space {space['id']} is not a course")
    return space


def _coursework(call: Call) -> tuple[Record, Record]:
    course = _course(call)
    item = call.store.get("courseworks", call.ident("id"))
    if item["space_id"] != course["id"]:
        raise Refusal(404, f"coursework {item['id']} not found in space {course['id']}")
    return course, item


def _check_coursework(store: Store, course: Record, data: dict[str, Any]) -> None:
    for name, options in (
        ("status", _STATUSES),
        ("completion_criteria", _COMPLETION),
        ("unlocking_criteria", _UNLOCKING),
    ):
        if name in data:
            check_choice(name, data[name], options)
    if "parent_id" in data:
        parent = store.table("courseworks").get(data["parent_id"])
        if (
            parent is None
            or parent["space_id"] != course["id"]
            or parent["type"]
            not in {
                "section",
                "overview",
            }
        ):
            raise Refusal(422, f"parent_id {data['parent_id']} is not a section of this course")
        data["parent_type"] = parent["type"]


def _overview(store: Store, course: Record) -> Record:
    for item in store.table("courseworks").values():
        if item["space_id"] == course["id"] and item["type"] == "overview":
            return item
    overview = store.insert(
        "courseworks",
        {
            "space_id": course["id"],
            "type": "overview",
            "title": "Course overview",
            "status": "posted",
            "position": 1,
            "completion_criteria": "none",
            "unlocking_criteria": "none",
        },
    )
    overview["permalink"] = store.permalink("courseworks", overview["id"])
    return overview


@router.get("/spaces/{space_id}/courseworks")
def list_courseworks(call: Call) -> Reply:
    """A course's items, filtered by ``type``, ``parent_id`` and ``status``."""
    store = call.store
    course = _course(call)
    kind, status = call.query.get("type"), call.query.get("status")
    parent_id = call.query_int("parent_id")
    items = [
        c
        for c in store.table("courseworks").values()
        if c["space_id"] == course["id"]
        and (not kind or c["type"] == kind)
        and (not status or c["status"] == status)
        and (parent_id is None or c.get("parent_id") == parent_id)
    ]
    return call.page(items, lambda r: render.coursework(store, r))


@router.post("/spaces/{space_id}/courseworks")
def create_coursework(call: Call) -> Reply:
    """Add a lesson, quiz or section (under the overview unless ``parent_id`` says where)."""
    store = call.store
    course = _course(call)
    data = call.fields({**_COURSEWORK, "type": Field(str, required=True)})
    check_choice("type", data["type"], _COURSEWORK_KINDS)
    data.setdefault("parent_id", _overview(store, course)["id"])
    _check_coursework(store, course, data)
    siblings = sum(
        1
        for c in store.table("courseworks").values()
        if c["space_id"] == course["id"] and c.get("parent_id") == data["parent_id"]
    )
    item = store.insert(
        "courseworks",
        {
            "space_id": course["id"],
            "title": f"Untitled {data['type']}",
            "status": "hidden",
            "completion_criteria": "none",
            "unlocking_criteria": "none",
            **data,
            "position": siblings + 1,
        },
    )
    item["permalink"] = store.permalink("courseworks", item["id"])
    return Reply(201, render.coursework(store, item))


@router.get("/spaces/{space_id}/courseworks/{id}/")
def show_coursework(call: Call) -> Reply:
    """One course item."""
    return Reply(200, render.coursework(call.store, _coursework(call)[1]))


@router.patch("/spaces/{space_id}/courseworks/{id}/")
@router.put("/spaces/{space_id}/courseworks/{id}/")
def update_coursework(call: Call) -> Reply:
    """Edit a course item, or move it under another section."""
    store = call.store
    course, item = _coursework(call)
    data = call.fields(_COURSEWORK)
    if data.get("parent_id") == item["id"]:
        raise Refusal(422, "an item cannot be its own parent")
    _check_coursework(store, course, data)
    return Reply(200, render.coursework(store, store.touch(item, data)))


@router.delete("/spaces/{space_id}/courseworks/{id}/")
def delete_coursework(call: Call) -> Reply:
    """Delete a course item and everything under it."""
    store = call.store
    _, item = _coursework(call)
    table = store.table("courseworks")
    doomed = [item["id"]]
    while doomed:
        current = doomed.pop()
        table.pop(current, None)
        doomed.extend(i for i, c in table.items() if c.get("parent_id") == current)
    return Reply(204)


# -- posts, comments, reactions -------------------------------------------------------------------

_POST_UPDATE: Final = {"title": Field(str), "description": Field(str)}


def _post(call: Call, name: str = "id") -> Record:
    return call.store.get("posts", call.ident(name))


def _summary(description: str) -> str:
    text = description.replace("<p>", "").replace("</p>", " ").strip()
    return text[:140]


@router.get("/posts")
def list_posts(call: Call) -> Reply:
    """Posts and articles, optionally of one ``space_id``."""
    space_id = call.query_int("space_id")
    posts = [p for p in call.store.table("posts").values() if space_id in (None, p["space_id"])]
    return call.page(posts, render.public)


@router.post("/posts")
def create_post(call: Call) -> Reply:
    """Create a post in a space (``notify`` in the query); 404 for an unknown space."""
    store = call.store
    call.query_bool("notify")
    data = call.fields(
        {
            "space_id": Field(int, required=True),
            "title": Field(str, required=True),
            "description": Field(str),
            "post_type": Field(str),
        }
    )
    store.get("spaces", data["space_id"])
    post_type = check_choice("post_type", data.get("post_type", "post"), ("post", "article"))
    now = store.now()
    description = data.get("description", "")
    post = store.insert(
        "posts",
        {
            "creator_id": call.caller_id,
            "space_id": data["space_id"],
            "summary": _summary(description) or data["title"],
            "description": description,
            "post_type": post_type,
            "images": [],
            "title": data["title"],
            "status": "posted",
            "published_at": now,
            "last_activity_at": now,
            "content_type": "text",
            "comments_enabled": True,
        },
        at=now,
    )
    post["permalink"] = store.permalink("posts", post["id"])
    return Reply(201, render.public(post))


@router.get("/posts/{id}/")
def show_post(call: Call) -> Reply:
    """One post."""
    return Reply(200, render.public(_post(call)))


@router.patch("/posts/{id}/")
@router.put("/posts/{id}/")
def update_post(call: Call) -> Reply:
    """Edit a post's title or body."""
    store = call.store
    post = _post(call)
    call.query_bool("notify")
    data = call.fields(_POST_UPDATE)
    if "description" in data:
        data["summary"] = _summary(data["description"]) or post["title"]
    data["last_activity_at"] = store.now()
    return Reply(200, render.public(store.touch(post, data)))


@router.delete("/posts/{id}/")
def delete_post(call: Call) -> Reply:
    """Delete a post with its comments and reactions."""
    call.store.remove_post(_post(call)["id"])
    return Reply(204)


def _mute_target(call: Call) -> tuple[int, int]:
    post = _post(call, "post_id")
    user_id = call.query_int("user_id", required=True)
    assert user_id is not None  # noqa: S101 - required=True
    return post["id"], call.store.get("members", user_id)["id"]


@router.post("/posts/{post_id}/mute")
def mute_post(call: Call) -> Reply:
    """Stop notifications about a post for ``user_id``."""
    call.store.mutes.add(_mute_target(call))
    return Reply(204)


@router.delete("/posts/{post_id}/mute")
def unmute_post(call: Call) -> Reply:
    """Resume notifications about a post for ``user_id``."""
    call.store.mutes.discard(_mute_target(call))
    return Reply(204)


@router.get("/posts/{post_id}/comments")
def list_comments(call: Call) -> Reply:
    """The comments on a post."""
    store = call.store
    post = _post(call, "post_id")
    comments = [c for c in store.table("comments").values() if c["targetable_id"] == post["id"]]
    return call.page(comments, lambda r: render.comment(store, r))


@router.post("/posts/{post_id}/comments")
def create_comment(call: Call) -> Reply:
    """Comment on a post, or reply to one of its comments with ``reply_to_id``."""
    store = call.store
    post = _post(call, "post_id")
    if not post["comments_enabled"]:
        raise Refusal(422, f"comments are disabled on post {post['id']}")
    data = call.fields({"text": Field(str, required=True), "reply_to_id": Field(int)})
    depth = 0
    if "reply_to_id" in data:
        parent = store.get("comments", data["reply_to_id"])
        if parent["targetable_id"] != post["id"]:
            raise Refusal(422, f"comment {parent['id']} is not on post {post['id']}")
        depth = parent["depth"] + 1
    comment = store.insert(
        "comments",
        {
            "targetable_id": post["id"],
            "targetable_type": "Post",
            "text": data["text"],
            "replyable": True,
            "depth": depth,
            "author_id": call.caller_id,
            "space_id": post["space_id"],
            **({"reply_to_id": data["reply_to_id"]} if "reply_to_id" in data else {}),
        },
    )
    comment["permalink"] = f"{post['permalink']}#comment-{comment['id']}"
    store.touch(post, {"last_activity_at": store.now()})
    return Reply(201, render.comment(store, comment))


def _comment(call: Call) -> Record:
    post = _post(call, "post_id")
    comment = call.store.get("comments", call.ident("id"))
    if comment["targetable_id"] != post["id"]:
        raise Refusal(404, f"comment {comment['id']} not found on post {post['id']}")
    return comment


@router.get("/posts/{post_id}/comments/{id}/")
def show_comment(call: Call) -> Reply:
    """One comment."""
    return Reply(200, render.comment(call.store, _comment(call)))


@router.delete("/posts/{post_id}/comments/{id}/")
def delete_comment(call: Call) -> Reply:
    """Delete a comment and its reactions."""
    store = call.store
    comment = _comment(call)
    del store.table("comments")[comment["id"]]
    reactions = store.table("reactions")
    for reaction_id in [
        i
        for i, r in reactions.items()
        if r["targetable_type"] == "Comment" and r["targetable_id"] == comment["id"]
    ]:
        del reactions[reaction_id]
    return Reply(204)


def _reactions_on(store: Store, kind: str, target_id: int) -> list[Record]:
    return [
        r
        for r in store.table("reactions").values()
        if r["targetable_type"] == kind and r["targetable_id"] == target_id
    ]


def _react(call: Call, kind: str, target: Record) -> Reply:
    store = call.store
    emoji = call.fields({"emoji": Field(str, required=True)})["emoji"].strip()
    for mine in _reactions_on(store, kind, target["id"]):
        if mine["member_id"] == call.caller_id:
            store.touch(mine, {"emoji": emoji, "base_emoji": emoji})
            return Reply(201, render.public(mine))
    space_id = target["space_id"]
    reaction = store.insert(
        "reactions",
        {
            "space_id": space_id,
            "network_id": store.network_id,
            "targetable_id": target["id"],
            "targetable_type": kind,
            "targetable_space_id": space_id,
            "emoji": emoji,
            "base_emoji": emoji,
            "member_id": call.caller_id,
        },
    )
    return Reply(201, render.public(reaction))


def _unreact(call: Call, kind: str, target: Record) -> Reply:
    for mine in _reactions_on(call.store, kind, target["id"]):
        if mine["member_id"] == call.caller_id:
            del call.store.table("reactions")[mine["id"]]
            return Reply(204)
    raise Refusal(404, f"you have no reaction on {kind.lower()} {target['id']}")


@router.get("/posts/{post_id}/reactions")
def list_post_reactions(call: Call) -> Reply:
    """The reactions on a post."""
    return call.page(_reactions_on(call.store, "Post", _post(call, "post_id")["id"]), render.public)


@router.post("/posts/{post_id}/reactions")
def react_to_post(call: Call) -> Reply:
    """React to a post as the caller; a second reaction replaces the first."""
    return _react(call, "Post", _post(call, "post_id"))


@router.delete("/posts/{post_id}/reactions")
def unreact_post(call: Call) -> Reply:
    """Remove the caller's reaction from a post; 404 when there is none."""
    return _unreact(call, "Post", _post(call, "post_id"))


@router.get("/comments/{comment_id}/reactions")
def list_comment_reactions(call: Call) -> Reply:
    """The reactions on a comment."""
    comment = call.store.get("comments", call.ident("comment_id"))
    return call.page(_reactions_on(call.store, "Comment", comment["id"]), render.public)


@router.post("/comments/{comment_id}/reactions")
def react_to_comment(call: Call) -> Reply:
    """React to a comment as the caller; a second reaction replaces the first."""
    return _react(call, "Comment", call.store.get("comments", call.ident("comment_id")))


@router.delete("/comments/{comment_id}/reactions")
def unreact_comment(call: Call) -> Reply:
    """Remove the caller's reaction from a comment; 404 when there is none."""
    return _unreact(call, "Comment", call.store.get("comments", call.ident("comment_id")))


# -- polls ------------------------------------------------------------------------------------

_POLL_TYPES: Final = ("multiple_choice", "hot_cold", "percentage", "question")


def _poll(call: Call) -> Record:
    return call.store.get("polls", call.ident("id"))


@router.get("/polls")
def list_polls(call: Call) -> Reply:
    """Polls and questions, optionally of one ``space_id``."""
    store = call.store
    space_id = call.query_int("space_id")
    polls = [p for p in store.table("polls").values() if space_id in (None, p["_space_id"])]
    return call.page(polls, lambda r: render.poll(store, r))


@router.post("/polls")
def create_poll(call: Call) -> Reply:
    """Create a poll (with ``choices``) or an open question; 404 for an unknown space."""
    store = call.store
    data = call.fields(
        {
            "space_id": Field(int, required=True),
            "title": Field(str, required=True),
            "description": Field(str),
            "poll_type": Field(str, required=True),
            "choices": Field(list),
            "notify": Field(bool),
        }
    )
    store.get("spaces", data["space_id"])
    poll_type = check_choice("poll_type", data["poll_type"], _POLL_TYPES)
    choices = data.get("choices") or []
    if poll_type != "question" and (
        len(choices) < 2 or not all(isinstance(c, str) and c.strip() for c in choices)  # noqa: PLR2004
    ):
        raise Refusal(422, f"a {poll_type} poll needs at least two text choices")
    now = store.now()
    poll = store.insert(
        "polls",
        {
            "post_type": "question" if poll_type == "question" else "poll",
            "poll_type": poll_type,
            "title": data["title"],
            "images": [],
            "choices": [{"id": f"choice-{i + 1}", "text": c} for i, c in enumerate(choices)],
            "status": "posted",
            "published_at": now,
            "comments_enabled": True,
            "last_activity_at": now,
            "_creator_id": call.caller_id,
            "_space_id": data["space_id"],
            **({"description": data["description"]} if "description" in data else {}),
        },
        at=now,
    )
    poll["permalink"] = store.permalink("posts", poll["id"])
    return Reply(201, render.poll(store, poll))


@router.get("/polls/{id}/")
def show_poll(call: Call) -> Reply:
    """One poll."""
    return Reply(200, render.poll(call.store, _poll(call)))


@router.patch("/polls/{id}/")
@router.put("/polls/{id}/")
def update_poll(call: Call) -> Reply:
    """Edit a poll's title or description."""
    store = call.store
    poll = store.touch(_poll(call), call.fields(_POST_UPDATE))
    return Reply(200, render.poll(store, poll))


@router.delete("/polls/{id}/")
def delete_poll(call: Call) -> Reply:
    """Delete a poll."""
    del call.store.table("polls")[_poll(call)["id"]]
    return Reply(204)


# -- events and RSVPs -------------------------------------------------------------------------

_FREQUENCIES: Final = ("daily", "weekly", "monthly", "yearly")
_EVENT_FIELDS: Final = {
    "title": Field(str),
    "description": Field(str),
    "link": Field(str),
    "starts_at": Field(str),
    "ends_at": Field(str),
    "event_type": Field(str),
    "location": Field(str),
    "time_zone": Field(str),
    "rsvp_enabled": Field(bool),
    "rsvp_closed": Field(bool),
    "restricted_event": Field(bool),
    "post_in_feed": Field(bool),
    "frequency": Field(str),
    "interval": Field(int),
    "by_days": Field((str, int)),
    "by_month_days": Field((str, int)),
    "recurrence_count": Field(int),
    "recur_until": Field(str),
}


def _check_event(data: dict[str, Any], current: Record | None = None) -> dict[str, Any]:
    for name in ("starts_at", "ends_at", "recur_until"):
        if name in data:
            data[name] = check_timestamp(name, data[name])
    starts = data.get("starts_at", (current or {}).get("starts_at"))
    ends = data.get("ends_at", (current or {}).get("ends_at"))
    if starts and ends and datetime.fromisoformat(ends) < datetime.fromisoformat(starts):
        raise Refusal(422, "ends_at must not be before starts_at")
    if "frequency" in data:
        check_choice("frequency", data["frequency"], _FREQUENCIES)
    if "interval" in data and data["interval"] < 1:
        raise Refusal(422, "interval must be at least 1")
    rule = {
        k: data.pop(k)
        for k in ("by_days", "by_month_days", "recurrence_count", "recur_until")
        if k in data
    }
    frequency = data.get("frequency", (current or {}).get("frequency"))
    if frequency:
        parts = [f"FREQ={frequency.upper()}", f"INTERVAL={data.get('interval', 1)}"]
        if "by_days" in rule:
            parts.append(f"BYDAY={rule['by_days']}")
        if "by_month_days" in rule:
            parts.append(f"BYMONTHDAY={rule['by_month_days']}")
        if "recurrence_count" in rule:
            parts.append(f"COUNT={rule['recurrence_count']}")
        data["recurrence_rule"] = ";".join(parts)
    return data


def _event(call: Call, name: str = "id") -> Record:
    return call.store.get("events", call.ident(name))


@router.get("/events")
def list_events(call: Call) -> Reply:
    """Every event."""
    store = call.store
    return call.page(store.table("events").values(), lambda r: render.event(store, r))


@router.post("/events")
def create_event(call: Call) -> Reply:
    """Create an event in a space (200, not 201, as the spec says)."""
    store = call.store
    accepted = dict(_EVENT_FIELDS)
    for name in ("title", "starts_at", "ends_at", "event_type"):
        accepted[name] = Field(str, required=True)
    accepted["space_id"] = Field(int, required=True)
    data = call.fields(accepted)
    space_id = data.pop("space_id")
    if space_id not in store.table("spaces"):
        raise Refusal(422, f"space {space_id} does not exist")
    data = _check_event(data)
    event = store.insert(
        "events",
        {
            "post_type": "event",
            "images": [],
            "rsvp_enabled": True,
            "rsvp_closed": False,
            "restricted_event": False,
            "post_in_feed": True,
            **data,
            "_creator_id": call.caller_id,
            "_space_id": space_id,
        },
    )
    event["permalink"] = store.permalink("posts", event["id"])
    return Reply(200, render.event(store, event))


@router.get("/events/{id}/")
def show_event(call: Call) -> Reply:
    """One event."""
    return Reply(200, render.event(call.store, _event(call)))


@router.patch("/events/{id}/")
@router.put("/events/{id}/")
def update_event(call: Call) -> Reply:
    """Edit an event, its times or its recurrence."""
    store = call.store
    event = _event(call)
    data = _check_event(call.fields(_EVENT_FIELDS), event)
    return Reply(200, render.event(store, store.touch(event, data)))


@router.delete("/events/{id}/")
def delete_event(call: Call) -> Reply:
    """Delete an event with its RSVPs."""
    store = call.store
    event = _event(call)
    del store.table("events")[event["id"]]
    rsvps = store.table("rsvps")
    for rsvp_id in [i for i, r in rsvps.items() if r["_event_id"] == event["id"]]:
        del rsvps[rsvp_id]
    return Reply(204)


_RSVP: Final = {"member_id": Field(int), "status": Field(str), "instance_at": Field(str)}


def _rsvp_open(event: Record) -> None:
    if not event.get("rsvp_enabled", True) or event.get("rsvp_closed"):
        raise Refusal(403, f"RSVPs are closed for event {event['id']}")


@router.get("/events/{event_id}/rsvps")
def list_rsvps(call: Call) -> Reply:
    """An event's RSVPs; ``instance_at`` keeps one occurrence of a recurring event."""
    store = call.store
    event = _event(call, "event_id")
    instance = call.query.get("instance_at")
    wanted = check_timestamp("instance_at", instance) if instance else None
    rows = [
        r
        for r in store.table("rsvps").values()
        if r["_event_id"] == event["id"] and (wanted is None or r.get("_instance_at") == wanted)
    ]
    return call.page(rows, lambda r: render.rsvp(store, r))


@router.post("/events/{event_id}/rsvps")
def upsert_rsvp(call: Call) -> Reply:
    """Set a member's RSVP (creates or overwrites); 403 when RSVPs are closed."""
    store = call.store
    event = _event(call, "event_id")
    data = call.fields(
        {**_RSVP, "member_id": Field(int, required=True), "status": Field(str, required=True)}
    )
    member = store.get("members", data["member_id"])
    status = check_choice("status", data["status"], ("yes", "maybe", "no"))
    instance = (
        check_timestamp("instance_at", data["instance_at"]) if "instance_at" in data else None
    )
    _rsvp_open(event)
    now = store.now()
    for existing in store.table("rsvps").values():
        if (
            existing["_event_id"] == event["id"]
            and existing["_member_id"] == member["id"]
            and existing.get("_instance_at") == instance
        ):
            existing.update(status=status, updated=now)
            return Reply(200, render.rsvp(store, existing))
    record: Record = {
        "updated": now,
        "status": status,
        "_event_id": event["id"],
        "_member_id": member["id"],
        "_instance_at": instance,
    }
    return Reply(200, render.rsvp(store, store.insert("rsvps", record)))


def _rsvp(call: Call) -> tuple[Record, Record]:
    event = _event(call, "event_id")
    rsvp = call.store.get("rsvps", call.ident("id"))
    if rsvp["_event_id"] != event["id"]:
        raise Refusal(404, f"RSVP {rsvp['id']} not found for event {event['id']}")
    return event, rsvp


@router.get("/events/{event_id}/rsvps/{id}/")
def show_rsvp(call: Call) -> Reply:
    """One RSVP."""
    return Reply(200, render.rsvp(call.store, _rsvp(call)[1]))


@router.patch("/events/{event_id}/rsvps/{id}/")
@router.put("/events/{event_id}/rsvps/{id}/")
def update_rsvp(call: Call) -> Reply:
    """Change an RSVP's status; 403 when RSVPs are closed."""
    store = call.store
    event, rsvp = _rsvp(call)
    data = call.fields(_RSVP)
    if "member_id" in data and data["member_id"] != rsvp["_member_id"]:
        raise Refusal(422, "an RSVP cannot be moved to another member")
    if "status" in data:
        check_choice("status", data["status"], ("yes", "maybe", "no"))
        _rsvp_open(event)
        rsvp.update(status=data["status"], updated=store.now())
    if "instance_at" in data:
        rsvp["_instance_at"] = check_timestamp("instance_at", data["instance_at"])
    return Reply(200, render.rsvp(store, rsvp))


@router.delete("/events/{event_id}/rsvps/{id}/")
def delete_rsvp(call: Call) -> Reply:
    """Delete an RSVP."""
    _, rsvp = _rsvp(call)
    del call.store.table("rsvps")[rsvp["id"]]
    return Reply(204)


# -- assets and abuse reports -------------------------------------------------------------------


@router.post("/assets")
def upload_asset(call: Call) -> Reply:
    """Store an upload (multipart ``asset_file``) or a ``source_url``; answers its id and URL."""
    store = call.store
    form = call.body if isinstance(call.body, dict) else {}
    style = form.get("asset_style")
    if style is not None:
        check_choice("asset_style", str(style), ASSET_STYLES)
    upload, source = form.get("asset_file"), form.get("source_url")
    if isinstance(upload, Upload):
        if len(upload.data) > MAX_ASSET_BYTES:
            raise Refusal(422, "the file is larger than 25 MB")
        name = PurePosixPath(upload.filename).name or "upload"
    elif isinstance(source, str) and source.strip():
        parts = urlsplit(source.strip())
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise Refusal(422, f"source_url is not an http(s) URL: {source!r}")
        name = PurePosixPath(parts.path).name or "download"
    else:
        raise Refusal(422, "give an asset_file part or a source_url")
    asset = store.insert("assets", {"type": "Asset", "name": name, "_style": style})
    asset["url"] = f"https://assets.sandbox.test/uploads/{asset['id']}/{name}"
    return Reply(201, {k: asset[k] for k in ("id", "url", "type", "name")})


@router.get("/abuse_reports")
def list_abuse_reports(call: Call) -> Reply:
    """Every abuse report."""
    return call.page(call.store.table("abuse_reports").values(), render.public)
