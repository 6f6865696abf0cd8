"""One-time purchases of plans (``/purchases``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._billing import BilledPlan
from ._types import PaymentPlatform
from .members import Category

__all__ = ["Purchase", "PurchaseDetail", "PurchasePlan"]


@attrs.frozen(kw_only=True)
class PurchasePlan(BilledPlan):
    """The plan as bought: ``amount`` in integer cents of ``currency``; ``interval`` one_time.

    ``id`` and ``name`` are None when the plan has been deleted since.
    """


@attrs.frozen(kw_only=True)
class PurchaseDetail:
    """The purchase itself: its id, platform and dates."""

    id: int
    """The purchase's id."""
    tax_percent: int | None = None
    """The tax rate applied, in percent."""
    payment_platform: PaymentPlatform | None = None
    """Who took the payment: ``stripe``, ``apple`` or ``web3``."""
    purchased_at: datetime | None = None
    """When the purchase was made."""
    created_at: datetime | None = None
    """When the purchase record was created."""
    updated_at: datetime | None = None
    """When the purchase record last changed."""


@attrs.frozen(kw_only=True)
class Purchase:
    """A purchase row: the buyer (``member_*`` fields), the plan, and the purchase.

    On the wire the row has no id of its own: ``member_id`` is the buyer and the purchase's id
    is ``purchase.id``. That id is lifted to `id` when the row is read, so ``row.id`` is what
    `Purchases.get` and `Purchases.revoke` take. ``member_categories`` is typed string in the
    spec but arrives as a list of `Category`; both are accepted.
    """

    id: int
    """The purchase's id, lifted from ``purchase.id`` (the row has none of its own on the wire)."""
    member_id: int | None = None
    """The buyer's member id."""
    member_email: str | None = None
    """The buyer's email address."""
    member_first_name: str | None = None
    """The buyer's first name."""
    member_last_name: str | None = None
    """The buyer's last name."""
    member_time_zone: str | None = None
    """The buyer's time zone."""
    member_location: str | None = None
    """Where the buyer says they are."""
    member_referral_count: int | None = None
    """How many people the buyer referred."""
    member_avatar: str | None = None
    """The buyer's avatar image."""
    member_categories: tuple[Category, ...] | None = None
    """The categories (segments) the buyer belongs to."""
    member_permalink: str | None = None
    """The buyer's profile page."""
    member_ambassador_level: str | None = None
    """The buyer's ambassador level."""
    plan: PurchasePlan | None = None
    """The plan bought, with its price."""
    purchase: PurchaseDetail | None = None
    """The purchase itself: platform, tax and dates."""
