"""One `AsyncMightyClient` per FastAPI app: opened by the lifespan, handed out by `Depends`.

The client holds the connection pool and is safe to share between concurrent requests, so an
app opens exactly one at startup and closes it at shutdown. It travels in the ASGI lifespan
state (``request.state.mighty_client``), not in a global, so two apps in one process (or a
test and the app it tests) never share one by accident.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated, Any, Final, TypeAlias

from fastapi import Depends, FastAPI
from starlette.requests import HTTPConnection  # noqa: TC002 - FastAPI reads annotations at run time

from mighty_async._client import AsyncMightyClient
from mighty_async.errors import ConfigurationError

__all__ = ["STATE_KEY", "ClientFactory", "MightyClient", "get_client", "mighty_lifespan"]

STATE_KEY: Final = "mighty_client"
"""The name of the app state entry holding the client `mighty_lifespan` opened."""

ClientFactory: TypeAlias = Callable[[], AsyncMightyClient]
"""Builds the app's client at startup; `AsyncMightyClient` itself (read from the environment)
by default."""

AppLifespan: TypeAlias = Callable[[FastAPI], AbstractAsyncContextManager[Mapping[str, Any] | None]]


def mighty_lifespan(
    client_factory: ClientFactory | AsyncMightyClient | None = None,
    *,
    lifespan: AppLifespan | None = None,
) -> Callable[[FastAPI], AbstractAsyncContextManager[dict[str, Any]]]:
    """A FastAPI lifespan that opens one `AsyncMightyClient` at startup and closes it at shutdown.

    ```python
    app = FastAPI(lifespan=mighty_lifespan())
    ```

    Args:
        client_factory: builds the client, once per startup. The default,
            `AsyncMightyClient`, reads ``MIGHTY_API_TOKEN`` and ``MIGHTY_NETWORK_ID``; pass
            ``lambda: AsyncMightyClient(token, network_id=..., transport=...)`` for anything
            else (a proxy, a mock transport in tests, the sandbox). A client itself (not a
            factory) is lent to the app: every startup uses it and no shutdown closes it, so
            whoever made it (a test's ``mighty_client`` fixture, say) keeps using it after.
        lifespan: the app's own lifespan, run inside this one (so the client is open for all
            of it); the state it yields is merged into the app's state.
    """
    opened: Callable[[], AbstractAsyncContextManager[AsyncMightyClient]]
    if isinstance(client_factory, AsyncMightyClient):
        opened = functools.partial(_lent, client_factory)
    else:
        opened = functools.partial(_owned, client_factory or AsyncMightyClient)

    @asynccontextmanager
    async def lifespan_context(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        async with opened() as client:
            state: dict[str, Any] = {STATE_KEY: client}
            if lifespan is None:
                yield state
                return
            async with lifespan(app) as inner:
                yield {**(inner or {}), **state}

    return lifespan_context


@asynccontextmanager
async def _owned(factory: ClientFactory) -> AsyncIterator[AsyncMightyClient]:
    async with factory() as client:
        yield client


@asynccontextmanager
async def _lent(client: AsyncMightyClient) -> AsyncIterator[AsyncMightyClient]:
    yield client


def get_client(connection: HTTPConnection) -> AsyncMightyClient:
    """The app's `AsyncMightyClient`, for ``Depends(get_client)`` (or the `MightyClient` alias).

    Raises `ConfigurationError` (a 500) when the app was not created with `mighty_lifespan`,
    or runs under a server without lifespan state. Tests replace the client with
    ``app.dependency_overrides[get_client]`` or with ``mighty_lifespan(client_factory)``.
    """
    client = getattr(connection.state, STATE_KEY, None)
    if not isinstance(client, AsyncMightyClient):
        raise ConfigurationError(
            "no AsyncMightyClient in the app's state: create the app with "
            "FastAPI(lifespan=mighty_lifespan(...)) and serve it with lifespan events on"
        )
    return client


MightyClient: TypeAlias = Annotated[AsyncMightyClient, Depends(get_client)]
"""Annotate an endpoint parameter with it to receive the app's client."""
