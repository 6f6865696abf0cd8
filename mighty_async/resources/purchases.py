"""One-time purchases: ``/purchases``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Purchase
from ._base import NOT_GIVEN, NotGiven, Resource, given, paged

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ._base import PageOptions

__all__ = ["Purchases"]

_ITEM = "/purchases/{id}/"


class Purchases(Resource):
    """Purchases: ``client.purchases``.

    A row's `Purchase.id` is the purchase's own id (``purchase.id`` on the wire);
    ``member_id`` is the buyer.
    """

    @paged
    def list(
        self,
        *,
        plan_id: int | NotGiven = NOT_GIVEN,
        member_id: int | NotGiven = NOT_GIVEN,
        **options: Unpack[PageOptions],
    ) -> AsyncPaginator[Purchase]:
        """Purchases, optionally of one plan or one member (``GET /purchases``)."""
        return self._paginate(
            "/purchases",
            Purchase,
            params=given(plan_id=plan_id, member_id=member_id),
            options=options,
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
