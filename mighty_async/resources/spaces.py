"""Spaces (``/spaces``), who is in them, and which spaces one member is in."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from .._bulk import BulkCall
from ..models import Member, Space
from ._base import NOT_GIVEN, NotGiven, Resource, bulk, given, paged, put_twin
from .courseworks import Courseworks

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Unpack

    from .._bulk import BulkOptions
    from .._pagination import AsyncPaginator
    from ..models import Role
    from ._base import PageOptions

__all__ = ["MemberSpaces", "SpaceMembers", "Spaces"]

_SPACE = "/spaces/{id}"
_SPACE_MEMBER = "/spaces/{space_id}/members/{user_id}/"


class Spaces(Resource):
    """The network's spaces: ``client.spaces``.

    Nested: ``client.spaces.members`` (membership), ``client.spaces.courseworks`` (courses).
    Space routes have no trailing slash, unlike most item routes.
    """

    @cached_property
    def members(self) -> SpaceMembers:
        """Who is in a space: list, add, get, update, replace, remove, ban."""
        return SpaceMembers(self._client)

    @cached_property
    def courseworks(self) -> Courseworks:
        """The lessons, quizzes and sections of a course space."""
        return Courseworks(self._client)

    @paged
    def list(self, **options: Unpack[PageOptions]) -> AsyncPaginator[Space]:
        """Every space of the network (``GET /spaces``)."""
        return self._paginate("/spaces", Space, options=options)

    async def create(self, *, name: str) -> Space:
        """Create a space (``POST /spaces``)."""
        return await self._post("/spaces", Space, json=given(name=name))

    async def get(self, space_id: int) -> Space:
        """One space by id (``GET /spaces/{id}``)."""
        return await self._get(_SPACE, Space, id=space_id)

    async def update(
        self,
        space_id: int,
        *,
        name: str | NotGiven = NOT_GIVEN,
        collection_id: int | NotGiven = NOT_GIVEN,
    ) -> Space:
        """Rename a space or move it to another collection (``PATCH /spaces/{id}``)."""
        body = given(name=name, collection_id=collection_id)
        return await self._patch(_SPACE, Space, json=body, id=space_id)

    replace = put_twin(update)

    async def delete(self, space_id: int) -> None:
        """Delete a space (``DELETE /spaces/{id}``); `UnprocessableEntity` when refused."""
        await self._delete(_SPACE, id=space_id)


class SpaceMembers(Resource):
    """Membership of one space: ``client.spaces.members``."""

    @paged
    def list(self, space_id: int, **options: Unpack[PageOptions]) -> AsyncPaginator[Member]:
        """Every member of a space (``GET /spaces/{space_id}/members``)."""
        return self._paginate(
            "/spaces/{space_id}/members", Member, options=options, space_id=space_id
        )

    async def add(self, space_id: int, *, user_id: int) -> Member:
        """Put an existing network user into a space.

        ``POST /spaces/{space_id}/members?user_id=...`` (the id travels in the query string).
        """
        return await self._post(
            "/spaces/{space_id}/members", Member, params=given(user_id=user_id), space_id=space_id
        )

    async def get(self, space_id: int, user_id: int) -> Member:
        """One member as seen in a space (``GET /spaces/{space_id}/members/{user_id}/``)."""
        return await self._get(_SPACE_MEMBER, Member, space_id=space_id, user_id=user_id)

    async def update(
        self,
        space_id: int,
        user_id: int,
        *,
        role: Role | NotGiven = NOT_GIVEN,
        email: str | NotGiven = NOT_GIVEN,
        first_name: str | NotGiven = NOT_GIVEN,
        last_name: str | NotGiven = NOT_GIVEN,
    ) -> Member:
        """Change a member's role in a space (``PATCH /spaces/{space_id}/members/{user_id}/``)."""
        body = given(role=role, email=email, first_name=first_name, last_name=last_name)
        return await self._patch(
            _SPACE_MEMBER, Member, json=body, space_id=space_id, user_id=user_id
        )

    replace = put_twin(update)

    async def remove(self, space_id: int, user_id: int) -> None:
        """Take a member out of a space (``DELETE /spaces/{space_id}/members/{user_id}/``).

        `Forbidden` while they hold a paid plan there.
        """
        await self._delete(_SPACE_MEMBER, space_id=space_id, user_id=user_id)

    async def ban(
        self, space_id: int, user_id: int, *, ban_reason: str | NotGiven = NOT_GIVEN
    ) -> None:
        """Ban the user from the whole network (the space is only part of the route).

        ``POST /spaces/{space_id}/members/{user_id}/ban``.
        """
        await self._send(
            "POST",
            _SPACE_MEMBER + "ban",
            json=given(ban_reason=ban_reason),
            space_id=space_id,
            user_id=user_id,
        )

    @bulk
    def add_many(
        self, space_id: int, user_ids: Iterable[int], **options: Unpack[BulkOptions]
    ) -> BulkCall[Member]:
        """Put many existing users into one space (``POST /spaces/{space_id}/members`` for each).

        One request per member; see `BulkOptions` for ``concurrency`` and ``progress``, and
        `BulkCall` for the results and failures.
        """

        async def one(user_id: int) -> Member:
            return await self.add(space_id, user_id=user_id)

        return BulkCall(one, user_ids, **options)


class MemberSpaces(Resource):
    """The spaces one member belongs to: ``client.members.spaces``."""

    @paged
    def list(self, member_id: int, **options: Unpack[PageOptions]) -> AsyncPaginator[Space]:
        """Every space the member is in (``GET /members/{member_id}/spaces``)."""
        return self._paginate(
            "/members/{member_id}/spaces", Space, options=options, member_id=member_id
        )
