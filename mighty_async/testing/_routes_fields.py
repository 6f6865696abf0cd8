"""Routes for profile custom fields: the fields, their dropdown options, and members' answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from . import _render as render
from ._call import Field, Refusal, Reply, check_choice
from ._router import Router

if TYPE_CHECKING:
    from ._call import Call
    from ._store import Record

__all__ = ["router"]

router = Router()
"""This module's operations; the app copies them into its own table."""

RESPONSE_TYPES: Final = (
    "dropdown_single_select",
    "dropdown_multi_select",
    "text_short",
    "text_long",
)
SYSTEM_TYPES: Final = ("tag", "badge")
_DROPDOWNS: Final = ("dropdown_single_select", "dropdown_multi_select")
_MAX_MULTI: Final = (2, 40)

_FIELD_UPDATE: Final = {
    "title": Field(str),
    "description": Field(str),
    "placeholder": Field(str),
    "status": Field(str),
    "notify_all_members": Field(bool),
    "primary": Field(bool),
}
_FIELD_CREATE: Final = {
    "title": Field(str, required=True),
    "description": Field(str),
    "placeholder": Field(str),
    "response_type": Field(str, required=True),
    "privacy": Field(str, required=True),
    "response_by": Field(str, required=True),
    "allow_ad_hoc": Field(bool),
    "max_responses": Field(int),
    "options": Field(list),
}
_OPTION: Final = {"title": Field(str), "description": Field(str)}


def _field_body(record: Record) -> dict[str, Any]:
    return {k: record[k] for k in ("id", "created_at", "updated_at", "title", "response_type")}


def _field(call: Call, name: str = "id") -> Record:
    return call.store.get("custom_fields", call.ident(name))


def _editable(field: Record) -> Record:
    if field.get("_system"):
        raise Refusal(403, f"custom field {field['id']} is a system field and cannot be changed")
    return field


def _new_option(call: Call, field: Record, title: str, description: str | None = None) -> Record:
    for option in call.store.table("options").values():
        if option["custom_field_id"] == field["id"] and option["title"].lower() == title.lower():
            raise Refusal(422, f"custom field {field['id']} already has an option {title!r}")
    record: Record = {
        "title": title,
        "custom_field_id": field["id"],
        "is_ad_hoc": False,
        "creator_id": call.caller_id,
    }
    if description is not None:
        record["description"] = description
    return call.store.insert("options", record)


@router.get("/custom_fields")
def list_custom_fields(call: Call) -> Reply:
    """Every custom field; a known ``response_type`` filters, an unknown one is ignored."""
    fields = list(call.store.table("custom_fields").values())
    wanted = call.query.get("response_type", "")
    if wanted in RESPONSE_TYPES + SYSTEM_TYPES:
        fields = [f for f in fields if f["response_type"] == wanted]
    return call.page(fields, _field_body)


@router.post("/custom_fields")
def create_custom_field(call: Call) -> Reply:
    """Create a dropdown or text field (with its options); 422 for unknown kinds."""
    data = call.fields(_FIELD_CREATE)
    kind = check_choice("response_type", data["response_type"], RESPONSE_TYPES)
    check_choice("privacy", data["privacy"], ("public", "private", "admin"))
    check_choice("response_by", data["response_by"], ("hosts_only", "individual_member"))
    limit = data.get("max_responses")
    if (
        limit is not None
        and kind == "dropdown_multi_select"
        and not (_MAX_MULTI[0] <= limit <= _MAX_MULTI[1])
    ):
        raise Refusal(422, "max_responses must be between 2 and 40")
    options = data.get("options") or []
    if not all(isinstance(o, str) and o.strip() for o in options):
        raise Refusal(422, "options must be a list of non-empty strings")
    if options and kind not in _DROPDOWNS:
        raise Refusal(422, "only dropdown fields have options")
    field = call.store.insert(
        "custom_fields",
        {
            "title": data["title"],
            "response_type": kind,
            "_system": False,
            "_status": "hidden",
            "_max_responses": limit,
            **{
                f"_{k}": data[k]
                for k in ("description", "placeholder", "privacy", "response_by")
                if k in data
            },
        },
    )
    for title in options:
        _new_option(call, field, title)
    return Reply(201, _field_body(field))


@router.get("/custom_fields/{id}/")
def show_custom_field(call: Call) -> Reply:
    """One custom field."""
    return Reply(200, _field_body(_field(call)))


@router.patch("/custom_fields/{id}/")
@router.put("/custom_fields/{id}/")
def update_custom_field(call: Call) -> Reply:
    """Edit a field; 403 for the system tag and badge fields."""
    field = _editable(_field(call))
    data = call.fields(_FIELD_UPDATE)
    if "status" in data:
        check_choice("status", data["status"], ("visible", "hidden", "billing_disabled"))
    changes = {("title" if k == "title" else f"_{k}"): v for k, v in data.items()}
    return Reply(200, _field_body(call.store.touch(field, changes)))


@router.delete("/custom_fields/{id}/")
def delete_custom_field(call: Call) -> Reply:
    """Delete a field with its options and answers; 403 for system fields."""
    store = call.store
    field = _editable(_field(call))
    del store.table("custom_fields")[field["id"]]
    for table in ("options", "answers"):
        rows = store.table(table)
        for record_id in [i for i, r in rows.items() if r["custom_field_id"] == field["id"]]:
            del rows[record_id]
    return Reply(204)


# -- options ----------------------------------------------------------------------------------


