"""Recurring payment subscriptions (``/subscriptions``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import (  # noqa: TC001 - cattrs reads annotations at run time
    BillingInterval,
    BillingPlanType,
    PaymentPlatform,
)
from .members import Category  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Subscription", "SubscriptionDetail", "SubscriptionPlan"]


@attrs.frozen(kw_only=True)
class SubscriptionPlan:
    """The plan as billed: ``amount`` in integer cents of ``currency``.

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
class SubscriptionDetail:
    """The subscription itself: its id, billing period, trial and cancellation."""

    id: int
    current_period_start: datetime | None = None
    current_period_end: datetime | None = None
    payment_platform: PaymentPlatform | None = None
    canceled_at: datetime | None = None
    trial_length: int | None = None
    trial_start: datetime | None = None
    trial_end: datetime | None = None
    purchased_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Subscription:
    """A subscription row: the subscriber's profile, the plan, and the subscription.

    On the wire the row has no id of its own: ``member_id`` is the subscriber and the
    subscription's id is ``subscription.id``. That id is lifted to `id` when the row is read,
    so ``row.id`` is what `Subscriptions.get` and `Subscriptions.cancel` take.
    """

    id: int
    member_id: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    time_zone: str | None = None
    location: str | None = None
    referral_count: int | None = None
    avatar: str | None = None
    categories: tuple[Category, ...] | None = None
    permalink: str | None = None
    ambassador_level: str | None = None
    plan: SubscriptionPlan | None = None
    subscription: SubscriptionDetail | None = None
