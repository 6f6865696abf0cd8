"""Badges: awards shown on member profiles (``/badges``, ``/members/{id}/badges``)."""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["Badge"]


@attrs.frozen(kw_only=True)
class Badge:
    """A badge; its image is ``avatar_url`` (set through an uploaded asset's id).

    Sent, never returned: ``avatar_id`` (the uploaded asset's id); answers carry the image as
    ``avatar_url``.
    """

    id: int
    """The badge's id."""
    created_at: datetime | None = None
    """When the badge was created."""
    updated_at: datetime | None = None
    """When the badge was last changed."""
    title: str | None = None
    """The badge's name, as shown on profiles."""
    description: str | None = None
    """What the badge is awarded for."""
    color: str | None = None
    """The badge's colour, as a hex code."""
    custom_field_id: int | None = None
    """The hidden custom field whose values the badges are."""
    avatar_url: str | None = None
    """The badge's image (set by passing an uploaded asset's id as ``avatar_id``)."""