def _option(call: Call) -> tuple[Record, Record]:
    field = _field(call, "custom_field_id")
    option = call.store.get("options", call.ident("id"))
    if option["custom_field_id"] != field["id"]:
        raise Refusal(404, f"option {option['id']} not found in custom field {field['id']}")
    return field, option


@router.get("/custom_fields/{custom_field_id}/options")
def list_options(call: Call) -> Reply:
    """A field's options; ``term`` keeps those whose title contains it."""
    store = call.store
    field = _field(call, "custom_field_id")
    term = call.query.get("term", "").strip().lower()
    options = [
        o
        for o in store.table("options").values()
        if o["custom_field_id"] == field["id"] and term in o["title"].lower()
    ]
    return call.page(options, lambda r: render.option(store, r))


@router.post("/custom_fields/{custom_field_id}/options")
def create_option(call: Call) -> Reply:
    """Add an option to a dropdown field; 422 for other fields or a duplicate title."""
    field = _field(call, "custom_field_id")
    if field["response_type"] not in _DROPDOWNS:
        raise Refusal(422, f"custom field {field['id']} is not a dropdown")
    data = call.fields({**_OPTION, "title": Field(str, required=True)})
    option = _new_option(call, field, data["title"], data.get("description"))
    return Reply(201, render.option(call.store, option))


@router.get("/custom_fields/{custom_field_id}/options/{id}/")
def show_option(call: Call) -> Reply:
    """One option."""
    return Reply(200, render.option(call.store, _option(call)[1]))


@router.patch("/custom_fields/{custom_field_id}/options/{id}/")
@router.put("/custom_fields/{custom_field_id}/options/{id}/")
def update_option(call: Call) -> Reply:
    """Edit an option."""
    _, option = _option(call)
    call.store.touch(option, call.fields(_OPTION))
    return Reply(200, render.option(call.store, option))


@router.delete("/custom_fields/{custom_field_id}/options/{id}/")
def delete_option(call: Call) -> Reply:
    """Delete an option and drop it from every answer."""
    store = call.store
    _, option = _option(call)
    del store.table("options")[option["id"]]
    for answer in store.table("answers").values():
        if option["id"] in answer.get("_segment_ids", ()):
            answer["_segment_ids"] = [i for i in answer["_segment_ids"] if i != option["id"]]
    return Reply(204)


# -- answers ----------------------------------------------------------------------------------


def _answer_target(call: Call) -> tuple[Record, Record, Record | None]:
    store = call.store
    field = _field(call, "custom_field_id")
    member = store.get("members", call.ident("member_id"))
    existing = next(
        (
            a
            for a in store.table("answers").values()
            if a["custom_field_id"] == field["id"] and a["user_id"] == member["id"]
        ),
        None,
    )
    return field, member, existing


def _segments(call: Call, field: Record, ids: list[Any]) -> list[int]:
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise Refusal(422, "segment_ids must be a list of integers")
    options = call.store.table("options")
    for option_id in ids:
        if options.get(option_id, {}).get("custom_field_id") != field["id"]:
            raise Refusal(422, f"{option_id} is not an option of custom field {field['id']}")
    if not ids:
        raise Refusal(422, "segment_ids is required for a dropdown field")
    if field["response_type"] == "dropdown_single_select" and len(ids) > 1:
        raise Refusal(422, "a single-select field takes exactly one segment id")
    limit = field.get("_max_responses")
    if limit and len(ids) > limit:
        raise Refusal(422, f"at most {limit} options may be chosen")
    return list(dict.fromkeys(ids))


@router.get("/custom_fields/{custom_field_id}/members/{member_id}/answers")
def list_answers(call: Call) -> Reply:
    """A member's answer to a field, as a page of zero or one."""
    _, _, existing = _answer_target(call)
    return call.page([existing] if existing else [], lambda r: render.answer(call.store, r))


@router.post("/custom_fields/{custom_field_id}/members/{member_id}/answers")
def upsert_answer(call: Call) -> Reply:
    """Set a member's answer (creates or replaces); 403 for system fields, 422 for bad values."""
    store = call.store
    field, member, existing = _answer_target(call)
    _editable(field)
    data = call.fields({"text": Field(str), "segment_ids": Field(list)})
    changes: dict[str, Any] = {"last_edited_at": store.now()}
    if field["response_type"] in _DROPDOWNS:
        changes["_segment_ids"] = _segments(call, field, data.get("segment_ids") or [])
    else:
        text = data.get("text", "").strip()
        if not text:
            raise Refusal(422, "text is required for a text field")
        changes["text"] = text
    if existing is not None:
        answer = store.touch(existing, changes)
    else:
        answer = store.insert(
            "answers",
            {
                "user_id": member["id"],
                "custom_field_id": field["id"],
                "_segment_ids": [],
                **changes,
            },
        )
    return Reply(200, render.answer(store, answer))


@router.delete("/custom_fields/{custom_field_id}/members/{member_id}/answers")
def clear_answer(call: Call) -> Reply:
    """Clear a member's answer; 403 for system fields, 404 when there is none."""
    field, member, existing = _answer_target(call)
    _editable(field)
    if existing is None:
        raise Refusal(404, f"member {member['id']} has no answer to custom field {field['id']}")
    del call.store.table("answers")[existing["id"]]
    return Reply(204)


@router.get("/custom_fields/{custom_field_id}/members/{member_id}/answers/{id}/")
def show_answer(call: Call) -> Reply:
    """One answer by id."""
    _, _, existing = _answer_target(call)
    answer_id = call.ident("id")
    if existing is None or existing["id"] != answer_id:
        raise Refusal(404, f"answer {answer_id} not found")
    return Reply(200, render.answer(call.store, existing))
