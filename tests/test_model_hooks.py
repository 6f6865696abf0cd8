"""The converter hooks that absorb the spec's type errors, and open string values."""

from __future__ import annotations

import pickle

import pytest

from mighty_async import (
    Category,
    Event,
    Member,
    Plan,
    PollChoice,
    Purchase,
    ResponseValidationError,
    Subscription,
)
from mighty_async._converter import make_converter, structure

STRICT = make_converter(strict=True)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ([{"id": 1, "title": "Gold"}], (Category(id=1, title="Gold"),)),
        ('[{"id": 1, "title": "Gold"}]', (Category(id=1, title="Gold"),)),
        ({"id": "2", "title": "Solo"}, (Category(id=2, title="Solo"),)),
        ("Gold, Silver", (Category(title="Gold"), Category(title="Silver"))),
        ("", ()),
        (None, None),
    ],
)
def test_member_categories_accept_every_shape_seen(wire, expected):
    """``categories``, typed string by the spec, reads lists, JSON and comma strings."""
    member = structure({"id": 1, "categories": wire}, Member, conv=STRICT)
    assert member.categories == expected


def test_purchase_member_categories_use_the_same_reading():
    """``member_categories`` on purchases is read like a member's ``categories``."""
    row = structure(
        {"purchase": {"id": 5}, "member_categories": [{"id": 3, "title": "VIP"}]},
        Purchase,
        conv=STRICT,
    )
    assert row.member_categories == (Category(id=3, title="VIP"),)


def test_categories_of_another_type_are_a_validation_error():
    """A number where categories belong is reported, not raised as a bare TypeError."""
    with pytest.raises(ResponseValidationError, match="categories"):
        structure({"id": 1, "categories": 12}, Member, conv=STRICT)


def test_subscription_row_takes_the_id_of_its_subscription():
    """A subscription row's ``id`` is ``subscription.id``; ``member_id`` stays the user."""
    row = structure(
        {"member_id": 42, "subscription": {"id": 9001, "purchased_at": "2026-01-01T00:00:00Z"}},
        Subscription,
        conv=STRICT,
    )
    assert row.id == 9001
    assert row.member_id == 42
    assert row.subscription is not None
    assert row.subscription.id == 9001


def test_purchase_row_takes_the_id_of_its_purchase():
    """A purchase row's ``id`` is ``purchase.id``."""
    row = structure({"member_id": 42, "purchase": {"id": "777"}}, Purchase, conv=STRICT)
    assert (row.id, row.member_id) == (777, 42)


def test_a_top_level_id_on_a_billing_row_wins():
    """Should the API add a top-level id one day, it is kept as sent."""
    row = structure({"id": 1, "subscription": {"id": 2}}, Subscription, conv=STRICT)
    assert row.id == 1


def test_a_billing_row_without_any_id_is_a_validation_error():
    """Without ``subscription.id`` there is no id to give the row: that is reported."""
    with pytest.raises(ResponseValidationError, match="Subscription"):
        structure({"member_id": 42}, Subscription, conv=STRICT)


def test_unknown_server_values_of_open_sets_are_kept():
    """A role, status or kind the SDK does not know structures as the string sent."""
    member = structure({"id": 1, "member_type": "guest"}, Member, conv=STRICT)
    plan = structure({"id": 2, "status": "frozen", "pricing_type": "barter"}, Plan, conv=STRICT)
    event = structure({"id": 3, "event_type": "hologram"}, Event, conv=STRICT)
    assert (member.member_type, plan.status, plan.pricing_type) == ("guest", "frozen", "barter")
    assert event.event_type == "hologram"


def test_poll_choice_ids_stay_strings():
    """Poll choice ids are strings in the spec, even when they look like numbers."""
    assert structure({"id": 7, "text": "Yes"}, PollChoice, conv=STRICT).id == "7"


def test_models_pickle_round_trip():
    """Models survive pickling (worker pools, caches)."""
    row = structure({"subscription": {"id": 2}}, Subscription, conv=STRICT)
    assert pickle.loads(pickle.dumps(row)) == row  # noqa: S301 - our own data


def test_open_value_sets_are_plain_strings_at_run_time():
    """The aliases are ``str`` at run time: nothing to validate, nothing to fail on."""
    from mighty_async.models import _types  # noqa: PLC0415

    open_sets = [name for name in _types.__all__ if name != "Weekday"]
    assert open_sets
    assert all(getattr(_types, name) is str for name in open_sets)


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("[VIP] members", (Category(title="[VIP] members"),)),
        ("{staff}, Gold", (Category(title="{staff}"), Category(title="Gold"))),
        ("[1, 2]", (Category(title="[1"), Category(title="2]"))),
        ('{"colour": "red"}', (Category(title='{"colour": "red"}'),)),
        ("[]", ()),
        ('["VIP", "Staff"]', (Category(title="VIP"), Category(title="Staff"))),
        (
            '[{"id": 4, "title": "VIP"}, "Staff"]',
            (Category(id=4, title="VIP"), Category(title="Staff")),
        ),
        (["VIP", "Staff"], (Category(title="VIP"), Category(title="Staff"))),
    ],
)
def test_categories_read_every_string_the_spec_allows(wire, expected):
    """A string that only looks like JSON is titles; a JSON list of strings gives titles."""
    for conv in (STRICT, make_converter()):
        member = structure({"id": 1, "categories": wire}, Member, conv=conv)
        assert member.categories == expected


@pytest.mark.parametrize("item", [7, None, ["VIP"], True])
def test_a_category_item_of_another_type_is_an_error_not_a_blank(item):
    """An item that is neither an object nor a title is reported, never a blank Category."""
    with pytest.raises(ResponseValidationError, match="categories"):
        structure({"id": 1, "categories": [item]}, Member, conv=make_converter())


def test_webhook_payloads_read_categories_with_the_same_hook():
    """A member in a webhook payload reads a bracketed title like the API's answers."""
    from mighty_async.webhooks import MemberJoined, parse_event  # noqa: PLC0415

    from .support.webhook_bodies import delivery, encode  # noqa: PLC0415

    payload = {"member": {"id": 7, "categories": "[VIP] members"}, "space_id": 3}
    event = parse_event(encode(delivery("MemberJoined", payload)))
    assert isinstance(event, MemberJoined)
    assert event.payload.member is not None
    assert event.payload.member.categories == (Category(title="[VIP] members"),)
