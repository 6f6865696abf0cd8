"""Network members: ``/members`` and what hangs off one member."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, NotRequired, TypedDict

from .._bulk import BulkCall
from ..models import Member
from ._base import NOT_GIVEN, NotGiven, Resource, bulk, given, id_list, paged, put_twin
from .badges import MemberBadges
from .plans import MemberPlans
from .spaces import MemberSpaces
from .tags import MemberTags

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence
    from typing import Unpack

    from .._bulk import BulkOptions
    from .._pagination import AsyncPaginator
    from ..models import MemberType, Role
    from ._base import PageOptions

__all__ = ["MemberChanges", "Members", "NewMember"]


class NewMember(TypedDict):
    """The fields of one member for `Members.create_many` (the arguments of `Members.create`)."""

    email: str
    first_name: str
    last_name: str
    role: NotRequired[str]
    member_type: NotRequired[str]
    space_ids: NotRequired[Sequence[int]]
    send_welcome_email: NotRequired[bool]


class MemberChanges(TypedDict, total=False):
    """The fields to change on one member for `Members.update_many`."""

    role: str
    email: str
    first_name: str
    last_name: str


class Members(Resource):
    """Members of the network: ``client.members``.

    Nested: ``client.members.spaces``, ``.plans``, ``.tags``, ``.badges``.
    """

    @cached_property
    def spaces(self) -> MemberSpaces:
        """The spaces one member belongs to."""
        return MemberSpaces(self._client)

    @cached_property
    def plans(self) -> MemberPlans:
        """The plans one member has access to."""
        return MemberPlans(self._client)

    @cached_property
    def tags(self) -> MemberTags:
        """The tags on one member: list, add, get, remove."""
        return MemberTags(self._client)

    @cached_property
    def badges(self) -> MemberBadges:
        """The badges one member holds: list, add, get, remove."""
        return MemberBadges(self._client)

    @paged
    def list(self, **options: Unpack[PageOptions]) -> AsyncPaginator[Member]:
        """Every member of the network, walked page by page (``GET /members``)."""
        return self._paginate("/members", Member, options=options)

    async def get(self, member_id: int) -> Member:
        """One member by id (``GET /members/{id}/``); `NotFound` when absent."""
        return await self._get("/members/{id}/", Member, id=member_id)

    async def get_by_email(self, email: str) -> Member:
        """The member with exactly this email (``GET /members/by_email``); `NotFound` if none."""
        return await self._get("/members/by_email", Member, params={"email": email})

    async def create(
        self,
        *,
        email: str,
        first_name: str,
        last_name: str,
        role: Role | NotGiven = NOT_GIVEN,
        member_type: MemberType | NotGiven = NOT_GIVEN,
        space_ids: Iterable[int] | NotGiven = NOT_GIVEN,
        send_welcome_email: bool | NotGiven = NOT_GIVEN,
    ) -> Member:
        """Add a person to the network (``POST /members``).

        ``role`` is ``host``, ``moderator`` or ``contributor`` (the API's default);
        ``member_type="limited"`` with ``space_ids`` adds them to those spaces only.
        `UnprocessableEntity` when the email is already a member.
        """
        body = given(
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            member_type=member_type,
            space_ids=id_list(space_ids),
            send_welcome_email=send_welcome_email,
        )
        return await self._post("/members", Member, json=body)

    async def update(
        self,
        member_id: int,
        *,
        role: Role | NotGiven = NOT_GIVEN,
        email: str | NotGiven = NOT_GIVEN,
        first_name: str | NotGiven = NOT_GIVEN,
        last_name: str | NotGiven = NOT_GIVEN,
    ) -> Member:
        """Change a member's network role, name or email (``PATCH /members/{id}/``)."""
        body = given(role=role, email=email, first_name=first_name, last_name=last_name)
        return await self._patch("/members/{id}/", Member, json=body, id=member_id)

    replace = put_twin(update)

    async def delete(self, member_id: int) -> None:
        """Soft-delete the member's account (``DELETE /members/{id}/``)."""
        await self._delete("/members/{id}/", id=member_id)

    async def remove_from_network(
        self, member_id: int, *, cancel_plans: bool | NotGiven = NOT_GIVEN
    ) -> None:
        """Take the member out of the network, keeping the account.

        ``DELETE /members/{id}/network_membership``; ``cancel_plans=True`` also cancels the
        plans they bought.
        """
        await self._delete(
            "/members/{id}/network_membership",
            params=given(cancel_plans=cancel_plans),
            id=member_id,
        )

    async def send_password_reset(self, member_id: int) -> None:
        """Email the member the standard password-reset link.

        ``POST /members/{member_id}/password_resets``.
        """
        await self._send("POST", "/members/{member_id}/password_resets", member_id=member_id)

    @bulk
    def get_many(
        self, member_ids: Iterable[int], **options: Unpack[BulkOptions]
    ) -> BulkCall[Member]:
        """Fetch many members by id; each result is a `Member`.

        See `BulkOptions` for ``concurrency`` and ``progress``, and `BulkCall` for the
        results, their order and failures.
        """
        return BulkCall(self.get, member_ids, **options)

    @bulk
    def create_many(
        self, members: Iterable[NewMember], **options: Unpack[BulkOptions]
    ) -> BulkCall[Member]:
        """Create many members; each input holds the keyword arguments of `create`.

        See `BulkOptions` for ``concurrency`` and ``progress``, and `BulkCall` for the
        results, their order and failures.
        """
        return BulkCall(self._create_from, members, **options)

    @bulk
    def update_many(
        self, changes: Mapping[int, MemberChanges], **options: Unpack[BulkOptions]
    ) -> BulkCall[Member]:
        """Update many members (PATCH); ``changes`` maps each member id to the fields to change.

        See `BulkOptions` for ``concurrency`` and ``progress``, and `BulkCall` for the
        results, their order and failures.
        """
        return BulkCall(self._update_from, changes.items(), **options)

    @bulk
    def delete_many(
        self, member_ids: Iterable[int], **options: Unpack[BulkOptions]
    ) -> BulkCall[None]:
        """Soft-delete many members by id; each result is None.

        See `BulkOptions` for ``concurrency`` and ``progress``, and `BulkCall` for the
        results, their order and failures.
        """
        return BulkCall(self.delete, member_ids, **options)

    async def _create_from(self, fields: NewMember) -> Member:
        return await self.create(**fields)

    async def _update_from(self, change: tuple[int, MemberChanges]) -> Member:
        member_id, fields = change
        return await self.update(member_id, **fields)
