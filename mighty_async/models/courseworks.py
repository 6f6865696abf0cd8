"""Course content: lessons, quizzes, sections and the overview (``/spaces/{id}/courseworks``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import (  # noqa: TC001 - cattrs reads annotations at run time
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
    created_at: datetime | None = None
    updated_at: datetime | None = None
    space_id: int | None = None
    type: CourseworkType | None = None
    parent_id: int | None = None
    parent_type: str | None = None
    title: str | None = None
    description: str | None = None
    status: CourseworkStatus | None = None
    position: int | None = None
    completion_criteria: CompletionCriteria | None = None
    unlocking_criteria: UnlockingCriteria | None = None
    children_count: int | None = None
    permalink: str | None = None
