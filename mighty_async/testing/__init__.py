"""A stateful fake of the Mighty Networks Admin API, for demos and for your own tests.

```python
from mighty_async.testing import Sandbox

sandbox = Sandbox(seed=0, members=200)
async with sandbox.client() as client:          # in-process: no sockets, no server
    async for member in client.members.list():
        ...

async with sandbox.serve() as base_url:         # real loopback HTTP (needs uvicorn)
    ...
```

The pytest plugin (registered automatically when mighty-async is installed) provides the
``mighty_sandbox``, ``mighty_client`` and ``mighty_sandbox_url`` fixtures.

The names below are loaded on first use, so importing the pytest plugin (which pytest does in
every session once mighty-async is installed) does not load the sandbox itself.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import RequestRecord
    from ._faults import Faults
    from ._ratelimit import RateWindow
    from ._sandbox import Sandbox
    from ._time import VirtualTime
    from ._transport import SandboxTransport

__all__ = ["Faults", "RateWindow", "RequestRecord", "Sandbox", "SandboxTransport", "VirtualTime"]

_HOMES = {
    "Faults": "._faults",
    "RateWindow": "._ratelimit",
    "RequestRecord": "._app",
    "Sandbox": "._sandbox",
    "SandboxTransport": "._transport",
    "VirtualTime": "._time",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
