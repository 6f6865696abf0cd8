"""Spaces: the rooms of a network (``/spaces``)."""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["Space"]


@attrs.frozen(kw_only=True)
class Space:
    """A space, optionally grouped into a collection."""

    id: int
    """The space's id."""
    created_at: datetime | None = None
    """When the space was created."""
    updated_at: datetime | None = None
    """When the space was last changed."""
    name: str | None = None
    """The space's name."""
    collection_id: int | None = None
    """The collection the space is grouped into; None if it is in none."""
