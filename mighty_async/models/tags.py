"""Tags: labels hosts put on members (``/tags``, ``/members/{id}/tags``)."""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["Tag"]


@attrs.frozen(kw_only=True)
class Tag:
    """A tag. Tags use ``title``, not ``name``; they are values of a hidden custom field."""

    id: int
    """The tag's id."""
    created_at: datetime | None = None
    """When the tag was created."""
    updated_at: datetime | None = None
    """When the tag was last changed."""
    title: str | None = None
    """The tag's name."""
    description: str | None = None
    """What the tag means."""
    color: str | None = None
    """The tag's colour, as a hex code."""
    custom_field_id: int | None = None
    """The hidden custom field whose values the tags are."""
