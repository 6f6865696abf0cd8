"""Abuse reports: ``/abuse_reports``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import AbuseReport
from ._base import Resource

if TYPE_CHECKING:
    from .._pagination import AsyncPaginator

__all__ = ["AbuseReports"]


class AbuseReports(Resource):
    """Reports of abusive content or users: ``client.abuse_reports`` (read-only)."""

    def list(
        self,
        *,
        per_page: int = 100,
        max_items: int | None = None,
        max_pages: int | None = None,
        concurrency: int = 1,
    ) -> AsyncPaginator[AbuseReport]:
        """Every report (``GET /abuse_reports``)."""
        return self._paginate(
            "/abuse_reports",
            AbuseReport,
            per_page=per_page,
            max_items=max_items,
            max_pages=max_pages,
            concurrency=concurrency,
        )
