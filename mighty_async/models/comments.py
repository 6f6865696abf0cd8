"""Comments on posts (``/posts/{post_id}/comments``) and the link previews they carry."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._types import ReactionTarget
from .assets import Asset

__all__ = ["Comment", "EmbeddedLink"]


@attrs.frozen(kw_only=True)
class EmbeddedLink:
    """The preview of a link pasted into a comment."""

    id: int
    """The preview's id."""
    url: str | None = None
    """The address that was linked."""
    title: str | None = None
    """The linked page's title."""
    description: str | None = None
    """The linked page's description."""
    favicon_url: str | None = None
    """The linked site's icon."""


@attrs.frozen(kw_only=True)
class Comment:
    """A comment (``depth`` 1) or a reply to one (``depth`` 2 and more, with ``reply_to_id``).

    ``text`` is rendered HTML; ``cheer_count`` counts likes.
    """

    id: int
    """The comment's id."""
    created_at: datetime | None = None
    """When the comment was written."""
    updated_at: datetime | None = None
    """When the comment was last edited."""
    targetable_id: int | None = None
    """The id of what the comment is on (usually a post)."""
    targetable_type: ReactionTarget | None = None
    """What kind of thing ``targetable_id`` is (usually ``Post``)."""
    text: str | None = None
    """The comment's body, as rendered HTML with its links."""
    replyable: bool | None = None
    """Whether the comment accepts replies."""
    depth: int | None = None
    """1 for a comment, 2 and more for replies (and replies to replies)."""
    cheer_count: int | None = None
    """How many cheers (likes) the comment has."""
    reply_count: int | None = None
    """How many replies the comment has."""
    reply_to_id: int | None = None
    """The comment this one replies to; None for a top-level comment."""
    author_id: int | None = None
    """The user who wrote the comment."""
    space_id: int | None = None
    """The space the comment was written in."""
    files: tuple[Asset, ...] | None = None
    """Files attached to the comment."""
    embedded_link: EmbeddedLink | None = None
    """The preview of a link in the comment, if it has one."""
    permalink: str | None = None
    """The comment's address on the network's site."""
