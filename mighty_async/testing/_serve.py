"""Serving a sandbox over real loopback HTTP with uvicorn (the ``[sandbox]`` extra).

uvicorn runs in a daemon thread with its own asyncio loop, so the caller's code may run on
asyncio or trio, in sync fixtures or in scripts. ``port=0`` lets the OS pick a free port; the
context managers yield the base URL actually bound. `Server` serves any ASGI app (the
suite runs the FastAPI example under it too); only the sandbox's is public.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import TYPE_CHECKING, Any

import anyio

from ..errors import ConfigurationError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Iterator

    from ._app import ASGIApp

__all__ = ["Server", "serve_async", "serve_in_thread"]

_STARTUP_TIMEOUT = 10.0


def _uvicorn() -> Any:
    try:
        import uvicorn  # noqa: PLC0415 - optional dependency
    except ImportError:  # pragma: no cover - the test environment has it
        raise ConfigurationError(
            "serving the sandbox over HTTP needs uvicorn: pip install 'mighty-async[sandbox]'"
        ) from None
    return uvicorn


class Server:
    """One uvicorn server for a sandbox (or another ASGI app), started and stopped from any thread.

    ``lifespan=True`` runs the app's startup and shutdown (an app with a lifespan, such as a
    FastAPI one); the sandbox has none to run.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        log_level: str = "warning",
        lifespan: bool = False,
    ) -> None:
        uvicorn = _uvicorn()
        config = uvicorn.Config(
            app,
            host=host,
            port=port,
            log_level=log_level,
            lifespan="on" if lifespan else "off",
            http="h11",
            ws="none",
            access_log=False,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="mighty-sandbox", daemon=True)
        self.host = host
        self._requested_port = port
        self._socket: socket.socket | None = None

    @property
    def port(self) -> int:
        """The port bound (known once started)."""
        sockets = self._server.servers[0].sockets
        return int(sockets[0].getsockname()[1])

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the running server."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def _run(self) -> None:
        try:
            self._server.run(sockets=[self._socket])
        except SystemExit:  # pragma: no cover - uvicorn gave up; start() reports it
            return

    def _bind(self) -> socket.socket:
        """Bind the listening socket here, so a taken port is our one clear error.

        uvicorn would bind it itself, but then logs its own error line before exiting. The
        protocol is named: asyncio turns Nagle's algorithm off (``TCP_NODELAY``) only on
        sockets whose protocol is TCP, and with it on, each answer's body waited for the
        client's delayed ACK, about 40 ms per request on a kept-alive connection.
        """
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.host, self._requested_port))
        except OSError as exc:
            sock.close()
            raise ConfigurationError(
                f"the sandbox server could not start on {self.host}:{self._requested_port}: "
                f"{exc.strerror or exc}"
            ) from None
        return sock

    def start(self) -> str:
        """Bind, start serving and wait until the server runs; return the base URL."""
        self._socket = self._bind()
        self._thread.start()
        deadline = time.monotonic() + _STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive():  # pragma: no cover - uvicorn failed after bind
                raise ConfigurationError(
                    f"the sandbox server could not start on {self.host}:{self._requested_port} "
                    "(is the port in use?)"
                )
            if time.monotonic() > deadline:  # pragma: no cover - a stuck start
                self.stop()
                raise ConfigurationError("the sandbox server did not start within 10 seconds")
            time.sleep(0.005)
        return self.base_url

    def stop(self) -> None:
        """Ask the server to finish and wait for its thread."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(_STARTUP_TIMEOUT)
        if self._socket is not None:
            self._socket.close()

    def wait(self) -> None:
        """Block until the server stops (Ctrl-C in the main thread interrupts the wait)."""
        while self._thread.is_alive():
            self._thread.join(0.2)


@contextlib.contextmanager
def serve_in_thread(
    app: ASGIApp, *, host: str = "127.0.0.1", port: int = 0, lifespan: bool = False
) -> Iterator[str]:
    """Serve ``app`` (a sandbox) for the ``with`` block; yield its base URL."""
    server = Server(app, host=host, port=port, lifespan=lifespan)
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


@contextlib.asynccontextmanager
async def serve_async(
    app: ASGIApp, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[str]:
    """Serve ``app`` (a sandbox) for the ``async with`` block; yield its base URL."""
    server = Server(app, host=host, port=port)
    url = await anyio.to_thread.run_sync(server.start)
    try:
        yield url
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(server.stop)
