"""Tags: labels hosts put on members (``/tags``, ``/members/{id}/tags``)."""

from __future__ import annotations

import attrs

from .custom_fields import FieldValue

__all__ = ["Tag"]


@attrs.frozen(kw_only=True)
class Tag(FieldValue):
    """A tag. Tags use ``title``, not ``name``; they are values of a hidden custom field."""
