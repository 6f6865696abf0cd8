"""Tags: labels hosts put on members (``/tags``, ``/members/{id}/tags``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

__all__ = ["Tag"]


@attrs.frozen(kw_only=True)
class Tag:
    """A tag. Tags use ``title``, not ``name``; they are values of a hidden custom field."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    title: str | None = None
    description: str | None = None
    color: str | None = None
    custom_field_id: int | None = None
