"""The pytest plugin: fixtures, the marker, a light import, and use from a user's own suite."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

import httpx
import pytest

from mighty_async.testing import _pytest_plugin

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.anyio
async def test_fixtures_give_a_sandbox_and_a_client(mighty_sandbox, mighty_client):
    """mighty_client talks to mighty_sandbox in-process, and the requests log shows it."""
    me = await mighty_client.me()
    assert me.user.id == mighty_sandbox.owner["id"]
    assert [(r.method, r.route, r.status) for r in mighty_sandbox.requests] == [("GET", "/me", 200)]


@pytest.mark.mighty_sandbox(members=7, seed=2, subdomain="acme")
def test_marker_configures_the_sandbox(mighty_sandbox):
    """@pytest.mark.mighty_sandbox(...) passes its keyword arguments to the Sandbox."""
    assert len(mighty_sandbox.member_ids) == 7
    assert (mighty_sandbox.seed, mighty_sandbox.subdomain) == (2, "acme")


def test_sandbox_url_serves_over_http(mighty_sandbox, mighty_sandbox_url):
    """mighty_sandbox_url serves the test's sandbox over loopback HTTP."""
    response = httpx.get(
        f"{mighty_sandbox_url}/admin/v1/networks/{mighty_sandbox.network_id}/",
        headers={"Authorization": f"Bearer {mighty_sandbox.token}", "User-Agent": "tests"},
    )
    assert response.status_code == 200
    assert response.json()["subdomain"] == "sandbox"


def test_plugin_import_is_light():
    """Importing the plugin loads neither the sandbox nor uvicorn (httpx's own imports aside)."""
    code = (
        "import sys, mighty_async.testing._pytest_plugin\n"
        "heavy = ['uvicorn', 'jsonschema', 'mighty_async.testing._sandbox',"
        " 'mighty_async.testing._app', 'mighty_async.testing._store']\n"
        "print([m for m in heavy if m in sys.modules])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(  # noqa: S603 - a fixed snippet
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]"


def test_lazy_names_resolve():
    """The public names of mighty_async.testing load on first use and are listed by dir()."""
    from mighty_async import testing  # noqa: PLC0415

    assert testing.Sandbox.__name__ == "Sandbox"
    assert {"Faults", "RateWindow", "RequestRecord", "Sandbox", "SandboxTransport"} <= set(
        dir(testing)
    )
    with pytest.raises(AttributeError):
        _ = testing.NotAThing


def _plugins() -> list[object]:
    """The plugin to pass in, unless the installed package's entry point loads it already."""
    installed = any(ep.name == "mighty_async" for ep in entry_points(group="pytest11"))
    return [] if installed else [_pytest_plugin]


def test_works_in_a_users_suite(pytester):
    """A user's own test file can use the fixtures and the marker as the docs show."""
    pytester.makepyfile(
        test_user_code=textwrap.dedent(
            """
            import pytest

            pytestmark = pytest.mark.anyio

            @pytest.fixture
            def anyio_backend():
                return "asyncio"

            async def count_members(client):
                return len(await client.members.list().collect())

            @pytest.mark.mighty_sandbox(members=120)
            async def test_counts(mighty_sandbox, mighty_client):
                assert await count_members(mighty_client) == 120
                assert [r.query["page"] for r in mighty_sandbox.requests] == ["1", "2"]

            async def test_default_size(mighty_client):
                assert await count_members(mighty_client) == 50
            """
        )
    )
    result = pytester.runpytest("--strict-markers", plugins=_plugins())
    result.assert_outcomes(passed=2)
