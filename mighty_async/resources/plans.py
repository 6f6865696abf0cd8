"""Plans (``/plans``), who has access through them, and one member's plans."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..models import Member, Plan
from ._base import Resource, given, paged
from .invites import PlanInvites

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ._base import PageOptions

__all__ = ["MemberPlans", "PlanMembers", "Plans"]


class Plans(Resource):
    """The network's plans: ``client.plans``.

    Nested: ``client.plans.members`` (access) and ``client.plans.invites``. Plans are made in
    the Mighty admin; the API lists, reads and archives them.
    """

    @cached_property
    def members(self) -> PlanMembers:
        """Who has access through a plan: list, add, get, remove."""
        return PlanMembers(self._client)

    @cached_property
    def invites(self) -> PlanInvites:
        """Invitations to a plan: list, create, get, resend, delete."""
        return PlanInvites(self._client)

    @paged
    def list(self, **options: Unpack[PageOptions]) -> AsyncPaginator[Plan]:
        """Every plan of the network (``GET /plans``)."""
        return self._paginate("/plans", Plan, options=options)

    async def get(self, plan_id: int) -> Plan:
        """One plan (``GET /plans/{id}/``)."""
        return await self._get("/plans/{id}/", Plan, id=plan_id)

    async def archive(self, plan_id: int) -> None:
        """Archive a plan (``DELETE /plans/{id}/``).

        This cancels every subscription on it and removes access. `UnprocessableEntity` when
        the API refuses (for instance, Apple products are attached).
        """
        await self._delete("/plans/{id}/", id=plan_id)


class PlanMembers(Resource):
    """Access through one plan: ``client.plans.members``."""

    @paged
    def list(self, plan_id: int, **options: Unpack[PageOptions]) -> AsyncPaginator[Member]:
        """Every member with access through the plan (``GET /plans/{plan_id}/members``)."""
        return self._paginate("/plans/{plan_id}/members", Member, options=options, plan_id=plan_id)

    async def add(self, plan_id: int, *, user_id: int) -> Plan:
        """Give a user a free or non-paid plan at once, without an invite email.

        ``POST /plans/{plan_id}/members?user_id=...``; the API answers with the plan.
        """
        return await self._post(
            "/plans/{plan_id}/members", Plan, params=given(user_id=user_id), plan_id=plan_id
        )

    async def get(self, plan_id: int, member_id: int) -> Member:
        """One member in the plan (``GET /plans/{plan_id}/members/{member_id}/``).

        `NotFound` when they have no access through it.
        """
        return await self._get(
            "/plans/{plan_id}/members/{member_id}/", Member, plan_id=plan_id, member_id=member_id
        )

    async def remove(self, plan_id: int, member_id: int) -> None:
        """Remove a member from a plan by cancelling what grants it.

        ``DELETE /plans/{plan_id}/members/{id}/``.
        """
        await self._delete("/plans/{plan_id}/members/{id}/", plan_id=plan_id, id=member_id)


class MemberPlans(Resource):
    """The plans one member has: ``client.members.plans``."""

    @paged
    def list(self, member_id: int, **options: Unpack[PageOptions]) -> AsyncPaginator[Plan]:
        """Every plan the member has access to (``GET /members/{member_id}/plans``)."""
        return self._paginate(
            "/members/{member_id}/plans", Plan, options=options, member_id=member_id
        )
