"""Recurring payment subscriptions: ``/subscriptions``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..models import Subscription
from ._base import NOT_GIVEN, NotGiven, Resource, given, paged

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ..models import CancelWhen
    from ._base import PageOptions

__all__ = ["Subscriptions"]

_ITEM = "/subscriptions/{id}"


class Subscriptions(Resource):
    """Subscriptions: ``client.subscriptions``.

    A row's `Subscription.id` is the subscription's own id (``subscription.id`` on the wire);
    ``member_id`` is the subscriber. Item routes have no trailing slash.
    """

    @paged
    def list(
        self,
        *,
        status: Literal["canceled"] | str | NotGiven = NOT_GIVEN,
        member_id: int | NotGiven = NOT_GIVEN,
        **options: Unpack[PageOptions],
    ) -> AsyncPaginator[Subscription]:
        """Active subscriptions, or ``status="canceled"`` ones, optionally of one member.

        ``GET /subscriptions``.
        """
        return self._paginate(
            "/subscriptions",
            Subscription,
            params=given(status=status, member_id=member_id),
            options=options,
        )

    async def get(self, subscription_id: int) -> Subscription:
        """One subscription (``GET /subscriptions/{id}``)."""
        return await self._get(_ITEM, Subscription, id=subscription_id)

    async def cancel(
        self, subscription_id: int, *, when: CancelWhen | NotGiven = NOT_GIVEN
    ) -> Subscription:
        """Cancel a subscription (``DELETE /subscriptions/{id}``) and return it.

        ``when="now"`` ends it at once; the API's default is ``"end_of_billing_cycle"``. Other
        values are refused with `BadRequest`.
        """
        return await self._call(
            "DELETE", _ITEM, Subscription, params=given(when=when), id=subscription_id
        )
