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
``mighty_sandbox`` and ``mighty_client`` fixtures.
"""

from ._app import RequestRecord
from ._faults import Faults
from ._ratelimit import RateWindow
from ._sandbox import Sandbox
from ._transport import SandboxTransport

__all__ = ["Faults", "RateWindow", "RequestRecord", "Sandbox", "SandboxTransport"]
