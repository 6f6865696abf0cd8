"""Collections: named groups of spaces (``/collections``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

__all__ = ["Collection", "CollectionOrderItem"]


@attrs.frozen(kw_only=True)
class Collection:
    """A collection of spaces; ``explorable`` when it holds discoverable spaces or a plan."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    name: str | None = None
    description: str | None = None
    visible_to_members: bool | None = None
    position: int | None = None
    explorable: bool | None = None


@attrs.frozen(kw_only=True)
class CollectionOrderItem:
    """A space's place in a collection, as the reorder call answers it (``id`` is the space's)."""

    id: int
    name: str | None = None
    position: int | None = None
