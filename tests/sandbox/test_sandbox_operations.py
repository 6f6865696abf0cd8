"""Every operation of the spec, called on a fresh sandbox, answers what the spec says."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import attrs
import httpx
import pytest

from mighty_async.testing import Sandbox
from mighty_async.testing._app import sandbox_router

from ..support.schemas import SpecValidator
from ..support.spec import operation_table, response_schema_name, success
from .seeded import Ids

pytestmark = [pytest.mark.anyio, pytest.mark.spec]

ROUTE_KEYS = sorted({(r.method, r.template) for r in sandbox_router().routes})


@attrs.frozen
class Req:
    """How to call one operation: path ids, query, body, and an optional setup step."""

    params: dict[str, int] = attrs.field(factory=dict)
    query: dict[str, str] = attrs.field(factory=dict)
    json: Any = None
    files: Any = None
    data: Any = None
    setup: Callable[[httpx.AsyncClient, str], Awaitable[None]] | None = None


def _react(path: str) -> Callable[[httpx.AsyncClient, str], Awaitable[None]]:
    async def setup(http: httpx.AsyncClient, prefix: str) -> None:
        response = await http.post(prefix + path, json={"emoji": "👍"})
        assert response.status_code == 201

    return setup


def _new_collection(holder: dict[str, int]) -> Callable[[httpx.AsyncClient, str], Awaitable[None]]:
    async def setup(http: httpx.AsyncClient, prefix: str) -> None:
        response = await http.post(prefix + "/collections", json={"name": "Empty"})
        holder["id"] = response.json()["id"]

    return setup


def cases(ids: Ids) -> dict[tuple[str, str], Req]:
    """One request per operation that the seeded sandbox can satisfy."""
    other = ids.other
    space, space_member = ids.space_with_member()
    post, comment = ids.post_with_comment()
    tagged, tag = ids.tagged()
    badged, badge = ids.badged()
    event, rsvp = ids.rsvp()
    field, option = ids.dropdown()
    answer_field, answerer, answer = ids.answered()
    free_plan, free_member = ids.plan_holder("free")
    premium, premium_member = ids.plan_holder("subscription")
    plan_invite = ids.pending("plan_invites")
    invite = ids.pending("invites")["id"]
    lesson = ids.first("courseworks", type="lesson")["id"]
    collection, ordered_space = ids.collection_with_spaces()
    tag_not_held = next(
        t for t in ids.store.tables["tags"] if t not in ids.store.member_tags[tagged]
    )
    badge_not_held = next(
        b for b in ids.store.tables["badges"] if b not in ids.store.member_badges[badged]
    )
    subscription = ids.first("subscriptions", _state="active")["id"]
    purchase = ids.first("purchases", payment_platform="stripe")["id"]
    asset = ids.rows("assets")[0]["id"]
    empty: dict[str, int] = {}
    starts, ends = "2030-03-15T14:00:00Z", "2030-03-15T16:00:00+00:00"
    table: dict[tuple[str, str], Req] = {
        ("GET", "/"): Req(),
        ("GET", "/me"): Req(),
        ("GET", "/members"): Req(query={"per_page": "10"}),
        ("POST", "/members"): Req(
            json={
                "email": "new.person@example.com",
                "first_name": "New",
                "last_name": "Person",
                "role": "moderator",
            }
        ),
        ("GET", "/members/by_email"): Req(query={"email": ids.sandbox.owner["email"].upper()}),
        ("GET", "/members/{id}/"): Req({"id": other}),
        ("PATCH", "/members/{id}/"): Req({"id": other}, json={"first_name": "Renamed"}),
        ("PUT", "/members/{id}/"): Req({"id": other}, json={"role": "moderator"}),
        ("DELETE", "/members/{id}/"): Req({"id": other}),
        ("DELETE", "/members/{id}/network_membership"): Req(
            {"id": premium_member}, query={"cancel_plans": "true"}
        ),
        ("POST", "/members/{member_id}/password_resets"): Req({"member_id": other}),
        ("GET", "/members/{member_id}/spaces"): Req({"member_id": space_member}),
        ("GET", "/members/{member_id}/plans"): Req({"member_id": premium_member}),
        ("GET", "/members/{member_id}/tags"): Req({"member_id": tagged}),
        ("POST", "/members/{member_id}/tags"): Req(
            {"member_id": tagged}, json={"tag_id": tag_not_held}
        ),
        ("GET", "/members/{member_id}/tags/{tag_id}/"): Req({"member_id": tagged, "tag_id": tag}),
        ("DELETE", "/members/{member_id}/tags/{tag_id}/"): Req(
            {"member_id": tagged, "tag_id": tag}
        ),
        ("GET", "/members/{member_id}/badges"): Req({"member_id": badged}),
        ("POST", "/members/{member_id}/badges"): Req(
            {"member_id": badged}, json={"badge_id": badge_not_held}
        ),
        ("GET", "/members/{member_id}/badges/{badge_id}/"): Req(
            {"member_id": badged, "badge_id": badge}
        ),
        ("DELETE", "/members/{member_id}/badges/{badge_id}/"): Req(
            {"member_id": badged, "badge_id": badge}
        ),
        ("GET", "/spaces/{space_id}/members"): Req({"space_id": space}),
        ("POST", "/spaces/{space_id}/members"): Req(
            {"space_id": space}, query={"user_id": str(ids.member_outside(space))}
        ),
        ("GET", "/spaces/{space_id}/members/{user_id}/"): Req(
            {"space_id": space, "user_id": space_member}
        ),
        ("PATCH", "/spaces/{space_id}/members/{user_id}/"): Req(
            {"space_id": space, "user_id": space_member}, json={"role": "moderator"}
        ),
        ("PUT", "/spaces/{space_id}/members/{user_id}/"): Req(
            {"space_id": space, "user_id": space_member}, json={"last_name": "Changed"}
        ),
        ("DELETE", "/spaces/{space_id}/members/{user_id}/"): Req(
            {"space_id": space, "user_id": space_member}
        ),
        ("POST", "/spaces/{space_id}/members/{user_id}/ban"): Req(
            {"space_id": space, "user_id": space_member}, json={"ban_reason": "spam"}
        ),
        ("GET", "/spaces/{space_id}/courseworks"): Req(
            {"space_id": ids.course}, query={"type": "lesson"}
        ),
        ("POST", "/spaces/{space_id}/courseworks"): Req(
            {"space_id": ids.course}, json={"type": "lesson", "title": "New lesson"}
        ),
        ("GET", "/spaces/{space_id}/courseworks/{id}/"): Req(
            {"space_id": ids.course, "id": lesson}
        ),
        ("PATCH", "/spaces/{space_id}/courseworks/{id}/"): Req(
            {"space_id": ids.course, "id": lesson}, json={"status": "hidden"}
        ),
        ("PUT", "/spaces/{space_id}/courseworks/{id}/"): Req(
            {"space_id": ids.course, "id": lesson}, json={"title": "Renamed"}
        ),
        ("DELETE", "/spaces/{space_id}/courseworks/{id}/"): Req(
            {"space_id": ids.course, "id": lesson}
        ),
        ("GET", "/posts/{post_id}/reactions"): Req({"post_id": post}),
        ("POST", "/posts/{post_id}/reactions"): Req({"post_id": post}, json={"emoji": "🎉"}),
        ("DELETE", "/posts/{post_id}/reactions"): Req(
            {"post_id": post}, setup=_react(f"/posts/{post}/reactions")
        ),
        ("POST", "/posts/{post_id}/mute"): Req({"post_id": post}, query={"user_id": str(other)}),
        ("DELETE", "/posts/{post_id}/mute"): Req({"post_id": post}, query={"user_id": str(other)}),
        ("GET", "/posts/{post_id}/comments"): Req({"post_id": post}),
        ("POST", "/posts/{post_id}/comments"): Req(
            {"post_id": post}, json={"text": "Nice!", "reply_to_id": comment}
        ),
        ("GET", "/posts/{post_id}/comments/{id}/"): Req({"post_id": post, "id": comment}),
        ("DELETE", "/posts/{post_id}/comments/{id}/"): Req({"post_id": post, "id": comment}),
        ("GET", "/comments/{comment_id}/reactions"): Req({"comment_id": comment}),
        ("POST", "/comments/{comment_id}/reactions"): Req(
            {"comment_id": comment}, json={"emoji": "👏"}
        ),
        ("DELETE", "/comments/{comment_id}/reactions"): Req(
            {"comment_id": comment}, setup=_react(f"/comments/{comment}/reactions")
        ),
        ("GET", "/plans"): Req(),
        ("GET", "/plans/{id}/"): Req({"id": premium}),
        ("DELETE", "/plans/{id}/"): Req({"id": free_plan}),
        ("GET", "/plans/{plan_id}/members"): Req({"plan_id": premium}),
        ("POST", "/plans/{plan_id}/members"): Req(
            {"plan_id": free_plan}, query={"user_id": str(ids.owner)}
        ),
        ("GET", "/plans/{plan_id}/members/{member_id}/"): Req(
            {"plan_id": premium, "member_id": premium_member}
        ),
        ("DELETE", "/plans/{plan_id}/members/{id}/"): Req(
            {"plan_id": free_plan, "id": free_member}
        ),
        ("GET", "/plans/{plan_id}/invites"): Req({"plan_id": plan_invite["_plan_id"]}),
        ("POST", "/plans/{plan_id}/invites"): Req(
            {"plan_id": premium}, query={"email": "friend@example.com", "message": "Hi"}
        ),
        ("GET", "/plans/{plan_id}/invites/{id}/"): Req(
            {"plan_id": plan_invite["_plan_id"], "id": plan_invite["id"]}
        ),
        ("PATCH", "/plans/{plan_id}/invites/{id}/"): Req(
            {"plan_id": plan_invite["_plan_id"], "id": plan_invite["id"]}
        ),
        ("PUT", "/plans/{plan_id}/invites/{id}/"): Req(
            {"plan_id": plan_invite["_plan_id"], "id": plan_invite["id"]}
        ),
        ("DELETE", "/plans/{plan_id}/invites/{id}/"): Req(
            {"plan_id": plan_invite["_plan_id"], "id": plan_invite["id"]}
        ),
        ("GET", "/invites"): Req(query={"email": ids.pending("invites")["recipient_email"]}),
        ("POST", "/invites"): Req(
            json={"recipient_email": "guest@example.com", "recipient_first_name": "Gus"}
        ),
        ("PATCH", "/invites/{id}/"): Req({"id": invite}, json={"recipient_first_name": "Sam"}),
        ("PUT", "/invites/{id}/"): Req({"id": invite}, json={"recipient_email": "sam@example.com"}),
        ("DELETE", "/invites/{id}/"): Req({"id": invite}),
        ("GET", "/subscriptions"): Req(query={"member_id": str(premium_member)}),
        ("GET", "/subscriptions/{id}"): Req({"id": subscription}),
        ("DELETE", "/subscriptions/{id}"): Req({"id": subscription}, query={"when": "now"}),
        ("GET", "/purchases"): Req(),
        ("GET", "/purchases/{id}/"): Req({"id": purchase}),
        ("DELETE", "/purchases/{id}/"): Req({"id": purchase}, query={"immediate": "true"}),
        ("GET", "/tags"): Req(),
        ("POST", "/tags"): Req(json={"title": "Alumni", "color": "#000000"}),
        ("GET", "/tags/{id}/"): Req({"id": tag}),
        ("PATCH", "/tags/{id}/"): Req({"id": tag}, json={"description": "changed"}),
        ("PUT", "/tags/{id}/"): Req({"id": tag}, json={"title": "Renamed"}),
        ("DELETE", "/tags/{id}/"): Req({"id": tag}),
        ("GET", "/badges"): Req(),
        ("POST", "/badges"): Req(json={"title": "Helper", "avatar_id": asset}),
        ("GET", "/badges/{id}/"): Req({"id": badge}),
        ("PATCH", "/badges/{id}/"): Req({"id": badge}, json={"color": "#123456"}),
        ("PUT", "/badges/{id}/"): Req({"id": badge}, json={"avatar_id": asset}),
        ("DELETE", "/badges/{id}/"): Req({"id": badge}),
        ("GET", "/spaces"): Req(),
        ("POST", "/spaces"): Req(json={"name": "New space"}),
        ("GET", "/spaces/{id}"): Req({"id": space}),
        ("PATCH", "/spaces/{id}"): Req({"id": space}, json={"name": "Renamed"}),
        ("PUT", "/spaces/{id}"): Req({"id": space}, json={"collection_id": collection}),
        ("DELETE", "/spaces/{id}"): Req({"id": ids.plain_space}),
        ("GET", "/collections"): Req(),
        ("POST", "/collections"): Req(json={"name": "Extras", "visible_to_members": False}),
        ("GET", "/collections/{id}/"): Req({"id": collection}),
        ("PATCH", "/collections/{id}/"): Req({"id": collection}, json={"description": "changed"}),
        ("PUT", "/collections/{id}/"): Req({"id": collection}, json={"name": "Renamed"}),
        ("DELETE", "/collections/{id}/"): Req(empty, setup=_new_collection(empty)),
        ("PUT", "/collections/{id}/order"): Req(
            {"id": collection}, json={"spaces": [{"space_id": ordered_space, "position": 9}]}
        ),
        ("GET", "/posts"): Req(query={"space_id": str(ids.rows("posts")[0]["space_id"])}),
        ("POST", "/posts"): Req(
            query={"notify": "false"},
            json={"space_id": space, "title": "Hello", "description": "<p>Hi</p>"},
        ),
        ("GET", "/posts/{id}/"): Req({"id": post}),
        ("PATCH", "/posts/{id}/"): Req(
            {"id": post}, query={"notify": "true"}, json={"title": "Edited"}
        ),
        ("PUT", "/posts/{id}/"): Req({"id": post}, json={"description": "<p>Edited</p>"}),
        ("DELETE", "/posts/{id}/"): Req({"id": post}),
        ("GET", "/polls"): Req(),
        ("POST", "/polls"): Req(
            json={
                "space_id": space,
                "title": "Pick one",
                "poll_type": "multiple_choice",
                "choices": ["A", "B"],
            }
        ),
        ("GET", "/polls/{id}/"): Req({"id": ids.rows("polls")[0]["id"]}),
        ("PATCH", "/polls/{id}/"): Req(
            {"id": ids.rows("polls")[0]["id"]}, json={"title": "Edited"}
        ),
        ("PUT", "/polls/{id}/"): Req(
            {"id": ids.rows("polls")[1]["id"]}, json={"description": "More"}
        ),
        ("DELETE", "/polls/{id}/"): Req({"id": ids.rows("polls")[0]["id"]}),
        ("GET", "/events"): Req(),
        ("POST", "/events"): Req(
            json={
                "title": "Meetup",
                "starts_at": starts,
                "ends_at": ends,
                "event_type": "online_meeting",
                "space_id": space,
                "frequency": "weekly",
                "by_days": "MO,WE",
            }
        ),
        ("GET", "/events/{id}/"): Req({"id": event}),
        ("PATCH", "/events/{id}/"): Req({"id": event}, json={"location": "Berlin"}),
        ("PUT", "/events/{id}/"): Req({"id": event}, json={"frequency": "monthly", "interval": 2}),
        ("DELETE", "/events/{id}/"): Req({"id": event}),
        ("GET", "/events/{event_id}/rsvps"): Req({"event_id": event}),
        ("POST", "/events/{event_id}/rsvps"): Req(
            {"event_id": event}, json={"member_id": other, "status": "maybe", "instance_at": starts}
        ),
        ("GET", "/events/{event_id}/rsvps/{id}/"): Req({"event_id": event, "id": rsvp}),
        ("PATCH", "/events/{event_id}/rsvps/{id}/"): Req(
            {"event_id": event, "id": rsvp}, json={"status": "no"}
        ),
        ("PUT", "/events/{event_id}/rsvps/{id}/"): Req(
            {"event_id": event, "id": rsvp},
            json={"member_id": ids.store.tables["rsvps"][rsvp]["_member_id"], "status": "yes"},
        ),
        ("DELETE", "/events/{event_id}/rsvps/{id}/"): Req({"event_id": event, "id": rsvp}),
        ("GET", "/custom_fields"): Req(query={"response_type": "tag"}),
        ("POST", "/custom_fields"): Req(
            json={
                "title": "Skills",
                "response_type": "dropdown_multi_select",
                "privacy": "public",
                "response_by": "individual_member",
                "max_responses": 3,
                "options": ["Python", "Go"],
            }
        ),
        ("GET", "/custom_fields/{id}/"): Req({"id": field}),
        ("PATCH", "/custom_fields/{id}/"): Req({"id": field}, json={"status": "hidden"}),
        ("PUT", "/custom_fields/{id}/"): Req({"id": field}, json={"title": "Colour"}),
        ("DELETE", "/custom_fields/{id}/"): Req({"id": field}),
        ("GET", "/custom_fields/{custom_field_id}/options"): Req(
            {"custom_field_id": field}, query={"term": "r"}
        ),
        ("POST", "/custom_fields/{custom_field_id}/options"): Req(
            {"custom_field_id": field}, json={"title": "Purple"}
        ),
        ("GET", "/custom_fields/{custom_field_id}/options/{id}/"): Req(
            {"custom_field_id": field, "id": option}
        ),
        ("PATCH", "/custom_fields/{custom_field_id}/options/{id}/"): Req(
            {"custom_field_id": field, "id": option}, json={"description": "warm"}
        ),
        ("PUT", "/custom_fields/{custom_field_id}/options/{id}/"): Req(
            {"custom_field_id": field, "id": option}, json={"title": "Crimson"}
        ),
        ("DELETE", "/custom_fields/{custom_field_id}/options/{id}/"): Req(
            {"custom_field_id": field, "id": option}
        ),
        ("GET", "/custom_fields/{custom_field_id}/members/{member_id}/answers"): Req(
            {"custom_field_id": answer_field, "member_id": answerer}
        ),
        ("POST", "/custom_fields/{custom_field_id}/members/{member_id}/answers"): Req(
            {"custom_field_id": answer_field, "member_id": other}, json={"segment_ids": [option]}
        ),
        ("DELETE", "/custom_fields/{custom_field_id}/members/{member_id}/answers"): Req(
            {"custom_field_id": answer_field, "member_id": answerer}
        ),
        ("GET", "/custom_fields/{custom_field_id}/members/{member_id}/answers/{id}/"): Req(
            {"custom_field_id": answer_field, "member_id": answerer, "id": answer}
        ),
        ("POST", "/assets"): Req(
            files={"asset_file": ("logo.png", b"\x89PNG fake", "image/png")},
            data={"asset_style": "avatar"},
        ),
        ("GET", "/abuse_reports"): Req(),
    }
    return table


def test_route_table_is_the_spec(openapi_spec):
    """The sandbox routes exactly the spec's 137 (method, path) pairs, slashes included."""
    assert set(ROUTE_KEYS) == set(operation_table(openapi_spec))
    assert len(ROUTE_KEYS) == 137


