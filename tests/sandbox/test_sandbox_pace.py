"""The test kit at a user's pace: waits on the sandbox's clock, a client outliving a lifespan.

The repository's own conftest makes every unconfigured client's sleeps instant; a user's suite
has no such patch. So the user's-eye tests here run pytest in a subprocess, on a small test
file, where only what the package itself does applies.
"""

from __future__ import annotations

import textwrap
from importlib.metadata import entry_points

import pytest
from fastapi import FastAPI

from mighty_async.fastapi import STATE_KEY, lifespan_transport, mighty_lifespan
from mighty_async.testing import RateWindow, Sandbox

pytest_plugins = ["pytester"]


@pytest.mark.anyio
async def test_a_sandbox_client_paces_on_the_sandbox_clock():
    """The default rate limit still paces Sandbox().client(), in the sandbox's time, not real."""
    sandbox = Sandbox(members=5)
    async with sandbox.client() as client:
        for _ in range(30):
            await client.me()
    assert client.stats.limiter_wait > 10  # 25 calls past the burst of 5, at 100 a minute
    assert sandbox.time.skipped > 10  # ... each wait a jump of the sandbox's clock


@pytest.mark.anyio
async def test_the_sandbox_rate_window_still_answers_429s():
    """With a rate window set, the client meets its 429s and waits them out on the same clock."""
    sandbox = Sandbox(members=5, rate_limit=RateWindow(requests=5, period=60))
    async with sandbox.client() as client:
        for _ in range(12):
            await client.me()
    assert sandbox.statuses.count(200) == 12
    assert sandbox.statuses.count(429) >= 1
    assert sandbox.time.skipped >= 60


@pytest.mark.anyio
async def test_mighty_client_survives_a_lifespan(mighty_sandbox, mighty_client):
    """A client handed to mighty_lifespan itself, not a factory, is lent: shutdown keeps it open."""
    app = FastAPI(lifespan=mighty_lifespan(mighty_client))
    async with lifespan_transport(app):
        pass
    for _ in range(2):  # a second app, as a test module reusing the fixture would
        async with lifespan_transport(FastAPI(lifespan=mighty_lifespan(mighty_client))):
            pass
    assert (await mighty_client.me()).user.id == mighty_sandbox.owner["id"]


@pytest.mark.anyio
async def test_a_factory_still_makes_and_closes_its_own_client(mighty_sandbox):
    """mighty_lifespan(mighty_sandbox.client) builds a client per startup and closes it after."""
    seen = []

    async def inner(app):
        yield {}

    from contextlib import asynccontextmanager  # noqa: PLC0415

    app = FastAPI(
        lifespan=mighty_lifespan(mighty_sandbox.client, lifespan=asynccontextmanager(inner))
    )
    async with lifespan_transport(app) as transport:
        seen.append(transport)
    assert seen
    assert STATE_KEY == "mighty_client"


USER_TESTS = """
import time

import pytest
from fastapi import FastAPI

from mighty_async.fastapi import lifespan_transport, mighty_lifespan
from mighty_async.testing import RateWindow

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def test_many_calls(mighty_sandbox, mighty_client):
    for _ in range(12):
        await mighty_client.me()
    assert mighty_client.stats.limiter_wait > 3  # 7 calls past the burst, at 100 a minute
    assert mighty_sandbox.time.skipped > 3  # each wait a jump of the sandbox's clock


@pytest.mark.mighty_sandbox(rate_limit=RateWindow(requests=3, period=60))
async def test_rate_window(mighty_sandbox, mighty_client):
    for _ in range(6):
        await mighty_client.me()
    assert mighty_sandbox.statuses.count(429) >= 1
    assert mighty_sandbox.statuses.count(200) == 6


async def test_reuse_after_a_lifespan(mighty_client):
    async with lifespan_transport(FastAPI(lifespan=mighty_lifespan(mighty_client))):
        pass
    await mighty_client.me()
"""


def test_a_users_suite_runs_without_real_waits(pytester):
    """In a user's own suite (no instant-clock patch), pacing and 429s cost no real waiting."""
    pytester.makepyfile(test_user_kit=textwrap.dedent(USER_TESTS))
    installed = any(ep.name == "mighty_async" for ep in entry_points(group="pytest11"))
    plugin = [] if installed else ["-p", "mighty_async.testing._pytest_plugin"]
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", *plugin, timeout=120)
    result.assert_outcomes(passed=3)
