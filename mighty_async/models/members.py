"""Network members and the categories (segments) they belong to."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import MemberType  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Category", "Member"]


@attrs.frozen(kw_only=True)
class Category:
    """A category (segment) a member belongs to.

    ``id`` may be None: when the server sends categories as a plain comma-separated string,
    only the titles are known.
    """

    id: int | None = None
    title: str | None = None


@attrs.frozen(kw_only=True)
class Member:
    """A member of the network, as the member endpoints describe them.

    ``categories`` is a list of `Category` on the wire although the spec types it as a string;
    both are accepted (a string holding JSON is decoded, a plain string is read as
    comma-separated titles). ``email`` may be empty or masked on some network plans.
    """

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    email: str | None = None
    member_type: MemberType | None = None
    first_name: str | None = None
    last_name: str | None = None
    time_zone: str | None = None
    location: str | None = None
    bio: str | None = None
    referral_count: int | None = None
    avatar: str | None = None
    categories: tuple[Category, ...] | None = None
    permalink: str | None = None
    ambassador_level: str | None = None

    @property
    def full_name(self) -> str:
        """First and last name joined by a space, skipping the missing ones."""
        return " ".join(part for part in (self.first_name, self.last_name) if part)
