"""Reports of abusive content or users (``/abuse_reports``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import ReportType  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["AbuseReport"]


@attrs.frozen(kw_only=True)
class AbuseReport:
    """A report: ``member_id`` reported ``targetable_type``/``targetable_id``.

    ``ignored_at``/``ignored_by_id`` are set once a host dismissed it.
    """

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    member_id: int | None = None
    targetable_id: int | None = None
    targetable_type: str | None = None
    report_type: ReportType | None = None
    reason: str | None = None
    context_id: int | None = None
    context_type: str | None = None
    space_id: int | None = None
    network_id: int | None = None
    ignored_at: datetime | None = None
    ignored_by_id: int | None = None
