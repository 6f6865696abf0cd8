"""Custom profile fields, their options, and members' answers (``/custom_fields``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import CustomFieldType  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["CustomField", "CustomFieldAnswer", "CustomFieldOption", "Segment"]


@attrs.frozen(kw_only=True)
class CustomField:
    """A profile question hosts define (a dropdown or a text field)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    response_type: CustomFieldType | None = None


@attrs.frozen(kw_only=True)
class CustomFieldOption:
    """One choice of a dropdown field; ``is_ad_hoc`` when a member, not a host, added it."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    description: str | None = None
    custom_field_id: int | None = None
    member_count: int | None = None
    is_ad_hoc: bool | None = None
    creator_id: int | None = None


@attrs.frozen(kw_only=True)
class Segment:
    """A dropdown option as an answer refers to it."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    description: str | None = None
    color: str | None = None
    custom_field_id: int | None = None


@attrs.frozen(kw_only=True)
class CustomFieldAnswer:
    """A member's answer: ``text`` for text fields, ``segments`` for dropdowns."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    user_id: int | None = None
    custom_field_id: int | None = None
    text: str | None = None
    segments: tuple[Segment, ...] | None = None
    last_edited_at: datetime | None = None
