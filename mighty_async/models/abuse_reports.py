"""Reports of abusive content or users (``/abuse_reports``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import ReportType

__all__ = ["AbuseReport"]


@attrs.frozen(kw_only=True)
class AbuseReport:
    """A report: ``member_id`` reported ``targetable_type``/``targetable_id``.

    ``ignored_at``/``ignored_by_id`` are set once a host dismissed it.
    """

    id: int
    """The report's id."""
    created_at: datetime | None = None
    """When the report was filed."""
    updated_at: datetime | None = None
    """When the report last changed (for instance, when it was ignored)."""
    member_id: int | None = None
    """The member who filed the report."""
    targetable_id: int | None = None
    """The id of what was reported: a post, a comment, a user or a space."""
    targetable_type: str | None = None
    """What kind of thing ``targetable_id`` is."""
    report_type: ReportType | None = None
    """The reporter's category for it: ``spam``, ``offensive``, ``impersonation`` or ``other``."""
    reason: str | None = None
    """The reporter's own words, if they gave any."""
    context_id: int | None = None
    """The id of where the report was made (a post, a comment or a space)."""
    context_type: str | None = None
    """What kind of thing ``context_id`` is (``Post``, ``Comment``, ``Space``)."""
    space_id: int | None = None
    """The space the report was made in."""
    network_id: int | None = None
    """The network the report belongs to."""
    ignored_at: datetime | None = None
    """When a host dismissed the report; None while it is open."""
    ignored_by_id: int | None = None
    """The user who dismissed the report; None while it is open."""
