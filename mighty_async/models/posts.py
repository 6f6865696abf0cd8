"""Posts and articles (``/posts``)."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import PostType  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Post"]


@attrs.frozen(kw_only=True)
class Post:
    """A post or article in a space; ``description`` is the body, ``summary`` an excerpt."""

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    creator_id: int | None = None
    space_id: int | None = None
    summary: str | None = None
    description: str | None = None
    post_type: PostType | None = None
    images: tuple[str, ...] | None = None
    title: str | None = None
    status: str | None = None
    published_at: datetime | None = None
    last_activity_at: datetime | None = None
    content_type: str | None = None
    comments_enabled: bool | None = None
    permalink: str | None = None
