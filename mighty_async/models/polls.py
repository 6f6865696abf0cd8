"""Polls and open questions (``/polls``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import PollKind, PostType  # noqa: TC001 - cattrs reads annotations at run time
from .network import User  # noqa: TC001 - cattrs reads annotations at run time
from .spaces import Space  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Poll", "PollChoice"]


@attrs.frozen(kw_only=True)
class PollChoice:
    """One answer a poll offers. Its ``id`` is a string, unlike every other id."""

    id: str
    text: str | None = None


@attrs.frozen(kw_only=True)
class Poll:
    """A poll or a question post; ``poll_type`` is None for questions."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    post_type: PostType | None = None
    poll_type: PollKind | None = None
    title: str | None = None
    description: str | None = None
    creator: User | None = None
    space: Space | None = None
    images: tuple[str, ...] | None = None
    choices: tuple[PollChoice, ...] | None = None
    status: str | None = None
    published_at: datetime | None = None
    permalink: str | None = None
    comments_enabled: bool | None = None
    last_activity_at: datetime | None = None
