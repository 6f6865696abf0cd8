"""Polls and questions: ``/polls``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Poll
from ._base import NOT_GIVEN, NotGiven, Resource, given, paged, put_twin

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ..models import PollType
    from ._base import PageOptions

__all__ = ["Polls"]

_ITEM = "/polls/{id}/"


class Polls(Resource):
    """Polls (multiple choice, hot/cold, percentage) and open questions: ``client.polls``."""

    @paged
    def list(
        self, *, space_id: int | NotGiven = NOT_GIVEN, **options: Unpack[PageOptions]
    ) -> AsyncPaginator[Poll]:
        """Every poll and question, or those of one space (``GET /polls``)."""
        return self._paginate("/polls", Poll, params=given(space_id=space_id), options=options)

    async def create(
        self,
        *,
        space_id: int,
        title: str,
        poll_type: PollType,
        description: str | NotGiven = NOT_GIVEN,
        choices: Iterable[str] | NotGiven = NOT_GIVEN,
        notify: bool | NotGiven = NOT_GIVEN,
    ) -> Poll:
        """Create a poll or a question (``POST /polls``).

        ``choices`` is needed for the three poll kinds, not for ``poll_type="question"``.
        """
        body = given(
            space_id=space_id,
            title=title,
            description=description,
            poll_type=poll_type,
            choices=choices if choices is NOT_GIVEN else [str(choice) for choice in choices],
            notify=notify,
        )
        return await self._post("/polls", Poll, json=body)

    async def get(self, poll_id: int) -> Poll:
        """One poll or question (``GET /polls/{id}/``)."""
        return await self._get(_ITEM, Poll, id=poll_id)

    async def update(
        self,
        poll_id: int,
        *,
        title: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
    ) -> Poll:
        """Edit a poll's title or description (``PATCH /polls/{id}/``)."""
        return await self._patch(
            _ITEM, Poll, json=given(title=title, description=description), id=poll_id
        )

    replace = put_twin(update)

    async def delete(self, poll_id: int) -> None:
        """Delete a poll or question (``DELETE /polls/{id}/``)."""
        await self._delete(_ITEM, id=poll_id)
