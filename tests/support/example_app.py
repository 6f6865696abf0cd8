"""The example FastAPI app, wired to a sandbox network for the tests that drive it."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

from mighty_async import AsyncMightyClient
from mighty_async.testing import Sandbox
from mighty_async.webhooks import WebhookReceiver

from .webhook_bodies import FIXED_NOW

if TYPE_CHECKING:
    from types import ModuleType

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fastapi_app.py"
SECRET = "example-hook-secret-31337"
TOKEN = "test-token-not-real"
NETWORK_ID = 123
MAX_BODY = 64 * 1024


def load_example() -> ModuleType:
    """Import examples/fastapi_app.py once, with no Mighty settings in the environment."""
    name = "mighty_example_fastapi_app"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    keep = {k: v for k, v in os.environ.items() if not k.startswith("MIGHTY_")}
    with mock.patch.dict(os.environ, keep, clear=True):
        spec.loader.exec_module(module)
    sys.modules[name] = module
    return module


class CountingClient(AsyncMightyClient):
    """An AsyncMightyClient that counts how often it is closed."""

    closes = 0

    async def aclose(self) -> None:
        """Count, then close."""
        self.closes += 1
        await super().aclose()


class ClientFactory:
    """Builds CountingClients on one sandbox network and remembers each one.

    The network has one member, the token's owner: `member` is the one a lookup finds.
    """

    def __init__(self) -> None:
        self.sandbox = Sandbox(members=1, token=TOKEN, network_id=NETWORK_ID)
        self.clients: list[CountingClient] = []

    @property
    def member(self) -> dict[str, Any]:
        """The network's one member, as the API sends it."""
        (found,) = self.sandbox.iter_members()
        return found

    def lookups(self) -> list[str]:
        """The emails looked up so far, in order."""
        return [r.query["email"] for r in self.sandbox.requests if r.route == "/members/by_email"]

    def __call__(self) -> CountingClient:
        """Build one more client."""
        client = CountingClient(
            TOKEN,
            network_id=NETWORK_ID,
            base_url=self.sandbox.base_url,
            transport=self.sandbox.transport(),
        )
        self.clients.append(client)
        return client


def make_receiver(**kwargs: Any) -> WebhookReceiver:
    """The receiver the tests give the example: fake clock, a small body limit."""
    kwargs.setdefault("clock", lambda: FIXED_NOW)
    kwargs.setdefault("max_body_size", MAX_BODY)
    return WebhookReceiver(SECRET, **kwargs)


def auth(secret: str = SECRET) -> dict[str, str]:
    """The header Mighty sends."""
    return {"Authorization": f"Bearer {secret}", "Content-Type": "application/json"}
