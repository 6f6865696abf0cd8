"""A raw-socket HTTP/1.1 server on 127.0.0.1, in a thread, that answers exactly the bytes given.

For the tests of broken answers over a real socket: the n-th connection gets ``answers[n]``
(the last one repeats), written as given, and then the connection is closed (``"close"``) or
held open without another byte until the server stops (``"stall"``). Every answer is meant
for one request per connection, so each request the client sends is one connection here.
It also counts the requests that reached it (a request line and headers were read).

```python
with RawServer([Answer(CUT), Answer(OK)]) as server:
    ...  # server.url, server.requests
```
"""

from __future__ import annotations

import socket
import threading
from typing import TYPE_CHECKING, Literal, Self

import attrs

if TYPE_CHECKING:
    from types import TracebackType

OK = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 9\r\n"
    b"Connection: close\r\n\r\n"
    b'{"id": 1}'
)
"""A complete answer."""

CUT = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 64\r\n"
    b"Connection: close\r\n\r\n"
    b'{"id": '
)
"""Headers, then 7 of the 64 bytes of body promised: the connection is cut after it."""

_STOP_TIMEOUT = 10.0


@attrs.frozen
class Answer:
    """The bytes one connection gets, and what happens to it afterwards."""

    data: bytes
    then: Literal["close", "stall"] = "close"


class RawServer:
    """Plays ``answers`` to successive connections; use as a context manager."""

    def __init__(self, answers: list[Answer]) -> None:
        self.answers = answers
        self.requests: list[bytes] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self._threads: list[threading.Thread] = []
        self._accepter = threading.Thread(target=self._accept, daemon=True)
        self._connections = 0

    @property
    def url(self) -> str:
        """The base URL to give a client."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Self:
        self._accepter.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._accepter.join(_STOP_TIMEOUT)
        for thread in self._threads:
            thread.join(_STOP_TIMEOUT)
        self._listener.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            answer = self.answers[min(self._connections, len(self.answers) - 1)]
            self._connections += 1
            thread = threading.Thread(target=self._serve, args=(conn, answer), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket, answer: Answer) -> None:
        with conn:
            conn.settimeout(_STOP_TIMEOUT)
            head = b""
            try:
                while b"\r\n\r\n" not in head:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    head += chunk
                with self._lock:
                    self.requests.append(head.split(b"\r\n", 1)[0])
                conn.sendall(answer.data)
                if answer.then == "stall":
                    self._stop.wait(_STOP_TIMEOUT)
            except OSError:
                return
