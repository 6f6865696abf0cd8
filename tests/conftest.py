"""Shared fixtures: both anyio backends, fake tokens, the strict converter, the spec."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from mighty_async._converter import make_converter

from .fakeclock import InstantClock

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .redis_support import RedisServer

SPEC_ENV = "MIGHTY_OPENAPI_SPEC"
_DEFAULT_SPEC = (
    Path(__file__).resolve().parents[1].parent / "shared" / "mighty-api" / "openapi.json"
)


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
    """A private redis-server on loopback for one test module (see tests/redis_support.py).

    Skipped with a reason when no redis-server binary is installed; a failure under CI=true.
    """
    from .redis_support import running_server  # noqa: PLC0415

    yield from running_server(tmp_path_factory.mktemp("redis"))


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every anyio test once on asyncio and once on trio."""
    return str(request.param)


@pytest.fixture
def strict_converter():
    """A converter built like production's but refusing unknown keys, to catch spec drift."""
    return make_converter(strict=True)


def spec_path() -> Path | None:
    """Where the official OpenAPI document is, or None when this checkout has none."""
    configured = os.environ.get(SPEC_ENV)
    candidates = [Path(configured)] if configured else []
    candidates.append(_DEFAULT_SPEC)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def openapi_spec() -> dict[str, Any]:
    """The official OpenAPI document; skipped where absent, a failure under CI=true."""
    path = spec_path()
    if path is None:
        reason = (
            f"the official OpenAPI document is not here: set {SPEC_ENV} or place it at "
            f"{_DEFAULT_SPEC}"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must have the spec: {reason}")
        pytest.skip(reason)
    return json.loads(path.read_text(encoding="utf-8"))


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
