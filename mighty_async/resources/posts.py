"""Posts and articles: ``/posts``, with muting, comments and reactions."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..models import Post
from ._base import NOT_GIVEN, NotGiven, Resource, given, paged, put_twin
from .comments import PostComments
from .reactions import PostReactions

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ..models import PostType
    from ._base import PageOptions

__all__ = ["Posts"]

_ITEM = "/posts/{id}/"
_MUTE = "/posts/{post_id}/mute"


class Posts(Resource):
    """Posts and articles: ``client.posts``.

    Nested: ``client.posts.comments`` and ``client.posts.reactions``. ``notify`` travels in
    the query string, as the API wants it.
    """

    @cached_property
    def comments(self) -> PostComments:
        """The comments on a post: list, create, get, delete."""
        return PostComments(self._client)

    @cached_property
    def reactions(self) -> PostReactions:
        """The reactions on a post: list, create, delete (your own)."""
        return PostReactions(self._client)

    @paged
    def list(
        self, *, space_id: int | NotGiven = NOT_GIVEN, **options: Unpack[PageOptions]
    ) -> AsyncPaginator[Post]:
        """Every post, or those of one space (``GET /posts``)."""
        return self._paginate("/posts", Post, params=given(space_id=space_id), options=options)

    async def create(
        self,
        *,
        space_id: int,
        title: str,
        description: str | NotGiven = NOT_GIVEN,
        post_type: PostType | NotGiven = NOT_GIVEN,
        notify: bool | NotGiven = NOT_GIVEN,
    ) -> Post:
        """Create a post (or an article, ``post_type="article"``) in a space (``POST /posts``).

        ``notify=True`` also notifies the network.
        """
        body = given(space_id=space_id, title=title, description=description, post_type=post_type)
        return await self._post("/posts", Post, params=given(notify=notify), json=body)

    async def get(self, post_id: int) -> Post:
        """One post (``GET /posts/{id}/``)."""
        return await self._get(_ITEM, Post, id=post_id)

    async def update(
        self,
        post_id: int,
        *,
        title: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        notify: bool | NotGiven = NOT_GIVEN,
    ) -> Post:
        """Edit a post's title or body (``PATCH /posts/{id}/``)."""
        return await self._patch(
            _ITEM,
            Post,
            params=given(notify=notify),
            json=given(title=title, description=description),
            id=post_id,
        )

    replace = put_twin(update)

    async def delete(self, post_id: int) -> None:
        """Delete a post (``DELETE /posts/{id}/``)."""
        await self._delete(_ITEM, id=post_id)

    async def mute(self, post_id: int, *, user_id: int) -> None:
        """Stop notifications about a post for one user (``POST /posts/{post_id}/mute``)."""
        await self._send("POST", _MUTE, params=given(user_id=user_id), post_id=post_id)

    async def unmute(self, post_id: int, *, user_id: int) -> None:
        """Turn them back on (``DELETE /posts/{post_id}/mute``)."""
        await self._delete(_MUTE, params=given(user_id=user_id), post_id=post_id)
