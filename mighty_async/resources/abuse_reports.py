"""Abuse reports: ``/abuse_reports``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import AbuseReport
from ._base import Resource, paged

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ._base import PageOptions

__all__ = ["AbuseReports"]


class AbuseReports(Resource):
    """Reports of abusive content or users: ``client.abuse_reports`` (read-only)."""

    @paged
    def list(self, **options: Unpack[PageOptions]) -> AsyncPaginator[AbuseReport]:
        """Every report (``GET /abuse_reports``)."""
        return self._paginate("/abuse_reports", AbuseReport, options=options)
