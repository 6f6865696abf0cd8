"""Tags: ``/tags``, and the tags on one member (``/members/{member_id}/tags``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._bulk import BulkCall
from ..models import Tag
from ._base import NOT_GIVEN, NotGiven, Resource, bulk, given, paged, put_twin

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Unpack

    from .._bulk import BulkOptions
    from .._pagination import AsyncPaginator
    from ._base import PageOptions

__all__ = ["MemberTags", "Tags"]

_ITEM = "/tags/{id}/"
_MEMBER_ITEMS = "/members/{member_id}/tags"
_MEMBER_ITEM = "/members/{member_id}/tags/{tag_id}/"


class Tags(Resource):
    """The network's tags: ``client.tags``. Tags have a ``title``, not a name."""

    @paged
    def list(self, **options: Unpack[PageOptions]) -> AsyncPaginator[Tag]:
        """Every tag (``GET /tags``)."""
        return self._paginate("/tags", Tag, options=options)

    async def create(
        self,
        *,
        title: str,
        description: str | NotGiven = NOT_GIVEN,
        color: str | NotGiven = NOT_GIVEN,
    ) -> Tag:
        """Create a tag (``POST /tags``); ``color`` is a hex code like ``"#FF5733"``."""
        body = given(title=title, description=description, color=color)
        return await self._post("/tags", Tag, json=body)

    async def get(self, tag_id: int) -> Tag:
        """One tag (``GET /tags/{id}/``)."""
        return await self._get(_ITEM, Tag, id=tag_id)

    async def update(
        self,
        tag_id: int,
        *,
        title: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        color: str | NotGiven = NOT_GIVEN,
    ) -> Tag:
        """Edit a tag (``PATCH /tags/{id}/``)."""
        body = given(title=title, description=description, color=color)
        return await self._patch(_ITEM, Tag, json=body, id=tag_id)

    replace = put_twin(update)

    async def delete(self, tag_id: int) -> None:
        """Delete a tag (``DELETE /tags/{id}/``)."""
        await self._delete(_ITEM, id=tag_id)


class MemberTags(Resource):
    """The tags on one member: ``client.members.tags``."""

    @paged
    def list(self, member_id: int, **options: Unpack[PageOptions]) -> AsyncPaginator[Tag]:
        """Every tag on the member (``GET /members/{member_id}/tags``)."""
        return self._paginate(_MEMBER_ITEMS, Tag, options=options, member_id=member_id)

    async def add(self, member_id: int, *, tag_id: int) -> Tag:
        """Put an existing tag on the member (``POST /members/{member_id}/tags``)."""
        return await self._post(_MEMBER_ITEMS, Tag, json=given(tag_id=tag_id), member_id=member_id)

    async def get(self, member_id: int, tag_id: int) -> Tag:
        """One of the member's tags (``GET /members/{member_id}/tags/{tag_id}/``)."""
        return await self._get(_MEMBER_ITEM, Tag, member_id=member_id, tag_id=tag_id)

    async def remove(self, member_id: int, tag_id: int) -> None:
        """Take a tag off the member (``DELETE /members/{member_id}/tags/{tag_id}/``)."""
        await self._delete(_MEMBER_ITEM, member_id=member_id, tag_id=tag_id)

    @bulk
    def add_many(
        self, tag_id: int, member_ids: Iterable[int], **options: Unpack[BulkOptions]
    ) -> BulkCall[Tag]:
        """Give one tag to many members (``POST /members/{member_id}/tags`` for each).

        One request per member; see `BulkOptions` for ``concurrency`` and ``progress``, and
        `BulkCall` for the results and failures.
        """

        async def one(member_id: int) -> Tag:
            return await self.add(member_id, tag_id=tag_id)

        return BulkCall(one, member_ids, **options)
