"""The example FastAPI app, wired to a mock Mighty API for the tests that drive it."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from unittest import mock

import httpx

from mighty_async import AsyncMightyClient
from mighty_async.webhooks import WebhookReceiver

from .webhook_bodies import FIXED_NOW

if TYPE_CHECKING:
    from types import ModuleType

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "fastapi_app.py"
SECRET = "example-hook-secret-31337"
TOKEN = "test-token-not-real"
NETWORK_ID = 123
MAX_BODY = 64 * 1024
ADA = {
    "id": 42,
    "email": "ada@example.com",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "member_type": "full",
    "created_at": "2026-01-02T03:04:05+00:00",
    "updated_at": "2026-01-02T03:04:05+00:00",
    "permalink": "https://example.mn.co/members/42",
}


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


class MockMighty:
    """A tiny Admin API: ``GET /members/by_email`` knows Ada and 404s everyone else."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        self.requests.append(request)
        assert request.headers["authorization"] == f"Bearer {TOKEN}"
        if request.url.path == f"/admin/v1/networks/{NETWORK_ID}/members/by_email":
            if request.url.params.get("email") == ADA["email"]:
                return httpx.Response(200, json=ADA)
            return httpx.Response(404, json={"error": "not_found", "message": "no such member"})
        return httpx.Response(404, json={"error": "not_found"})


class CountingClient(AsyncMightyClient):
    """An AsyncMightyClient that counts how often it is closed."""

    closes = 0

    async def aclose(self) -> None:
        """Count, then close."""
        self.closes += 1
        await super().aclose()


class ClientFactory:
    """Builds CountingClients on the mock API and remembers each one."""

    def __init__(self) -> None:
        self.api = MockMighty()
        self.clients: list[CountingClient] = []

    def __call__(self) -> CountingClient:
        """Build one more client."""
        client = CountingClient(
            TOKEN,
            network_id=NETWORK_ID,
            base_url="https://api.mn.co",
            transport=httpx.MockTransport(self.api),
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
