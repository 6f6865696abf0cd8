"""Badges: ``/badges``, and the badges one member holds (``/members/{member_id}/badges``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._bulk import BulkCall
from ..models import Badge
from ._base import NOT_GIVEN, NotGiven, Resource, bulk, given, paged, put_twin

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Unpack

    from .._bulk import BulkOptions
    from .._pagination import AsyncPaginator
    from ._base import PageOptions

__all__ = ["Badges", "MemberBadges"]

_ITEM = "/badges/{id}/"
_MEMBER_ITEMS = "/members/{member_id}/badges"
_MEMBER_ITEM = "/members/{member_id}/badges/{badge_id}/"


class Badges(Resource):
    """The network's badges: ``client.badges``.

    A badge's image is an uploaded asset: pass ``avatar_id=(await client.assets.upload(...)).id``.
    """

    @paged
    def list(self, **options: Unpack[PageOptions]) -> AsyncPaginator[Badge]:
        """Every badge (``GET /badges``)."""
        return self._paginate("/badges", Badge, options=options)

    async def create(
        self,
        *,
        title: str,
        avatar_id: int,
        description: str | NotGiven = NOT_GIVEN,
        color: str | NotGiven = NOT_GIVEN,
    ) -> Badge:
        """Create a badge (``POST /badges``)."""
        body = given(title=title, description=description, color=color, avatar_id=avatar_id)
        return await self._post("/badges", Badge, json=body)

    async def get(self, badge_id: int) -> Badge:
        """One badge (``GET /badges/{id}/``)."""
        return await self._get(_ITEM, Badge, id=badge_id)

    async def update(
        self,
        badge_id: int,
        *,
        title: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        color: str | NotGiven = NOT_GIVEN,
        avatar_id: int | NotGiven = NOT_GIVEN,
    ) -> Badge:
        """Edit a badge (``PATCH /badges/{id}/``)."""
        body = given(title=title, description=description, color=color, avatar_id=avatar_id)
        return await self._patch(_ITEM, Badge, json=body, id=badge_id)

    replace = put_twin(update)

    async def delete(self, badge_id: int) -> None:
        """Delete a badge (``DELETE /badges/{id}/``)."""
        await self._delete(_ITEM, id=badge_id)


class MemberBadges(Resource):
    """The badges one member holds: ``client.members.badges``."""

    @paged
    def list(self, member_id: int, **options: Unpack[PageOptions]) -> AsyncPaginator[Badge]:
        """Every badge the member holds (``GET /members/{member_id}/badges``)."""
        return self._paginate(_MEMBER_ITEMS, Badge, options=options, member_id=member_id)

    async def add(self, member_id: int, *, badge_id: int) -> Badge:
        """Award an existing badge to the member (``POST /members/{member_id}/badges``)."""
        return await self._post(
            _MEMBER_ITEMS, Badge, json=given(badge_id=badge_id), member_id=member_id
        )

    async def get(self, member_id: int, badge_id: int) -> Badge:
        """One of the member's badges (``GET /members/{member_id}/badges/{badge_id}/``)."""
        return await self._get(_MEMBER_ITEM, Badge, member_id=member_id, badge_id=badge_id)

    async def remove(self, member_id: int, badge_id: int) -> None:
        """Take a badge from the member (``DELETE /members/{member_id}/badges/{badge_id}/``)."""
        await self._delete(_MEMBER_ITEM, member_id=member_id, badge_id=badge_id)

    @bulk
    def add_many(
        self, badge_id: int, member_ids: Iterable[int], **options: Unpack[BulkOptions]
    ) -> BulkCall[Badge]:
        """Award one badge to many members (``POST /members/{member_id}/badges`` for each).

        One request per member; see `BulkOptions` for ``concurrency`` and ``progress``, and
        `BulkCall` for the results and failures.
        """

        async def one(member_id: int) -> Badge:
            return await self.add(member_id, badge_id=badge_id)

        return BulkCall(one, member_ids, **options)
