"""Emoji reactions on posts and comments."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import ReactionTarget  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Reaction"]


@attrs.frozen(kw_only=True)
class Reaction:
    """One member's emoji on a post or a comment (``targetable_type`` says which).

    ``base_emoji`` is ``emoji`` without its skin-tone modifier.
    """

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    space_id: int | None = None
    network_id: int | None = None
    targetable_id: int | None = None
    targetable_type: ReactionTarget | None = None
    targetable_space_id: int | None = None
    emoji: str | None = None
    base_emoji: str | None = None
    member_id: int | None = None
