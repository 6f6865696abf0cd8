"""Count this process's open TCP connections to a port, from /proc (Linux only).

A connection counts while its file descriptor is open in this process, whatever state the
kernel keeps it in afterwards: "closed" here means the client let go of the socket.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

_SOCKET = "socket:["


def _socket_inodes() -> set[str]:
    inodes = set()
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith(_SOCKET):
            inodes.add(target[len(_SOCKET) : -1])
    return inodes


def open_connections_to(port: int) -> int:
    """Sockets of this process whose remote end is ``port`` (a server's side never counts)."""
    if not sys.platform.startswith("linux"):
        pytest.skip("counting sockets reads /proc: Linux only")
    inodes = _socket_inodes()
    count = 0
    for table in ("tcp", "tcp6"):
        path = Path("/proc/self/net") / table
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            remote_port = int(fields[2].rsplit(":", 1)[1], 16)
            if remote_port == port and fields[9] in inodes:
                count += 1
    return count
