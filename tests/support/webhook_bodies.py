"""Webhook deliveries for the webhook and FastAPI tests: the spec's webhooks and their envelope.

Nothing here copies the spec: payloads are built from the document the `openapi_spec` fixture
loads (with `tests.support.schemas`), so a change in the spec changes the bodies.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

FIXED_NOW = datetime(2026, 7, 5, 21, 11, 41, tzinfo=UTC)
"""The fake clock's time in the receiver tests; deliveries are stamped with it."""


def webhooks(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each webhook name in the spec and its payload schema (a ``$ref``)."""
    found = {}
    for name, item in spec["webhooks"].items():
        body = item["post"]["requestBody"]["content"]["application/json"]["schema"]
        found[name] = body["properties"]["payload"]
    return found


def delivery(
    event_type: str | None,
    payload: Any,
    *,
    event_id: uuid.UUID | str | None = None,
    timestamp: str | None = None,
) -> dict[str, Any]:
    """A delivery envelope; ``event_type`` None leaves the key out, as the spec's schema does."""
    body: dict[str, Any] = {
        "event_id": str(event_id or uuid.uuid4()),
        "event_timestamp": timestamp if timestamp is not None else FIXED_NOW.isoformat(),
        "payload": payload,
    }
    if event_type is not None:
        body["event_type"] = event_type
    return body


def encode(body: Any) -> bytes:
    """The body as Mighty would send it."""
    return json.dumps(body).encode()
