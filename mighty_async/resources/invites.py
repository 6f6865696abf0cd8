"""Invitations: to the network (``/invites``) and to a plan (``/plans/{plan_id}/invites``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from ..errors import ConfigurationError
from ..models import Invite
from ._base import NOT_GIVEN, NotGiven, Resource, given, paged

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ._base import PageOptions

__all__ = ["Invites", "PlanInvites"]

_ITEM = "/invites/{id}/"
_PLAN_ITEMS = "/plans/{plan_id}/invites"
_PLAN_ITEM = "/plans/{plan_id}/invites/{id}/"


class Invites(Resource):
    """Invitations to the network: ``client.invites``.

    ``user_id`` on a write is who is recorded as the sender (the token's owner by default).
    """

    @paged
    def list(
        self, *, email: str | NotGiven = NOT_GIVEN, **options: Unpack[PageOptions]
    ) -> AsyncPaginator[Invite]:
        """Every invitation, or those to one email address (``GET /invites``)."""
        return self._paginate("/invites", Invite, params=given(email=email), options=options)

    async def create(
        self,
        *,
        recipient_email: str,
        recipient_first_name: str | NotGiven = NOT_GIVEN,
        recipient_last_name: str | NotGiven = NOT_GIVEN,
        user_id: int | NotGiven = NOT_GIVEN,
    ) -> Invite:
        """Invite someone to the network and email them (``POST /invites``)."""
        body = given(
            recipient_email=recipient_email,
            recipient_first_name=recipient_first_name,
            recipient_last_name=recipient_last_name,
            user_id=user_id,
        )
        return await self._post("/invites", Invite, json=body)

    async def update(
        self,
        invite_id: int,
        *,
        recipient_email: str | NotGiven = NOT_GIVEN,
        recipient_first_name: str | NotGiven = NOT_GIVEN,
        recipient_last_name: str | NotGiven = NOT_GIVEN,
        user_id: int | NotGiven = NOT_GIVEN,
    ) -> Invite:
        """Edit an invitation's recipient or recorded sender (``PATCH /invites/{id}/``)."""
        body = given(
            recipient_email=recipient_email,
            recipient_first_name=recipient_first_name,
            recipient_last_name=recipient_last_name,
            user_id=user_id,
        )
        return await self._patch(_ITEM, Invite, json=body, id=invite_id)

    async def replace(
        self,
        invite_id: int,
        *,
        recipient_email: str,
        recipient_first_name: str | NotGiven = NOT_GIVEN,
        recipient_last_name: str | NotGiven = NOT_GIVEN,
        user_id: int | NotGiven = NOT_GIVEN,
    ) -> Invite:
        """Set an invitation whole, as PUT (``PUT /invites/{id}/``).

        Unlike `update`, the spec requires ``recipient_email`` here.
        """
        body = given(
            recipient_email=recipient_email,
            recipient_first_name=recipient_first_name,
            recipient_last_name=recipient_last_name,
            user_id=user_id,
        )
        return await self._put(_ITEM, Invite, json=body, id=invite_id)

    async def delete(self, invite_id: int) -> None:
        """Delete an invitation not yet accepted (``DELETE /invites/{id}/``).

        `Conflict` when it already was.
        """
        await self._delete(_ITEM, id=invite_id)


class PlanInvites(Resource):
    """Invitations to one plan: ``client.plans.invites``."""

    @paged
    def list(self, plan_id: int, **options: Unpack[PageOptions]) -> AsyncPaginator[Invite]:
        """Every invitation to the plan (``GET /plans/{plan_id}/invites``)."""
        return self._paginate(_PLAN_ITEMS, Invite, options=options, plan_id=plan_id)

    async def create(
        self,
        plan_id: int,
        *,
        email: str | NotGiven = NOT_GIVEN,
        user_id: int | NotGiven = NOT_GIVEN,
        message: str | NotGiven = NOT_GIVEN,
    ) -> Invite:
        """Invite an email address or an existing user to a plan.

        ``POST /plans/{plan_id}/invites``; every argument travels in the query string, as
        the API wants. Give ``email`` or ``user_id``.
        """
        return await self._post(
            _PLAN_ITEMS,
            Invite,
            params=given(email=email, user_id=user_id, message=message),
            plan_id=plan_id,
        )

    async def get(self, plan_id: int, invite_id: int) -> Invite:
        """One invitation to the plan (``GET /plans/{plan_id}/invites/{id}/``)."""
        return await self._get(_PLAN_ITEM, Invite, plan_id=plan_id, id=invite_id)

    async def resend(
        self, plan_id: int, invite_id: int, *, method: Literal["PATCH", "PUT"] = "PATCH"
    ) -> Invite:
        """Send the invitation email again (``PATCH /plans/{plan_id}/invites/{id}/``).

        The API's "update" of a plan invite has no body and re-sends it; ``method="PUT"`` uses
        the PUT twin of the route instead, which does the same.
        """
        if method not in {"PATCH", "PUT"}:
            raise ConfigurationError(f"method must be 'PATCH' or 'PUT', got {method!r}")
        return await self._call(method, _PLAN_ITEM, Invite, plan_id=plan_id, id=invite_id)

    async def delete(self, plan_id: int, invite_id: int) -> None:
        """Revoke an invitation not yet accepted (``DELETE /plans/{plan_id}/invites/{id}/``).

        `Conflict` when it already was; remove access with ``client.plans.members.remove``.
        """
        await self._delete(_PLAN_ITEM, plan_id=plan_id, id=invite_id)
