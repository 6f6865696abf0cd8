"""One-time purchases: ``/purchases``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Purchase
from ._base import NOT_GIVEN, NotGiven, Resource, given

if TYPE_CHECKING:
    from .._pagination import AsyncPaginator

__all__ = ["Purchases"]

_ITEM = "/purchases/{id}/"


class Purchases(Resource):
    """Purchases: ``client.purchases``.

    A row's `Purchase.id` is the purchase's own id (``purchase.id`` on the wire);
    ``member_id`` is the buyer.
    """

    def list(
        self,
        *,
        plan_id: int | NotGiven = NOT_GIVEN,
        member_id: int | NotGiven = NOT_GIVEN,
        per_page: int = 100,
        max_items: int | None = None,
        max_pages: int | None = None,
        concurrency: int = 1,
    ) -> AsyncPaginator[Purchase]:
        """Purchases, optionally of one plan or one member (``GET /purchases``)."""
        return self._paginate(
            "/purchases",
            Purchase,
            params=given(plan_id=plan_id, member_id=member_id),
            per_page=per_page,
            max_items=max_items,
            max_pages=max_pages,
            concurrency=concurrency,
        )

    async def get(self, purchase_id: int) -> Purchase:
        """One purchase (``GET /purchases/{id}/``)."""
        return await self._get(_ITEM, Purchase, id=purchase_id)

    async def revoke(self, purchase_id: int, *, immediate: bool | NotGiven = NOT_GIVEN) -> Purchase:
        """Revoke the access a purchase grants (``DELETE /purchases/{id}/``) and return it.

        ``immediate=True`` skips the grace period. Apple in-app purchases cannot be revoked
        (`UnprocessableEntity`).
        """
        return await self._call(
            "DELETE", _ITEM, Purchase, params=given(immediate=immediate), id=purchase_id
        )
