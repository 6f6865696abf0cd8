"""Network members: ``/members`` and what hangs off one member."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..models import Member
from ._base import NOT_GIVEN, NotGiven, Resource, given, id_list
from .badges import MemberBadges
from .plans import MemberPlans
from .spaces import MemberSpaces
from .tags import MemberTags

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._pagination import AsyncPaginator
    from ..models import MemberType, Role

__all__ = ["Members"]


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

    def list(self, *, per_page: int = 100, max_items: int | None = None) -> AsyncPaginator[Member]:
        """Every member of the network, walked page by page (``GET /members``)."""
        return self._client._paginate(
            self._client.path("/members"), Member, per_page=per_page, max_items=max_items
        )

    async def get(self, member_id: int) -> Member:
        """One member by id (``GET /members/{id}/``); `NotFound` when absent."""
        return await self._client._request(
            "GET", self._client.path("/members/{id}/", id=member_id), Member
        )

    async def get_by_email(self, email: str) -> Member:
        """The member with exactly this email (``GET /members/by_email``); `NotFound` if none."""
        return await self._client._request(
            "GET", self._client.path("/members/by_email"), Member, params={"email": email}
        )

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
        return await self._client._request("POST", self._client.path("/members"), Member, json=body)

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
        return await self._client._request(
            "PATCH", self._client.path("/members/{id}/", id=member_id), Member, json=body
        )

    async def replace(
        self,
        member_id: int,
        *,
        role: Role | NotGiven = NOT_GIVEN,
        email: str | NotGiven = NOT_GIVEN,
        first_name: str | NotGiven = NOT_GIVEN,
        last_name: str | NotGiven = NOT_GIVEN,
    ) -> Member:
        """The same change sent as PUT (``PUT /members/{id}/``)."""
        body = given(role=role, email=email, first_name=first_name, last_name=last_name)
        return await self._client._request(
            "PUT", self._client.path("/members/{id}/", id=member_id), Member, json=body
        )

    async def delete(self, member_id: int) -> None:
        """Soft-delete the member's account (``DELETE /members/{id}/``)."""
        await self._client._request_no_content(
            "DELETE", self._client.path("/members/{id}/", id=member_id)
        )

    async def remove_from_network(
        self, member_id: int, *, cancel_plans: bool | NotGiven = NOT_GIVEN
    ) -> None:
        """Take the member out of the network, keeping the account.

        ``DELETE /members/{id}/network_membership``; ``cancel_plans=True`` also cancels the
        plans they bought.
        """
        await self._client._request_no_content(
            "DELETE",
            self._client.path("/members/{id}/network_membership", id=member_id),
            params=given(cancel_plans=cancel_plans),
        )

    async def send_password_reset(self, member_id: int) -> None:
        """Email the member the standard password-reset link.

        ``POST /members/{member_id}/password_resets``.
        """
        await self._client._request_no_content(
            "POST", self._client.path("/members/{member_id}/password_resets", member_id=member_id)
        )
