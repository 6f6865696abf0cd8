"""The operation table itself, checked without the spec: every row names a real call."""

from __future__ import annotations

import inspect

import pytest

from mighty_async._operations import AREAS, OPERATIONS, Operation
from tests.support.docs import client_for_docs
from tests.support.spec import path_parameters


def test_the_table_has_one_row_per_operation():
    """137 rows, no (method, path) twice."""
    assert len(OPERATIONS) == 137
    assert len({(row.method, row.path) for row in OPERATIONS}) == 137


@pytest.mark.parametrize("row", OPERATIONS, ids=lambda row: f"{row.method} {row.path}")
def test_row_names_a_method_following_the_calling_convention(row: Operation):
    """The call exists, takes one positional id per path id, and its fixed arguments."""
    method = row.resolve(client_for_docs())
    assert callable(method)
    assert row.area in AREAS
    assert row.method in {"GET", "POST", "PUT", "PATCH", "DELETE"}
    signature = inspect.signature(method)
    positional = [
        p.name
        for p in signature.parameters.values()
        if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and p.default is p.empty
    ]
    ids = len(path_parameters(row.path))
    assert len(positional) - ids in ({0, 1} if row.call == "members.get_by_email" else {0})
    assert set(row.fixed) <= set(signature.parameters)


@pytest.mark.parametrize(
    "row", [row for row in OPERATIONS if row.call.endswith(".list")], ids=lambda row: row.call
)
def test_every_list_takes_the_paging_options(row: Operation):
    """Every ``list`` takes ``per_page``, ``max_items`` and ``concurrency``, all optional."""
    parameters = inspect.signature(row.resolve(client_for_docs())).parameters
    for name in ("per_page", "max_items", "concurrency"):
        assert parameters[name].default is not inspect.Parameter.empty


def test_sub_resources_are_built_once_per_client():
    """Nested resources are cached properties: the same object on every access."""
    client = client_for_docs()
    assert client.spaces.members is client.spaces.members
    assert client.members.tags is client.members.tags
    assert client.custom_fields.answers is client.custom_fields.answers
    assert "Posts" in repr(client.posts)
