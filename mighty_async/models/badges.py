"""Badges: awards shown on member profiles (``/badges``, ``/members/{id}/badges``)."""

from __future__ import annotations

import attrs

from .custom_fields import FieldValue

__all__ = ["Badge"]


@attrs.frozen(kw_only=True)
class Badge(FieldValue):
    """A badge; its image is ``avatar_url`` (set through an uploaded asset's id).

    Sent, never returned: ``avatar_id`` (the uploaded asset's id); answers carry the image as
    ``avatar_url``.
    """

    avatar_url: str | None = None
    """The badge's image (set by passing an uploaded asset's id as ``avatar_id``)."""
