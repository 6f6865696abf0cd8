"""One-time purchases of plans (``/purchases``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import (  # noqa: TC001 - cattrs reads annotations at run time
    BillingInterval,
    BillingPlanType,
    PaymentPlatform,
)
from .members import Category  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Purchase", "PurchaseDetail", "PurchasePlan"]


@attrs.frozen(kw_only=True)
class PurchasePlan:
    """The plan as bought: ``amount`` in integer cents of ``currency``; ``interval`` one_time.

    ``id`` and ``name`` are None when the plan has been deleted since.
    """

    id: int | None = None
    name: str | None = None
    amount: int | None = None
    currency: str | None = None
    interval: BillingInterval | None = None
    type: BillingPlanType | None = None
    has_free_trial: bool | None = None


@attrs.frozen(kw_only=True)
class PurchaseDetail:
    """The purchase itself: its id, platform and dates."""

    id: int
    tax_percent: int | None = None
    payment_platform: PaymentPlatform | None = None
    purchased_at: datetime | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Purchase:
    """A purchase row: the buyer (``member_*`` fields), the plan, and the purchase.

    On the wire the row has no id of its own: ``member_id`` is the buyer and the purchase's id
    is ``purchase.id``. That id is lifted to `id` when the row is read, so ``row.id`` is what
    `Purchases.get` and `Purchases.revoke` take. ``member_categories`` is typed string in the
    spec but arrives as a list of `Category`; both are accepted.
    """

    id: int
    member_id: int | None = None
    member_email: str | None = None
    member_first_name: str | None = None
    member_last_name: str | None = None
    member_time_zone: str | None = None
    member_location: str | None = None
    member_referral_count: int | None = None
    member_avatar: str | None = None
    member_categories: tuple[Category, ...] | None = None
    member_permalink: str | None = None
    member_ambassador_level: str | None = None
    plan: PurchasePlan | None = None
    purchase: PurchaseDetail | None = None
