"""Badges: awards shown on member profiles (``/badges``, ``/members/{id}/badges``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

__all__ = ["Badge"]


@attrs.frozen(kw_only=True)
class Badge:
    """A badge; its image is ``avatar_url`` (set through an uploaded asset's id)."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    description: str | None = None
    color: str | None = None
    custom_field_id: int | None = None
    avatar_url: str | None = None
