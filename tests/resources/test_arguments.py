"""How resource methods turn arguments into requests, and answers into results."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from mighty_async import NOT_GIVEN, ConfigurationError, Page
from mighty_async.resources._base import comma_list, given, id_list
from tests.resources._mock import body, path, recording_client

pytestmark = pytest.mark.anyio

SPACE = {"id": 7, "name": "Readers"}
EVENT = {"id": 31, "title": "Meetup"}
SUBSCRIPTION = {"member_id": 42, "subscription": {"id": 9001}}
INVITE = {"id": 3, "recipient_email": "ada@example.com"}


def test_given_drops_only_not_given_and_renders_times():
    """``given`` leaves out NOT_GIVEN, keeps None and False, and writes times as ISO-8601."""
    when = datetime(2026, 3, 2, 18, tzinfo=UTC)
    assert given(a=NOT_GIVEN, b=None, c=False, d=when) == {
        "b": None,
        "c": False,
        "d": "2026-03-02T18:00:00+00:00",
    }


def test_list_helpers_shape_friendly_inputs():
    """Day lists become comma strings and id iterables JSON lists; strings pass through."""
    assert comma_list(["MO", "WE"]) == "MO,WE"
    assert comma_list((1, 15)) == "1,15"
    assert comma_list("SU") == "SU"
    assert comma_list(NOT_GIVEN) is NOT_GIVEN
    assert id_list({3} | {4}) in ([3, 4], [4, 3])
    assert id_list(NOT_GIVEN) is NOT_GIVEN


async def test_unset_arguments_are_not_sent_and_none_is_null():
    """Only the arguments given are in the body; None goes out as JSON null."""
    client, sent = recording_client(SPACE)
    async with client:
        await client.spaces.update(7, name="Readers")
        await client.spaces.update(7, collection_id=None)  # type: ignore[arg-type]
    assert body(sent[0]) == {"name": "Readers"}
    assert body(sent[1]) == {"collection_id": None}


async def test_event_times_and_day_lists_are_sent_as_the_api_reads_them():
    """Datetimes become ISO strings and day lists comma strings (the spec says integer)."""
    client, sent = recording_client(EVENT)
    async with client:
        await client.events.create(
            title="Meetup",
            space_id=7,
            event_type="online_meeting",
            starts_at=datetime(2026, 3, 2, 18, tzinfo=UTC),
            ends_at="2026-03-02T19:00:00+00:00",
            by_days=["MO", "TH"],
            by_month_days=[1, 15],
        )
    sent_body = body(sent[0])
    assert sent_body["starts_at"] == "2026-03-02T18:00:00+00:00"
    assert sent_body["ends_at"] == "2026-03-02T19:00:00+00:00"
    assert (sent_body["by_days"], sent_body["by_month_days"]) == ("MO,TH", "1,15")
    assert "recur_until" not in sent_body


async def test_query_string_arguments_stay_out_of_the_body():
    """Arguments the API reads from the query string are sent there, with no body."""
    client, sent = recording_client({"id": 3})
    async with client:
        await client.plans.invites.create(5, email="ada@example.com", message="Hi")
        await client.spaces.members.add(7, user_id=42)
        await client.posts.mute(9, user_id=42)
    assert dict(sent[0].url.params) == {"email": "ada@example.com", "message": "Hi"}
    assert dict(sent[1].url.params) == {"user_id": "42"}
    assert dict(sent[2].url.params) == {"user_id": "42"}
    assert [request.content for request in sent] == [b"", b"", b""]


async def test_booleans_in_the_query_string_are_lowercase():
    """``notify=True`` travels as ``notify=true`` beside a JSON body."""
    client, sent = recording_client({"id": 9})
    async with client:
        await client.posts.update(9, title="Hi", notify=True)
    assert dict(sent[0].url.params) == {"notify": "true"}
    assert body(sent[0]) == {"title": "Hi"}


async def test_list_filters_travel_with_the_page_parameters():
    """A list's filters are sent on every page request next to page and per_page."""
    client, sent = recording_client({"items": [], "links": {"self": "", "next": None}})
    async with client:
        await client.subscriptions.list(status="canceled", member_id=42, per_page=10).collect()
        await client.events.rsvps.list(31, instance_at=datetime(2026, 3, 2, tzinfo=UTC)).collect()
    assert dict(sent[0].url.params) == {
        "status": "canceled",
        "member_id": "42",
        "page": "1",
        "per_page": "10",
    }
    assert sent[1].url.params["instance_at"] == "2026-03-02T00:00:00+00:00"


@pytest.mark.parametrize(
    ("spaces", "expected"),
    [
        ([12, 7], [{"space_id": 12, "position": 1}, {"space_id": 7, "position": 2}]),
        ({12: 3}, [{"space_id": 12, "position": 3}]),
    ],
)
async def test_reorder_sends_positions_and_returns_the_page(spaces, expected):
    """Ids in order or a mapping become positions; the answer's first page comes back."""
    answer = {
        "items": [{"id": 12, "name": "A", "position": 1}],
        "links": {"self": "", "next": None},
    }
    client, sent = recording_client(answer)
    async with client:
        page = await client.collections.reorder(4, spaces=spaces)
    assert (sent[0].method, path(sent[0])) == ("PUT", "/collections/4/order")
    assert body(sent[0]) == {"spaces": expected}
    assert isinstance(page, Page)
    assert page.items[0].position == 1
    assert page.is_last


async def test_reorder_refuses_a_string():
    """A string is not a list of space ids."""
    client, sent = recording_client({})
    async with client:
        with pytest.raises(ConfigurationError):
            await client.collections.reorder(4, spaces="12,7")  # type: ignore[arg-type]
    assert not sent


async def test_resend_uses_patch_or_its_put_twin_only():
    """``resend`` sends PATCH, or PUT on request; anything else is refused."""
    client, sent = recording_client(INVITE)
    async with client:
        await client.plans.invites.resend(5, 3)
        await client.plans.invites.resend(5, 3, method="PUT")
        with pytest.raises(ConfigurationError):
            await client.plans.invites.resend(5, 3, method="POST")  # type: ignore[arg-type]
    assert [(r.method, path(r)) for r in sent] == [
        ("PATCH", "/plans/5/invites/3/"),
        ("PUT", "/plans/5/invites/3/"),
    ]


async def test_empty_answers_return_none():
    """A 204, or the ``{}`` some removals answer, gives None."""
    client, sent = recording_client(lambda _: httpx.Response(200, json={}))
    async with client:
        assert await client.spaces.members.remove(7, 42) is None
        assert await client.spaces.members.ban(7, 42, ban_reason="spam") is None
    assert body(sent[1]) == {"ban_reason": "spam"}
    client, _ = recording_client(None)
    async with client:
        assert await client.tags.delete(3) is None


async def test_cancel_returns_the_subscription_by_its_own_id():
    """Cancelling answers the subscription row, whose id is ``subscription.id``."""
    client, sent = recording_client(SUBSCRIPTION)
    async with client:
        row = await client.subscriptions.cancel(9001, when="now")
    assert (sent[0].method, path(sent[0])) == ("DELETE", "/subscriptions/9001")
    assert dict(sent[0].url.params) == {"when": "now"}
    assert (row.id, row.member_id) == (9001, 42)
