"""Emoji reactions: ``/posts/{post_id}/reactions`` and ``/comments/{comment_id}/reactions``."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from ..models import Reaction
from ._base import Resource, given, paged

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ._base import PageOptions

__all__ = ["CommentReactions", "PostReactions"]


class _Reactions(Resource):
    """Reactions on one kind of target; subclasses name the route."""

    _route: ClassVar[str]

    @paged
    def list(self, target_id: int, **options: Unpack[PageOptions]) -> AsyncPaginator[Reaction]:
        """Every reaction on the target."""
        return self._paginate(self._route, Reaction, options=options, id=target_id)

    async def create(self, target_id: int, *, emoji: str) -> Reaction:
        """React with an emoji, as the user behind the token."""
        return await self._post(self._route, Reaction, json=given(emoji=emoji), id=target_id)

    async def delete(self, target_id: int) -> None:
        """Remove the token user's reaction (the API takes no reaction id)."""
        await self._delete(self._route, id=target_id)


class PostReactions(_Reactions):
    """Reactions on a post: ``client.posts.reactions`` (``/posts/{post_id}/reactions``)."""

    _route = "/posts/{id}/reactions"


class CommentReactions(_Reactions):
    """Reactions on a comment: ``client.comments.reactions``.

    ``/comments/{comment_id}/reactions``.
    """

    _route = "/comments/{id}/reactions"
