"""Course content: ``/spaces/{space_id}/courseworks``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..models import Coursework
from ._base import NOT_GIVEN, NotGiven, Resource, given, paged, put_twin

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ..models import CompletionCriteria, CourseworkStatus, CourseworkType, UnlockingCriteria
    from ._base import PageOptions

__all__ = ["Courseworks"]

_ITEMS = "/spaces/{space_id}/courseworks"
_ITEM = "/spaces/{space_id}/courseworks/{id}/"


class Courseworks(Resource):
    """Lessons, quizzes, sections and the overview of a course space.

    ``client.spaces.courseworks``.
    """

    @paged
    def list(
        self,
        space_id: int,
        *,
        type: CourseworkType | NotGiven = NOT_GIVEN,
        parent_id: int | NotGiven = NOT_GIVEN,
        status: CourseworkStatus | NotGiven = NOT_GIVEN,
        **options: Unpack[PageOptions],
    ) -> AsyncPaginator[Coursework]:
        """The items of a course, optionally filtered (``GET /spaces/{space_id}/courseworks``)."""
        return self._paginate(
            _ITEMS,
            Coursework,
            params=given(type=type, parent_id=parent_id, status=status),
            options=options,
            space_id=space_id,
        )

    async def create(
        self,
        space_id: int,
        *,
        type: CourseworkType,
        parent_id: int | NotGiven = NOT_GIVEN,
        title: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        status: CourseworkStatus | NotGiven = NOT_GIVEN,
        completion_criteria: CompletionCriteria | NotGiven = NOT_GIVEN,
        unlocking_criteria: UnlockingCriteria | NotGiven = NOT_GIVEN,
    ) -> Coursework:
        """Add a lesson, quiz or section (``POST /spaces/{space_id}/courseworks``).

        Without ``parent_id`` it goes under the course overview; ``status`` defaults to hidden.
        """
        body = given(
            type=type,
            parent_id=parent_id,
            title=title,
            description=description,
            status=status,
            completion_criteria=completion_criteria,
            unlocking_criteria=unlocking_criteria,
        )
        return await self._post(_ITEMS, Coursework, json=body, space_id=space_id)

    async def get(self, space_id: int, coursework_id: int) -> Coursework:
        """One course item (``GET /spaces/{space_id}/courseworks/{id}/``)."""
        return await self._get(_ITEM, Coursework, space_id=space_id, id=coursework_id)

    async def update(
        self,
        space_id: int,
        coursework_id: int,
        *,
        title: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        status: CourseworkStatus | NotGiven = NOT_GIVEN,
        parent_id: int | NotGiven = NOT_GIVEN,
        completion_criteria: CompletionCriteria | NotGiven = NOT_GIVEN,
        unlocking_criteria: UnlockingCriteria | NotGiven = NOT_GIVEN,
    ) -> Coursework:
        """Edit a course item (``PATCH /spaces/{space_id}/courseworks/{id}/``)."""
        body = given(
            title=title,
            description=description,
            status=status,
            parent_id=parent_id,
            completion_criteria=completion_criteria,
            unlocking_criteria=unlocking_criteria,
        )
        return await self._patch(_ITEM, Coursework, json=body, space_id=space_id, id=coursework_id)

    replace = put_twin(update)

    async def delete(self, space_id: int, coursework_id: int) -> None:
        """Delete a course item (``DELETE /spaces/{space_id}/courseworks/{id}/``)."""
        await self._delete(_ITEM, space_id=space_id, id=coursework_id)
