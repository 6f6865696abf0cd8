"""Comments on posts (``/posts/{post_id}/comments``) and the link previews they carry."""

from __future__ import annotations

from datetime import datetime  # noqa: TC003 - cattrs reads annotations at run time

import attrs

from ._types import ReactionTarget  # noqa: TC001 - cattrs reads annotations at run time
from .assets import Asset  # noqa: TC001 - cattrs reads annotations at run time

__all__ = ["Comment", "EmbeddedLink"]


@attrs.frozen(kw_only=True)
class EmbeddedLink:
    """The preview of a link pasted into a comment."""

    id: int
    url: str | None = None
    title: str | None = None
    description: str | None = None
    favicon_url: str | None = None


@attrs.frozen(kw_only=True)
class Comment:
    """A comment (``depth`` 1) or a reply to one (``depth`` 2 and more, with ``reply_to_id``).

    ``text`` is rendered HTML; ``cheer_count`` counts likes.
    """

    id: int
    created_at: datetime | None = None
    updated_at: datetime | None = None
    targetable_id: int | None = None
    targetable_type: ReactionTarget | None = None
    text: str | None = None
    replyable: bool | None = None
    depth: int | None = None
    cheer_count: int | None = None
    reply_count: int | None = None
    reply_to_id: int | None = None
    author_id: int | None = None
    space_id: int | None = None
    files: tuple[Asset, ...] | None = None
    embedded_link: EmbeddedLink | None = None
    permalink: str | None = None
