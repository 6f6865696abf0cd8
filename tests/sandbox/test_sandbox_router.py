"""The sandbox's route table is an explicit object each app owns, never shared global state."""

from __future__ import annotations

import httpx
import pytest

from mighty_async import ConfigurationError
from mighty_async.testing import Sandbox, _routes_content, _routes_fields, _routes_people
from mighty_async.testing._app import sandbox_router
from mighty_async.testing._call import Call, Reply
from mighty_async.testing._router import Router

pytestmark = pytest.mark.anyio

MODULE_ROUTERS = (_routes_content.router, _routes_fields.router, _routes_people.router)


def _extra(call: Call) -> Reply:
    """A handler only one test's router knows about."""
    return Reply(200, {"extra": call.route})


def _client(sandbox: Sandbox) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=sandbox.transport(),
        base_url=f"{sandbox.base_url}/admin/v1/networks/{sandbox.network_id}",
        headers={"Authorization": f"Bearer {sandbox.token}", "User-Agent": "tests"},
    )


def test_importing_the_routes_modules_registers_nothing_globally():
    """With every routes module imported, a new router is still empty: no global table fills."""
    assert all(router.routes for router in MODULE_ROUTERS)
    assert Router().routes == ()


def test_the_app_table_is_the_modules_tables_in_order():
    """The composed table holds each module's routes, content then fields then people."""
    expected = [route for router in MODULE_ROUTERS for route in router.routes]
    assert list(sandbox_router().routes) == expected


def test_a_composed_router_copies_rather_than_shares():
    """Adding to a router built from another changes neither the source nor a sibling."""
    source = Router()
    source.get("/one")(_extra)
    first, second = Router(source), Router(source)
    first.post("/two")(_extra)
    assert [(r.method, r.template) for r in first.routes] == [("GET", "/one"), ("POST", "/two")]
    assert [(r.method, r.template) for r in second.routes] == [("GET", "/one")]
    assert [(r.method, r.template) for r in source.routes] == [("GET", "/one")]


def test_stacked_decorators_register_each_method():
    """``@router.patch`` over ``@router.put`` routes both methods to the same handler."""
    router = Router()
    router.patch("/things/{id}/")(router.put("/things/{id}/")(_extra))
    found, params, _ = router.match("PATCH", "/things/7/")
    assert found is not None
    assert found.handler is _extra
    assert params == {"id": "7"}
    assert [r.method for r in router.routes] == ["PUT", "PATCH"]


def test_routing_one_operation_twice_is_refused():
    """A second handler for the same method and template is an error, not a silent shadow."""
    router = Router()
    router.delete("/things/{id}/")(_extra)
    with pytest.raises(ConfigurationError, match=r"DELETE /things/\{id\}/ is already routed"):
        router.delete("/things/{id}/")(_extra)


async def test_a_route_added_to_one_sandbox_stays_out_of_the_others():
    """A route added to one sandbox's table answers there only, not in another or a later one."""
    changed, other = Sandbox(members=1), Sandbox(members=1)
    changed.app._router.get("/extra")(_extra)
    later = Sandbox(members=1)
    async with _client(changed) as a, _client(other) as b, _client(later) as c:
        assert (await a.get("/extra")).json() == {"extra": "/extra"}
        assert (await b.get("/extra")).status_code == 404
        assert (await c.get("/extra")).status_code == 404
    assert all(r.template != "/extra" for router in MODULE_ROUTERS for r in router.routes)
