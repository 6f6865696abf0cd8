"""The converter: lenient in production, strict in tests, and the API's type quirks absorbed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from mighty_async import Category, Me, Member, Network, ResponseValidationError, User
from mighty_async._converter import converter, parse_datetime, structure


@pytest.mark.parametrize("raw", [1234, "1234", " 1234 ", 1234.0])
def test_ids_accept_numbers_and_numeric_strings(raw):
    """Ids arrive as 1234 or "1234" and are always int on the model."""
    assert structure({"id": raw}, Network).id == 1234


@pytest.mark.parametrize("raw", [True, "12a", None, [1], 1.5])
def test_ids_refuse_non_integers(raw):
    """A value that is not an integer id is a validation error naming the field."""
    with pytest.raises(ResponseValidationError) as info:
        structure({"id": raw}, Network)
    assert any("$.id" in line for line in info.value.errors)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-11-07T23:17:21+00:00", datetime(2025, 11, 7, 23, 17, 21, tzinfo=UTC)),
        ("2025-11-07T23:17:21Z", datetime(2025, 11, 7, 23, 17, 21, tzinfo=UTC)),
        ("2025-11-07T23:17:21.5z", datetime(2025, 11, 7, 23, 17, 21, 500000, tzinfo=UTC)),
        ("2025-11-07T23:17:21", datetime(2025, 11, 7, 23, 17, 21, tzinfo=UTC)),
        (
            "2025-11-07T23:17:21-05:00",
            datetime(2025, 11, 7, 23, 17, 21, tzinfo=timezone(timedelta(hours=-5))),
        ),
    ],
)
def test_timestamps_are_aware(raw, expected):
    """Timestamps with +00:00, Z or no offset all become aware datetimes."""
    parsed = parse_datetime(raw)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_bad_timestamp_is_a_validation_error():
    """A timestamp that is not ISO-8601 is reported against its field, not as a bare ValueError."""
    with pytest.raises(ResponseValidationError) as info:
        structure({"id": 1, "created_at": "yesterday"}, Member)
    assert any("$.created_at" in line for line in info.value.errors)


def test_unknown_keys_are_ignored_in_production():
    """A field the server adds later never breaks a call."""
    member = structure({"id": 1, "brand_new_field": {"x": 1}}, Member)
    assert member.id == 1


def test_unknown_keys_fail_the_strict_converter(strict_converter):
    """The strict twin refuses unknown keys so spec drift fails our CI."""
    with pytest.raises(ResponseValidationError) as info:
        structure({"id": 1, "brand_new_field": 1}, Member, conv=strict_converter)
    assert "brand_new_field" in str(info.value)


def test_missing_optional_fields_default_to_none():
    """Every non-id field may be absent or null."""
    member = structure({"id": 1, "email": None}, Member)
    assert member.email is None
    assert member.first_name is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([{"id": "3", "title": "VIP"}], (Category(id=3, title="VIP"),)),
        ('[{"id": 3, "title": "VIP"}]', (Category(id=3, title="VIP"),)),
        ({"id": 3, "title": "VIP"}, (Category(id=3, title="VIP"),)),
        ("VIP, Staff", (Category(title="VIP"), Category(title="Staff"))),
        ("", ()),
        (None, None),
    ],
)
def test_member_categories_accept_list_and_string(raw, expected):
    """Categories is typed string in the spec but a list on the wire; both shapes structure."""
    assert structure({"id": 1, "categories": raw}, Member).categories == expected


def test_member_categories_refuse_numbers():
    """A categories value that is neither list nor string is a validation error."""
    with pytest.raises(ResponseValidationError):
        structure({"id": 1, "categories": 7}, Member)


def test_me_structures_the_spec_shape():
    """The spec's {user, network} /me body fills both and derives network_id."""
    me = structure({"user": {"id": "9", "name": "Ada", "admin": True}, "network": {"id": 5}}, Me)
    assert me.user == User(id=9, name="Ada", admin=True)
    assert me.network == Network(id=5)
    assert me.network_id == 5


def test_me_structures_the_flat_guide_shape():
    """The authentication guide's flat /me body structures into the same Me."""
    me = structure(
        {
            "id": 9,
            "name": "Ada",
            "email": "ada@example.com",
            "network_id": "5",
            "role": "admin",
            "created_at": "2025-01-01T00:00:00Z",
        },
        Me,
    )
    assert me.user.id == 9
    assert me.user.email == "ada@example.com"
    assert me.network is None
    assert me.network_id == 5
    assert me.role == "admin"


def test_me_flat_shape_is_accepted_by_the_strict_converter(strict_converter):
    """The flat /me variant is documented, so even the strict converter accepts it."""
    me = structure(
        {"id": 9, "name": "Ada", "network_id": 5, "role": "admin"}, Me, conv=strict_converter
    )
    assert me.role == "admin"


def test_validation_error_lists_every_failing_field():
    """A body with several bad fields names each of them."""
    with pytest.raises(ResponseValidationError) as info:
        structure({"id": "x", "created_at": "never", "referral_count": "many"}, Member)
    text = str(info.value)
    for field in ("$.id", "$.created_at", "$.referral_count"):
        assert field in text


def test_non_object_body_is_a_validation_error():
    """A list where an object belongs is a typed error, not an AttributeError."""
    with pytest.raises(ResponseValidationError):
        structure([1, 2], Member)


@pytest.mark.parametrize(("raw", "expected"), [(True, True), ("false", False), (1, True)])
def test_booleans_are_read_leniently(raw, expected):
    """Booleans arrive as JSON booleans, 0/1 or "true"/"false"."""
    assert structure({"id": 1, "admin": raw}, User).admin is expected


def test_strings_refuse_objects():
    """An object where a string belongs is reported against its field."""
    with pytest.raises(ResponseValidationError) as info:
        structure({"id": 1, "email": {"a": 1}}, Member)
    assert any("$.email" in line for line in info.value.errors)


def test_one_converter_is_built_at_import():
    """The production converter is a module-level singleton, not rebuilt per call."""
    from mighty_async import _converter  # noqa: PLC0415

    assert _converter.converter is converter
