"""FastAPI integration: one shared client per app, and Mighty webhooks as routes.

Needs the ``fastapi`` extra (``pip install 'mighty-async[fastapi]'``).

```python
from fastapi import FastAPI
from mighty_async.fastapi import MightyClient, add_webhook_route, mighty_lifespan
from mighty_async.webhooks import WebhookEvent

app = FastAPI(lifespan=mighty_lifespan())


@app.get("/members/{member_id}")
async def member(member_id: int, client: MightyClient) -> dict[str, str]:
    found = await client.members.get(member_id)
    return {"name": found.full_name}


async def on_event(event: WebhookEvent) -> None: ...


add_webhook_route(app, "/webhooks/mighty", on_event)
```
"""

try:
    import fastapi as _fastapi  # noqa: F401 - fail here, with the fix, when the extra is missing
except ImportError as exc:  # pragma: no cover - exercised by a subprocess test
    raise ImportError(
        "mighty_async.fastapi needs FastAPI: install it with pip install 'mighty-async[fastapi]'"
    ) from exc

from ._client import STATE_KEY, ClientFactory, MightyClient, get_client, mighty_lifespan
from ._testing import LifespanError, lifespan_transport
from ._webhooks import MightyWebhook, WebhookHandler, add_webhook_route, read_body

__all__ = [
    "STATE_KEY",
    "ClientFactory",
    "LifespanError",
    "MightyClient",
    "MightyWebhook",
    "WebhookHandler",
    "add_webhook_route",
    "get_client",
    "lifespan_transport",
    "mighty_lifespan",
    "read_body",
]
