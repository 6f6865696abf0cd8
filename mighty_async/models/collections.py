"""Collections: named groups of spaces (``/collections``)."""

from __future__ import annotations

from datetime import datetime

import attrs

__all__ = ["Collection", "CollectionOrderItem"]


@attrs.frozen(kw_only=True)
class Collection:
    """A collection of spaces; ``explorable`` when it holds discoverable spaces or a plan."""

    id: int
    """The collection's id."""
    created_at: datetime | None = None
    """When the collection was created."""
    updated_at: datetime | None = None
    """When the collection was last changed."""
    name: str | None = None
    """The collection's name."""
    description: str | None = None
    """The collection's description."""
    visible_to_members: bool | None = None
    """Whether members see the collection, or only hosts."""
    position: int | None = None
    """Where the collection sits in the network's navigation."""
    explorable: bool | None = None
    """Whether the collection holds discoverable spaces or a promoted plan."""


@attrs.frozen(kw_only=True)
class CollectionOrderItem:
    """A space's place in a collection, as the reorder call answers it (``id`` is the space's)."""

    id: int
    """The space's id."""
    name: str | None = None
    """The space's name."""
    position: int | None = None
    """The space's place within the collection, after the reorder."""
