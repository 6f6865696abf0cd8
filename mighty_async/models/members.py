"""Network members and the categories (segments) they belong to."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import MemberType

__all__ = ["Category", "Member"]


@attrs.frozen(kw_only=True, slots=False)
class Category:
    """A category (segment) a member belongs to.

    ``id`` may be None: when the server sends categories as a plain comma-separated string,
    only the titles are known.
    """

    id: int | None = None
    """The category's id; None when the server sent categories as a plain string of titles."""
    title: str | None = None
    """The category's name."""


@attrs.frozen(kw_only=True, slots=False)
class Member:
    """A member of the network, as the member endpoints describe them.

    ``categories`` is a list of `Category` on the wire although the spec types it as a string;
    both are accepted (a string holding JSON is decoded, a plain string is read as
    comma-separated titles). ``email`` may be empty or masked on some network plans.

    Sent, never returned: ``role``, ``space_ids`` and ``send_welcome_email`` are arguments of
    `Members.create` (``role`` of `Members.update` too); no answer carries them.
    """

    id: int
    """The member's id."""
    created_at: datetime | None = None
    """When the member's record was created."""
    updated_at: datetime | None = None
    """When the member's profile last changed."""
    email: str | None = None
    """The member's email address; empty or masked on some network plans."""
    member_type: MemberType | None = None
    """``full`` (belongs to the network) or ``limited`` (belongs only to some spaces)."""
    first_name: str | None = None
    """The member's first name."""
    last_name: str | None = None
    """The member's last name."""
    time_zone: str | None = None
    """The member's time zone."""
    location: str | None = None
    """Where the member says they are."""
    bio: str | None = None
    """The member's profile text."""
    referral_count: int | None = None
    """How many people the member referred."""
    avatar: str | None = None
    """The member's avatar image."""
    categories: tuple[Category, ...] | None = None
    """The categories (segments) the member belongs to."""
    permalink: str | None = None
    """The member's profile page."""
    ambassador_level: str | None = None
    """The member's ambassador level."""

    @property
    def full_name(self) -> str:
        """First and last name joined by a space, skipping the missing ones."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)
