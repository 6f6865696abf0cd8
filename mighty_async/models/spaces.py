"""Spaces: the rooms of a network (``/spaces``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

__all__ = ["Space"]


@attrs.frozen(kw_only=True)
class Space:
    """A space, optionally grouped into a collection."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    name: str | None = None
    collection_id: int | None = None
