"""Recurring payment subscriptions (``/subscriptions``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._billing import BilledPlan
from ._types import PaymentPlatform
from .members import Category

__all__ = ["Subscription", "SubscriptionDetail", "SubscriptionPlan"]


@attrs.frozen(kw_only=True)
class SubscriptionPlan(BilledPlan):
    """The plan as billed: ``amount`` in integer cents of ``currency``.

    ``id`` and ``name`` are None when the plan has been deleted since.
    """


@attrs.frozen(kw_only=True)
class SubscriptionDetail:
    """The subscription itself: its id, billing period, trial and cancellation."""

    id: int
    """The subscription's id."""
    current_period_start: datetime | None = None
    """When the current billing period began."""
    current_period_end: datetime | None = None
    """When the current billing period ends."""
    payment_platform: PaymentPlatform | None = None
    """Who takes the payments: ``stripe``, ``apple`` or ``web3``."""
    canceled_at: datetime | None = None
    """When the subscription was cancelled; None while it runs."""
    trial_length: int | None = None
    """The free trial's length, in days."""
    trial_start: datetime | None = None
    """When the free trial began."""
    trial_end: datetime | None = None
    """When the free trial ends."""
    purchased_at: datetime | None = None
    """When the subscription was bought."""


@attrs.frozen(kw_only=True)
class Subscription:
    """A subscription row: the subscriber's profile, the plan, and the subscription.

    On the wire the row has no id of its own: ``member_id`` is the subscriber and the
    subscription's id is ``subscription.id``. That id is lifted to `id` when the row is read,
    so ``row.id`` is what `Subscriptions.get` and `Subscriptions.cancel` take.
    """

    id: int
    """The subscription's id, lifted from ``subscription.id`` (the row has none of its own on the
    wire)."""
    member_id: int | None = None
    """The subscriber's member id."""
    created_at: datetime | None = None
    """When the subscriber's record was created."""
    updated_at: datetime | None = None
    """When the subscriber's record last changed."""
    email: str | None = None
    """The subscriber's email address."""
    first_name: str | None = None
    """The subscriber's first name."""
    last_name: str | None = None
    """The subscriber's last name."""
    time_zone: str | None = None
    """The subscriber's time zone."""
    location: str | None = None
    """Where the subscriber says they are."""
    referral_count: int | None = None
    """How many people the subscriber referred."""
    avatar: str | None = None
    """The subscriber's avatar image."""
    categories: tuple[Category, ...] | None = None
    """The categories (segments) the subscriber belongs to, the primary one included."""
    permalink: str | None = None
    """The subscriber's profile page."""
    ambassador_level: str | None = None
    """The subscriber's ambassador level."""
    plan: SubscriptionPlan | None = None
    """The plan subscribed to, with its price."""
    subscription: SubscriptionDetail | None = None
    """The subscription itself: platform, periods, trial and cancellation."""
