"""Emoji reactions on posts and comments."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import ReactionTarget

__all__ = ["Reaction"]


@attrs.frozen(kw_only=True)
class Reaction:
    """One member's emoji on a post or a comment (``targetable_type`` says which).

    ``base_emoji`` is ``emoji`` without its skin-tone modifier.
    """

    id: int
    """The reaction's id."""
    created_at: datetime | None = None
    """When the reaction was made."""
    updated_at: datetime | None = None
    """When the reaction last changed."""
    space_id: int | None = None
    """The space the reaction was made in."""
    network_id: int | None = None
    """The network the reaction was made in."""
    targetable_id: int | None = None
    """The post or comment reacted to."""
    targetable_type: ReactionTarget | None = None
    """``Post`` or ``Comment``."""
    targetable_space_id: int | None = None
    """The space the post or comment is in."""
    emoji: str | None = None
    """The emoji, with its skin-tone modifier if any."""
    base_emoji: str | None = None
    """The emoji without its skin-tone modifier."""
    member_id: int | None = None
    """The member who reacted."""