def test_every_operation_has_a_case():
    """The case table covers every route, so no operation escapes the schema check."""
    sandbox = Sandbox(seed=3, members=30, posts=6, events=3)
    assert set(cases(Ids(sandbox))) == set(ROUTE_KEYS)


@pytest.fixture(scope="module")
def validator(openapi_spec):
    """A validator over the spec's schemas (built once: the registry is not cheap)."""
    return SpecValidator(openapi_spec)


def _http(sandbox: Sandbox) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=sandbox.base_url,
        headers={"Authorization": f"Bearer {sandbox.token}", "User-Agent": "mighty-async tests"},
    )


@pytest.mark.parametrize(
    ("method", "template"), ROUTE_KEYS, ids=[f"{m} {t}" for m, t in ROUTE_KEYS]
)
async def test_operation_answers_per_spec(method, template, openapi_spec, validator):
    """The operation answers the spec's success status with a body valid against its schema."""
    sandbox = Sandbox(seed=3, members=30, posts=6, events=3)
    request = cases(Ids(sandbox))[(method, template)]
    prefix = f"/admin/v1/networks/{sandbox.network_id}"
    async with _http(sandbox) as http:
        if request.setup is not None:
            await request.setup(http, prefix)
        path = prefix + template.format(**request.params)
        response = await http.request(
            method,
            path,
            params=request.query,
            json=request.json,
            files=request.files,
            data=request.data,
        )
    operation = operation_table(openapi_spec)[(method, template)]
    status, _ = success(openapi_spec, operation)
    schema = response_schema_name(operation)
    assert response.status_code == status, response.text
    if schema is None:
        assert response.content == b""
    else:
        assert validator.errors(schema, response.json()) == []


ID_ROUTES = [key for key in ROUTE_KEYS if "{" in key[1]]


@pytest.mark.parametrize(("method", "template"), ID_ROUTES, ids=[f"{m} {t}" for m, t in ID_ROUTES])
async def test_unknown_id_is_404(method, template, validator):
    """An id that does not exist answers 404 with the API's error body."""
    sandbox = Sandbox(seed=3, members=30, posts=6, events=3)
    request = cases(Ids(sandbox))[(method, template)]
    params = {**request.params}
    params.setdefault("id", 0)
    last = template.rsplit("{", 1)[1].split("}", 1)[0]
    params[last] = 987654321
    async with _http(sandbox) as http:
        response = await http.request(
            method,
            f"/admin/v1/networks/{sandbox.network_id}" + template.format(**params),
            params=request.query,
            json=request.json,
            files=request.files,
            data=request.data,
        )
    assert response.status_code == 404, response.text
    assert validator.errors("ErrorResponse", response.json()) == []
    assert response.json()["status"] == 404
