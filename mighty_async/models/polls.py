"""Polls and open questions (``/polls``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import PollKind, PostType
from .network import User
from .spaces import Space

__all__ = ["Poll", "PollChoice"]


@attrs.frozen(kw_only=True)
class PollChoice:
    """One answer a poll offers. Its ``id`` is a string, unlike every other id."""

    id: str
    """The choice's id (a string)."""
    text: str | None = None
    """The choice's text."""


@attrs.frozen(kw_only=True)
class Poll:
    """A poll or a question post; ``poll_type`` is None for questions.

    Sent, never returned: ``space_id`` and ``notify`` (arguments of `Polls.create`); the space
    comes back embedded as ``space``.
    """

    id: int
    """The poll's id."""
    created_at: datetime | None = None
    """When the poll was created."""
    updated_at: datetime | None = None
    """When the poll was last changed."""
    post_type: PostType | None = None
    """``poll`` or ``question``."""
    poll_type: PollKind | None = None
    """The kind of poll (multiple choice, hot/cold, percentage); None for questions."""
    title: str | None = None
    """The question asked."""
    description: str | None = None
    """The poll's description."""
    creator: User | None = None
    """The user who created the poll."""
    space: Space | None = None
    """The space the poll is in."""
    images: tuple[str, ...] | None = None
    """Addresses of the poll's images."""
    choices: tuple[PollChoice, ...] | None = None
    """The answers offered, for polls that have choices."""
    status: str | None = None
    """The post's status."""
    published_at: datetime | None = None
    """When the poll was published."""
    permalink: str | None = None
    """The poll's address on the network's site."""
    comments_enabled: bool | None = None
    """Whether members can comment on the poll."""
    last_activity_at: datetime | None = None
    """When anything last happened on the poll."""
