"""The foundation's models read bodies built from the spec (property checks: test_models_schema)."""

from __future__ import annotations

import pytest

from mighty_async import Category, Me, Member, Network, User
from mighty_async._converter import structure

from .support.schemas import Sampler

pytestmark = pytest.mark.spec

MODELS = {
    "MemberResponse": Member,
    "UserResponse": User,
    "NetworkResponse": Network,
    "MeResponse": Me,
    "CategoryResponse": Category,
}


@pytest.mark.parametrize("schema_name", sorted(MODELS))
def test_body_built_from_schema_structures_strictly(openapi_spec, schema_name, strict_converter):
    """A body with every property of the schema structures under the strict converter."""
    body = Sampler(openapi_spec, "typed").value(openapi_spec["components"]["schemas"][schema_name])
    model = MODELS[schema_name]
    result = structure(body, model, conv=strict_converter)
    assert isinstance(result, model)


def test_spec_member_categories_string_is_accepted(openapi_spec, strict_converter):
    """The spec's own string typing of categories does not break structuring."""
    body = Sampler(openapi_spec, "typed").value(
        openapi_spec["components"]["schemas"]["MemberResponse"]
    )
    assert isinstance(body["categories"], str)
    assert structure(body, Member, conv=strict_converter).categories is not None


def test_example_ids_as_strings_structure(openapi_spec, strict_converter):
    """The spec's examples write ids as strings ("1234"); they structure as int."""
    schema = openapi_spec["components"]["schemas"]["MemberResponse"]
    body = {
        name: prop["example"] for name, prop in schema["properties"].items() if "example" in prop
    }
    assert body["id"] == "1234"
    assert structure(body, Member, conv=strict_converter).id == 1234


def test_members_paths_match_the_spec(openapi_spec):
    """Every path the members resource uses is a path the spec declares, slash for slash."""
    prefix = "/admin/v1/networks/{network_id}"
    used = {
        ("GET", "/"),
        ("GET", "/me"),
        ("GET", "/members"),
        ("POST", "/members"),
        ("GET", "/members/by_email"),
        ("GET", "/members/{id}/"),
        ("PATCH", "/members/{id}/"),
        ("PUT", "/members/{id}/"),
        ("DELETE", "/members/{id}/"),
        ("DELETE", "/members/{id}/network_membership"),
    }
    declared = {
        (method.upper(), path.removeprefix(prefix) or "/")
        for path, item in openapi_spec["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert used <= declared, used - declared
