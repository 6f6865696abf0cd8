"""Run an ASGI app under a real uvicorn server on 127.0.0.1, in a thread, for socket-level tests.

uvicorn runs its own asyncio loop in the thread; tests talk to it over the loopback from any
anyio backend. Startup is awaited on a threading.Event set by the server itself (no polling,
no sleeps).
"""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import uvicorn

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

STARTUP_TIMEOUT = 15.0


class _Server(uvicorn.Server):
    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        self.ready.set()


@contextmanager
def serving(app: Callable[..., Any]) -> Iterator[str]:
    """Serve ``app`` with lifespan on a free loopback port; yield its base URL."""
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it every response waits 40 ms on Nagle's algorithm against a delayed ACK.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        lifespan="on",
        loop="asyncio",
        http="h11",
        ws="none",
        log_level="warning",
        access_log=False,
    )
    server = _Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        if not server.ready.wait(STARTUP_TIMEOUT) or server.should_exit:
            message = "uvicorn did not start"
            raise RuntimeError(message)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT)
        sock.close()
