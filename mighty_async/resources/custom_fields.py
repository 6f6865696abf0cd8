"""Custom profile fields: ``/custom_fields``, their options and members' answers."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ..models import CustomField, CustomFieldAnswer, CustomFieldOption
from ._base import NOT_GIVEN, NotGiven, Resource, given, id_list, paged, put_twin

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Unpack

    from .._pagination import AsyncPaginator
    from ..models import (
        CustomFieldPrivacy,
        CustomFieldResponseBy,
        CustomFieldStatus,
        CustomFieldType,
    )
    from ._base import PageOptions

__all__ = ["CustomFieldAnswers", "CustomFieldOptions", "CustomFields"]

_ITEM = "/custom_fields/{id}/"
_OPTIONS = "/custom_fields/{custom_field_id}/options"
_OPTION = "/custom_fields/{custom_field_id}/options/{id}/"
_ANSWERS = "/custom_fields/{custom_field_id}/members/{member_id}/answers"
_ANSWER = "/custom_fields/{custom_field_id}/members/{member_id}/answers/{id}/"


class CustomFields(Resource):
    """Profile questions: ``client.custom_fields``.

    Nested: ``client.custom_fields.options`` (dropdown choices) and
    ``client.custom_fields.answers`` (one member's answer). System fields refuse edits with
    `Forbidden`.
    """

    @cached_property
    def options(self) -> CustomFieldOptions:
        """The choices of a dropdown field: list, create, get, update, replace, delete."""
        return CustomFieldOptions(self._client)

    @cached_property
    def answers(self) -> CustomFieldAnswers:
        """A member's answers to a field: list, create, get, delete."""
        return CustomFieldAnswers(self._client)

    @paged
    def list(
        self,
        *,
        response_type: CustomFieldType | NotGiven = NOT_GIVEN,
        **options: Unpack[PageOptions],
    ) -> AsyncPaginator[CustomField]:
        """Every custom field, or those of one ``response_type`` (``GET /custom_fields``).

        The filter also takes ``tag`` and ``badge``; the API ignores unknown values.
        """
        return self._paginate(
            "/custom_fields",
            CustomField,
            params=given(response_type=response_type),
            options=options,
        )

    async def create(
        self,
        *,
        title: str,
        response_type: CustomFieldType,
        privacy: CustomFieldPrivacy,
        response_by: CustomFieldResponseBy,
        description: str | NotGiven = NOT_GIVEN,
        placeholder: str | NotGiven = NOT_GIVEN,
        allow_ad_hoc: bool | NotGiven = NOT_GIVEN,
        max_responses: int | NotGiven = NOT_GIVEN,
        options: Iterable[str] | NotGiven = NOT_GIVEN,
    ) -> CustomField:
        """Create a dropdown or text field (``POST /custom_fields``).

        ``options`` are the initial choice titles of a dropdown; ``max_responses`` (2 to 40)
        applies to multi-select ones.
        """
        body = given(
            title=title,
            description=description,
            placeholder=placeholder,
            response_type=response_type,
            privacy=privacy,
            response_by=response_by,
            allow_ad_hoc=allow_ad_hoc,
            max_responses=max_responses,
            options=options if options is NOT_GIVEN else [str(option) for option in options],
        )
        return await self._post("/custom_fields", CustomField, json=body)

    async def get(self, custom_field_id: int) -> CustomField:
        """One custom field (``GET /custom_fields/{id}/``)."""
        return await self._get(_ITEM, CustomField, id=custom_field_id)

    async def update(
        self,
        custom_field_id: int,
        *,
        title: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        placeholder: str | NotGiven = NOT_GIVEN,
        status: CustomFieldStatus | NotGiven = NOT_GIVEN,
        notify_all_members: bool | NotGiven = NOT_GIVEN,
        primary: bool | NotGiven = NOT_GIVEN,
    ) -> CustomField:
        """Edit a custom field (``PATCH /custom_fields/{id}/``)."""
        body = given(
            title=title,
            description=description,
            placeholder=placeholder,
            status=status,
            notify_all_members=notify_all_members,
            primary=primary,
        )
        return await self._patch(_ITEM, CustomField, json=body, id=custom_field_id)

    replace = put_twin(update)

    async def delete(self, custom_field_id: int) -> None:
        """Delete a custom field (``DELETE /custom_fields/{id}/``)."""
        await self._delete(_ITEM, id=custom_field_id)


class CustomFieldOptions(Resource):
    """The choices of one dropdown field: ``client.custom_fields.options``."""

    @paged
    def list(
        self,
        custom_field_id: int,
        *,
        term: str | NotGiven = NOT_GIVEN,
        **options: Unpack[PageOptions],
    ) -> AsyncPaginator[CustomFieldOption]:
        """Every option, or those whose title matches ``term``.

        ``GET /custom_fields/{custom_field_id}/options``.
        """
        return self._paginate(
            _OPTIONS,
            CustomFieldOption,
            params=given(term=term),
            options=options,
            custom_field_id=custom_field_id,
        )

    async def create(
        self, custom_field_id: int, *, title: str, description: str | NotGiven = NOT_GIVEN
    ) -> CustomFieldOption:
        """Add an option (``POST /custom_fields/{custom_field_id}/options``)."""
        return await self._post(
            _OPTIONS,
            CustomFieldOption,
            json=given(title=title, description=description),
            custom_field_id=custom_field_id,
        )

    async def get(self, custom_field_id: int, option_id: int) -> CustomFieldOption:
        """One option (``GET /custom_fields/{custom_field_id}/options/{id}/``)."""
        return await self._get(
            _OPTION, CustomFieldOption, custom_field_id=custom_field_id, id=option_id
        )

    async def update(
        self,
        custom_field_id: int,
        option_id: int,
        *,
        title: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
    ) -> CustomFieldOption:
        """Edit an option (``PATCH /custom_fields/{custom_field_id}/options/{id}/``)."""
        return await self._patch(
            _OPTION,
            CustomFieldOption,
            json=given(title=title, description=description),
            custom_field_id=custom_field_id,
            id=option_id,
        )

    replace = put_twin(update)

    async def delete(self, custom_field_id: int, option_id: int) -> None:
        """Delete an option (``DELETE /custom_fields/{custom_field_id}/options/{id}/``)."""
        await self._delete(_OPTION, custom_field_id=custom_field_id, id=option_id)


class CustomFieldAnswers(Resource):
    """One member's answers to one field: ``client.custom_fields.answers``."""

    @paged
    def list(
        self, custom_field_id: int, member_id: int, **options: Unpack[PageOptions]
    ) -> AsyncPaginator[CustomFieldAnswer]:
        """The member's answers to the field.

        ``GET /custom_fields/{custom_field_id}/members/{member_id}/answers``.
        """
        return self._paginate(
            _ANSWERS,
            CustomFieldAnswer,
            options=options,
            custom_field_id=custom_field_id,
            member_id=member_id,
        )

    async def create(
        self,
        custom_field_id: int,
        member_id: int,
        *,
        text: str | NotGiven = NOT_GIVEN,
        segment_ids: Iterable[int] | NotGiven = NOT_GIVEN,
    ) -> CustomFieldAnswer:
        """Set the member's answer, replacing any earlier one (an upsert).

        ``POST /custom_fields/{custom_field_id}/members/{member_id}/answers``: ``text`` for a
        text field, ``segment_ids`` (option ids) for a dropdown.
        """
        return await self._post(
            _ANSWERS,
            CustomFieldAnswer,
            json=given(text=text, segment_ids=id_list(segment_ids)),
            custom_field_id=custom_field_id,
            member_id=member_id,
        )

    async def get(self, custom_field_id: int, member_id: int, answer_id: int) -> CustomFieldAnswer:
        """One answer by id.

        ``GET /custom_fields/{custom_field_id}/members/{member_id}/answers/{id}/``.
        """
        return await self._get(
            _ANSWER,
            CustomFieldAnswer,
            custom_field_id=custom_field_id,
            member_id=member_id,
            id=answer_id,
        )

    async def delete(self, custom_field_id: int, member_id: int) -> None:
        """Clear the member's answer.

        ``DELETE /custom_fields/{custom_field_id}/members/{member_id}/answers``.
        """
        await self._delete(_ANSWERS, custom_field_id=custom_field_id, member_id=member_id)
