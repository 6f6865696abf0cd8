"""Custom profile fields, their options, and members' answers (``/custom_fields``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import CustomFieldType

__all__ = ["CustomField", "CustomFieldAnswer", "CustomFieldOption", "Segment"]


@attrs.frozen(kw_only=True)
class CustomField:
    """A profile question hosts define (a dropdown or a text field).

    Sent, never returned: ``description``, ``placeholder``, ``privacy``, ``response_by``,
    ``allow_ad_hoc``, ``max_responses`` and ``options`` (`CustomFields.create`), ``status``,
    ``notify_all_members`` and ``primary`` (`CustomFields.update`); answers carry only the
    fields below.
    """

    id: int
    """The field's id."""
    created_at: datetime | None = None
    """When the field was created."""
    updated_at: datetime | None = None
    """When the field was last changed."""
    title: str | None = None
    """The question the field asks."""
    response_type: CustomFieldType | None = None
    """The kind of answer it takes: a dropdown (single or multiple choice), short or long text, or
    the hidden tag and badge fields."""


@attrs.frozen(kw_only=True)
class CustomFieldOption:
    """One choice of a dropdown field; ``is_ad_hoc`` when a member, not a host, added it."""

    id: int
    """The option's id."""
    created_at: datetime | None = None
    """When the option was created."""
    updated_at: datetime | None = None
    """When the option was last changed."""
    title: str | None = None
    """The option's text."""
    description: str | None = None
    """The option's description."""
    custom_field_id: int | None = None
    """The dropdown field the option belongs to."""
    member_count: int | None = None
    """How many members picked this option."""
    is_ad_hoc: bool | None = None
    """True when a member added the option, False when a host did."""
    creator_id: int | None = None
    """The member who added the option."""


@attrs.frozen(kw_only=True)
class FieldValue:
    """A value of a custom field: the base of `Segment`, `Tag` and `Badge`.

    Tags and badges are the values of hidden custom fields, and a dropdown answer names its
    options the same way, so all three carry these fields, in this order. Each stays its own
    class (a tag never equals a badge).
    """

    id: int
    """The value's id."""
    created_at: datetime | None = None
    """When it was created."""
    updated_at: datetime | None = None
    """When it was last changed."""
    title: str | None = None
    """Its name: a tag's, a badge's (as shown on profiles), or a dropdown option's text."""
    description: str | None = None
    """What it means (for a badge: what it is awarded for)."""
    color: str | None = None
    """Its colour, as a hex code."""
    custom_field_id: int | None = None
    """The custom field it is a value of (a hidden one, for tags and badges)."""


@attrs.frozen(kw_only=True)
class Segment(FieldValue):
    """A dropdown option as an answer refers to it."""


@attrs.frozen(kw_only=True)
class CustomFieldAnswer:
    """A member's answer: ``text`` for text fields, ``segments`` for dropdowns.

    Sent, never returned: ``segment_ids`` (the dropdown options picked); answers carry them as
    ``segments``.
    """

    id: int
    """The answer's id."""
    created_at: datetime | None = None
    """When the member first answered."""
    updated_at: datetime | None = None
    """When the answer record last changed."""
    user_id: int | None = None
    """The member who answered."""
    custom_field_id: int | None = None
    """The field the answer is for."""
    text: str | None = None
    """The answer to a text field."""
    segments: tuple[Segment, ...] | None = None
    """The options picked in a dropdown field."""
    last_edited_at: datetime | None = None
    """When the member last changed the answer."""
