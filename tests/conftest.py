"""Shared fixtures: both anyio backends, fake tokens, the strict converter, the spec."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from mighty_async._converter import make_converter

from .support.fakeclock import InstantClock
from .support.spec import load_spec

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .support.redis_server import RedisServer


def pytest_configure(config: pytest.Config) -> None:
    """Load the sandbox fixtures here: addopts turns the installed entry point off (coverage)."""
    from mighty_async.testing import _pytest_plugin  # noqa: PLC0415

    if not config.pluginmanager.is_registered(_pytest_plugin):
        config.pluginmanager.register(_pytest_plugin, "mighty_async.testing._pytest_plugin")


@pytest.fixture(autouse=True, scope="session")
def _no_real_sleeps() -> Iterator[InstantClock]:
    """Clients built without an injected clock get an instant one: no test sleeps for real.

    The rate limiter and the retry backoff then cost no wall time in tests that are not about
    timing; tests that are inject their own `FakeClock`. Session-scoped, so that clients built
    by module- or session-scoped fixtures (a served example app) get it too.
    """
    from mighty_async._limiter import SYSTEM_TIME  # noqa: PLC0415

    instant = InstantClock()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SYSTEM_TIME, "clock", instant.now)
        patch.setattr(SYSTEM_TIME, "sleep", instant.sleep)
        patch.setattr(SYSTEM_TIME, "wall_clock", instant.wall)
        yield instant


@pytest.fixture(autouse=True)
def _restore_sdk_logger() -> Iterator[None]:
    """Undo what a test (the CLI's --verbose, MIGHTY_LOG) did to the ``mighty_async`` logger.

    A handler left behind writes to a captured stream that is closed once its test ends, and
    a level left at INFO makes every later request format its audit line for it.
    """
    import logging  # noqa: PLC0415

    logger = logging.getLogger("mighty_async")
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A private redis-server on loopback for one test module (see tests/support/redis_server.py).

    Skipped with a reason when no redis-server binary is installed; a failure under CI=true.
    """
    from .support.redis_server import running_server  # noqa: PLC0415

    yield from running_server(tmp_path_factory.mktemp("redis"))


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every anyio test once on asyncio and once on trio."""
    return str(request.param)


@pytest.fixture
def strict_converter():
    """A converter built like production's but refusing unknown keys, to catch spec drift."""
    return make_converter(strict=True)


@pytest.fixture(scope="session")
def openapi_spec() -> dict[str, Any]:
    """The official OpenAPI document; skipped where absent, a failure under CI=true."""
    return load_spec()


BASE_URL = "https://api.mn.co"
NETWORK_ID = 5
API_PREFIX = f"{BASE_URL}/admin/v1/networks/{NETWORK_ID}"
TOKEN = "test-token-0123456789"


@pytest.fixture
def api():
    """A respx router standing in for the API under the test network's path prefix."""
    import respx  # noqa: PLC0415 - test-only dependency

    with respx.mock(base_url=API_PREFIX, assert_all_called=False) as router:
        yield router


@pytest.fixture
async def client(api):
    """A client for the test network whose requests reach the respx router."""
    from mighty_async import AsyncMightyClient  # noqa: PLC0415

    async with AsyncMightyClient(TOKEN, network_id=NETWORK_ID) as mighty:
        yield mighty
