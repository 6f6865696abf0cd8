"""Plans: what members buy or are given access to (``/plans``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import PlanStatus, PricingType  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Plan"]


@attrs.frozen(kw_only=True)
class Plan:
    """A plan. It carries no price: amounts appear on subscriptions and purchases.

    ``external`` is True when the plan grants network membership, ``multiple`` when it spans
    several spaces.
    """

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    name: str | None = None
    description: str | None = None
    status: PlanStatus | None = None
    pricing_type: PricingType | None = None
    visible_to_members: bool | None = None
    external: bool | None = None
    multiple: bool | None = None
    permalink: str | None = None
