"""Plans: what members buy or are given access to (``/plans``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import PlanStatus, PricingType

__all__ = ["Plan"]


@attrs.frozen(kw_only=True)
class Plan:
    """A plan. It carries no price: amounts appear on subscriptions and purchases.

    ``external`` is True when the plan grants network membership, ``multiple`` when it spans
    several spaces.
    """

    id: int
    """The plan's id."""
    created_at: datetime | None = None
    """When the plan was created."""
    updated_at: datetime | None = None
    """When the plan was last changed."""
    name: str | None = None
    """The plan's name."""
    description: str | None = None
    """The plan's description."""
    status: PlanStatus | None = None
    """Where the plan stands: ``visible``, ``hidden``, ``pending``, ``rejected``, ``archived`` or
    ``legacy``."""
    pricing_type: PricingType | None = None
    """How it is paid for: free, a subscription, once, in instalments, token-gated, or not at
    all."""
    visible_to_members: bool | None = None
    """Whether members can see the plan."""
    external: bool | None = None
    """Whether the plan grants membership of the network."""
    multiple: bool | None = None
    """Whether the plan grants several spaces."""
    permalink: str | None = None
    """The plan's about page."""
