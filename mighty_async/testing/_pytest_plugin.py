"""pytest fixtures for code that uses mighty-async: a fresh sandbox per test, and a client on it.

pytest loads this module in every session once mighty-async is installed (the ``pytest11``
entry point), so it imports nothing but pytest at import time; the sandbox is loaded when a
test first asks for a fixture.

```python
import pytest

pytestmark = pytest.mark.anyio

@pytest.mark.mighty_sandbox(members=10, seed=3)
async def test_sync_job(mighty_sandbox, mighty_client):
    await my_job(mighty_client)
    assert [r.route for r in mighty_sandbox.requests] == ["/members"]
```
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from mighty_async import AsyncMightyClient
    from mighty_async.testing import Sandbox

__all__ = ["mighty_client", "mighty_sandbox", "mighty_sandbox_url", "pytest_configure"]

_MARKER = "mighty_sandbox"


def pytest_configure(config: pytest.Config) -> None:
    """Declare the ``mighty_sandbox`` marker, so ``--strict-markers`` accepts it."""
    config.addinivalue_line(
        "markers",
        f"{_MARKER}(**options): keyword arguments for the Sandbox of the mighty_sandbox fixture",
    )


@pytest.fixture
def mighty_sandbox(request: pytest.FixtureRequest) -> Sandbox:
    """A fresh `Sandbox` for this test (small by default: 50 members).

    Configure it with ``@pytest.mark.mighty_sandbox(members=..., seed=..., rate_limit=...)``;
    the marker closest to the test wins.
    """
    from mighty_async.testing import Sandbox  # noqa: PLC0415 - keep plugin import light

    marker = request.node.get_closest_marker(_MARKER)
    options = dict(marker.kwargs) if marker is not None else {}
    return Sandbox(**options)


@pytest.fixture
def mighty_client(mighty_sandbox: Sandbox) -> AsyncMightyClient:
    """An `AsyncMightyClient` on ``mighty_sandbox``, in-process (no sockets).

    It holds no connections, so it needs no closing; ``async with mighty_client:`` works too.
    """
    return mighty_sandbox.client()


@pytest.fixture
def mighty_sandbox_url(mighty_sandbox: Sandbox) -> Iterator[str]:
    """``mighty_sandbox`` served over loopback HTTP for this test; yields its base URL.

    For code that builds its own client from a URL. Needs uvicorn (the ``[sandbox]`` extra).
    """
    with mighty_sandbox.serve_in_thread(port=0) as base_url:
        yield base_url
