"""What a purchase's plan and a subscription's plan share: the plan as it was billed."""

from __future__ import annotations

import attrs

from ._types import BillingInterval, BillingPlanType

__all__ = ["BilledPlan"]


@attrs.frozen(kw_only=True)
class BilledPlan:
    """The plan as billed, the base of `PurchasePlan` and `SubscriptionPlan`.

    The two answers carry the same fields in the same order; they stay two classes, so a
    purchase's plan never compares equal to a subscription's.
    """

    id: int | None = None
    """The plan's id; None when the plan has since been deleted."""
    name: str | None = None
    """The plan's name; None when the plan has since been deleted."""
    amount: int | None = None
    """The price (per ``interval`` for a subscription), in integer cents of ``currency``."""
    currency: str | None = None
    """The currency's code."""
    interval: BillingInterval | None = None
    """How often it is billed: ``day``, ``week``, ``month``, ``year``; a purchase: ``one_time``."""
    type: BillingPlanType | None = None
    """``free``, ``subscription`` or ``one-time-payment`` (never ``subscription`` if bought)."""
    has_free_trial: bool | None = None
    """Whether the plan has a free trial."""
