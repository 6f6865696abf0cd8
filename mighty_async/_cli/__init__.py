"""The ``mighty-async`` command: whoami, members export, sandbox serve, and demo.

```console
$ mighty-async demo                                  # no token needed: a local fake network
$ mighty-async whoami --token ... --network 1234 --wait 10
$ mighty-async members export --format jsonl --out members.jsonl
$ mighty-async sandbox serve --port 8000 --members 5000
```

The token and network come from ``--token``/``--network`` or ``MIGHTY_API_TOKEN`` /
``MIGHTY_NETWORK_ID`` (``--base-url`` / ``MIGHTY_BASE_URL`` point at another host, such as a
served sandbox). Expected failures print one line and exit non-zero; ``--verbose`` adds the
traceback. Exit codes: 0 success, 1 failure, 2 usage or configuration, 130 interrupted.

The rooms: `parsing` (the parser and its value checks), `commands` (one module per command),
`connection` (credentials, the client, the sandbox, imported only when a command runs one),
`progress` (the bar and the notes), `errors` (the one table from exception to message and exit
status) and `main`. The public entry points are `mighty_async.cli` (``python -m
mighty_async.cli`` and the ``mighty-async`` script) and ``python -m mighty_async``.
"""

from __future__ import annotations

from .main import main

__all__ = ["main"]
