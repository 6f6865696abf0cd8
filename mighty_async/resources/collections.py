"""Collections of spaces: ``/collections``."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..errors import ConfigurationError
from ..models import Collection, CollectionOrderItem
from ._base import NOT_GIVEN, NotGiven, Resource, given, paged, put_twin

if TYPE_CHECKING:
    from typing import Unpack

    from .._pagination import AsyncPaginator, Page
    from ._base import PageOptions

__all__ = ["Collections"]

_ITEM = "/collections/{id}/"


def _space_positions(spaces: Mapping[int, int] | Iterable[int]) -> list[dict[str, int]]:
    """Build the ``spaces`` body of a reorder.

    A mapping is ``{space_id: position}``; any other iterable lists space ids in their new
    order (positions 1, 2, 3, ...).
    """
    if isinstance(spaces, str | bytes):
        raise ConfigurationError("spaces must be space ids or a {space_id: position} mapping")
    if isinstance(spaces, Mapping):
        pairs = list(spaces.items())
    else:
        pairs = [(space_id, position) for position, space_id in enumerate(spaces, start=1)]
    return [{"space_id": int(space), "position": int(position)} for space, position in pairs]


class Collections(Resource):
    """Named groups of spaces: ``client.collections``."""

    @paged
    def list(self, **options: Unpack[PageOptions]) -> AsyncPaginator[Collection]:
        """Every collection (``GET /collections``)."""
        return self._paginate("/collections", Collection, options=options)

    async def create(
        self,
        *,
        name: str,
        description: str | NotGiven = NOT_GIVEN,
        visible_to_members: bool | NotGiven = NOT_GIVEN,
    ) -> Collection:
        """Create a collection (``POST /collections``)."""
        body = given(name=name, description=description, visible_to_members=visible_to_members)
        return await self._post("/collections", Collection, json=body)

    async def get(self, collection_id: int) -> Collection:
        """One collection (``GET /collections/{id}/``)."""
        return await self._get(_ITEM, Collection, id=collection_id)

    async def update(
        self,
        collection_id: int,
        *,
        name: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        visible_to_members: bool | NotGiven = NOT_GIVEN,
    ) -> Collection:
        """Edit a collection (``PATCH /collections/{id}/``)."""
        body = given(name=name, description=description, visible_to_members=visible_to_members)
        return await self._patch(_ITEM, Collection, json=body, id=collection_id)

    replace = put_twin(update)

    async def delete(self, collection_id: int) -> None:
        """Delete a collection (``DELETE /collections/{id}/``); refused while it has spaces."""
        await self._delete(_ITEM, id=collection_id)

    async def reorder(
        self,
        collection_id: int,
        *,
        spaces: Mapping[int, int] | Iterable[int],
        per_page: int = 100,
    ) -> Page[CollectionOrderItem]:
        """Set the order of the spaces in a collection (``PUT /collections/{id}/order``).

        ``spaces`` is a list of space ids in their new order, or a ``{space_id: position}``
        mapping (positions start at 1). The API answers with the reordered spaces as one page
        of a list; that first page is returned (it holds up to ``per_page`` spaces).
        """
        paginator = self._paginate(
            "/collections/{id}/order",
            CollectionOrderItem,
            options={"per_page": per_page},
            method="PUT",
            json={"spaces": _space_positions(spaces)},
            id=collection_id,
        )
        return await paginator.fetch_page(1)
