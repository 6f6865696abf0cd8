"""A private ``redis-server`` on loopback, for the tests and the fleet benchmark.

Each test module that needs Redis starts its own server on a free port, with persistence off
(``--save '' --appendonly no``), and can kill it (SIGKILL), freeze it (SIGSTOP, so that it
accepts connections and never answers) and start it again on the same port.

Without a ``redis-server`` binary the tests skip, saying so; under ``CI=true`` they fail
instead, because CI installs one (``.ci/run``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

BINARY_ENV = "REDIS_SERVER"
_START_TIMEOUT = 10.0


def redis_binary() -> str | None:
    """The ``redis-server`` to run: ``$REDIS_SERVER``, else the one on the PATH."""
    configured = os.environ.get(BINARY_ENV)
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("redis-server")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ping(port: int, timeout: float = 0.5) -> bool:
    """Whether a Redis server answers PING on ``port``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith(b"+PONG")
    except OSError:
        return False


class RedisServer:
    """One ``redis-server`` subprocess on 127.0.0.1, restartable on the same port."""

    def __init__(self, binary: str, workdir: Path) -> None:
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The ``redis://`` URL of the server (database 0)."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start the server (on the same port as before, if it ran already) and wait for it."""
        self.process = subprocess.Popen(  # noqa: S603 - our own binary and arguments
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
                "--loglevel",
                "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + _START_TIMEOUT
        while not ping(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"redis-server did not answer on port {self.port}")
            time.sleep(0.02)

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def freeze(self) -> None:
        """Stop the server (SIGSTOP): connections open, nothing is ever answered."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        """Resume a frozen server (SIGCONT); nothing when it does not run."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def restart(self) -> None:
        """Kill the server if it runs, then start it again, empty, on the same port."""
        self.kill()
        self.start()


def missing_server(reason: str) -> None:
    """Skip the test for ``reason``, or fail it under ``CI=true`` (CI installs redis-server)."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must have redis-server: {reason}")
    pytest.skip(reason)


def running_server(workdir: Path) -> Iterator[RedisServer]:
    """Start a server for the ``with``/fixture body and kill it afterwards."""
    binary = redis_binary()
    if binary is None:
        missing_server(
            "no redis-server binary (install Debian's redis-server, or set REDIS_SERVER to "
            "its path); the Redis limiter tests need a real server on loopback"
        )
        return
    server = RedisServer(binary, workdir)
    server.start()
    try:
        yield server
    finally:
        server.thaw()
        server.kill()
