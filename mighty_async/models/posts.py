"""Posts and articles (``/posts``)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import PostType

__all__ = ["Post"]


@attrs.frozen(kw_only=True)
class Post:
    """A post or article in a space; ``description`` is the body, ``summary`` an excerpt."""

    id: int
    """The post's id."""
    created_at: datetime | None = None
    """When the post was created."""
    updated_at: datetime | None = None
    """When the post was last changed."""
    creator_id: int | None = None
    """The user who wrote the post."""
    space_id: int | None = None
    """The space the post is in."""
    summary: str | None = None
    """A short excerpt of the post."""
    description: str | None = None
    """The post's body."""
    post_type: PostType | None = None
    """What the post is: an article, an event, a poll, a question, ..."""
    images: tuple[str, ...] | None = None
    """Addresses of the post's images."""
    title: str | None = None
    """The post's title."""
    status: str | None = None
    """The post's status."""
    published_at: datetime | None = None
    """When the post was published."""
    last_activity_at: datetime | None = None
    """When anything last happened on the post."""
    content_type: str | None = None
    """The kind of content attached to the post."""
    comments_enabled: bool | None = None
    """Whether members can comment on the post."""
    permalink: str | None = None
    """The post's address on the network's site."""
