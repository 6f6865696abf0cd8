"""An httpx client on an ASGI app with its lifespan running (see `lifespan_transport`)."""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import httpx

from mighty_async.fastapi import LifespanError, lifespan_transport

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["LifespanError", "client_for"]


@asynccontextmanager
async def client_for(app: Any, **kwargs: Any) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on ``app``, started; app exceptions become 500 responses."""
    async with (
        lifespan_transport(app, raise_app_exceptions=False) as transport,
        httpx.AsyncClient(transport=transport, base_url="http://app.test", **kwargs) as client,
    ):
        yield client
