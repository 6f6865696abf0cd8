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

import typing as _typing

from .._lazy import lazy_names as _lazy_names

if _typing.TYPE_CHECKING:
    from ._app import RequestRecord
    from ._faults import Faults
    from ._ratelimit import RateWindow
    from ._sandbox import Sandbox
    from ._time import VirtualTime
    from ._transport import SandboxTransport

__all__ = ["Faults", "RateWindow", "RequestRecord", "Sandbox", "SandboxTransport", "VirtualTime"]

__getattr__, __dir__ = _lazy_names(
    __name__,
    globals(),
    {
        "._app": ("RequestRecord",),
        "._faults": ("Faults",),
        "._ratelimit": ("RateWindow",),
        "._sandbox": ("Sandbox",),
        "._time": ("VirtualTime",),
        "._transport": ("SandboxTransport",),
    },
)
