"""Course content: lessons, quizzes, sections and the overview (``/spaces/{id}/courseworks``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import (
    CompletionCriteria,
    CourseworkStatus,
    CourseworkType,
    UnlockingCriteria,
)

__all__ = ["Coursework"]


@attrs.frozen(kw_only=True)
class Coursework:
    """One item of a course space; sections and the overview have children."""

    id: int
    """The item's id."""
    created_at: datetime | None = None
    """When the item was created."""
    updated_at: datetime | None = None
    """When the item was last changed."""
    space_id: int | None = None
    """The course (a space) the item belongs to."""
    type: CourseworkType | None = None
    """What the item is: ``lesson``, ``quiz``, ``section`` or ``overview``."""
    parent_id: int | None = None
    """The section or overview the item sits under."""
    parent_type: str | None = None
    """Whether ``parent_id`` is a ``section`` or the ``overview``."""
    title: str | None = None
    """The item's title."""
    description: str | None = None
    """The item's body."""
    status: CourseworkStatus | None = None
    """Whether members see it: ``posted``, ``hidden`` or ``pending``."""
    position: int | None = None
    """The item's place among its siblings."""
    completion_criteria: CompletionCriteria | None = None
    """What marks the item complete for a member (a visit, a button, a video, a quiz score, or
    nothing)."""
    unlocking_criteria: UnlockingCriteria | None = None
    """When the item opens to a member (at once, in sequence, some time after joining, or on a
    date)."""
    children_count: int | None = None
    """How many items sit directly under this one (sections and the overview)."""
    permalink: str | None = None
    """The item's address on the network's site."""
