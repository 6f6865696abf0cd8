"""Comments: ``/posts/{post_id}/comments``, and ``/comments/{id}/reactions``."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..models import Comment
from ._base import NOT_GIVEN, NotGiven, Resource, given, paged
from .reactions import CommentReactions

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ._base import PageOptions

__all__ = ["Comments", "PostComments"]

_ITEMS = "/posts/{post_id}/comments"
_ITEM = "/posts/{post_id}/comments/{id}/"


class PostComments(Resource):
    """The comments on one post: ``client.posts.comments``."""

    @paged
    def list(self, post_id: int, **options: Unpack[PageOptions]) -> AsyncPaginator[Comment]:
        """Every comment on a post, replies included (``GET /posts/{post_id}/comments``)."""
        return self._paginate(_ITEMS, Comment, options=options, post_id=post_id)

    async def create(
        self, post_id: int, *, text: str, reply_to_id: int | NotGiven = NOT_GIVEN
    ) -> Comment:
        """Comment on a post, or reply to a comment (``POST /posts/{post_id}/comments``)."""
        return await self._post(
            _ITEMS, Comment, json=given(text=text, reply_to_id=reply_to_id), post_id=post_id
        )

    async def get(self, post_id: int, comment_id: int) -> Comment:
        """One comment (``GET /posts/{post_id}/comments/{id}/``)."""
        return await self._get(_ITEM, Comment, post_id=post_id, id=comment_id)

    async def delete(self, post_id: int, comment_id: int) -> None:
        """Delete a comment (``DELETE /posts/{post_id}/comments/{id}/``)."""
        await self._delete(_ITEM, post_id=post_id, id=comment_id)


class Comments(Resource):
    """Comments by their own id: ``client.comments``.

    Comments are listed, created and deleted through their post (``client.posts.comments``);
    only their reactions live at the top level, as in the API.
    """

    @cached_property
    def reactions(self) -> CommentReactions:
        """The reactions on a comment: list, create, delete (your own)."""
        return CommentReactions(self._client)
