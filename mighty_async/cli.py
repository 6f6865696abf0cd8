"""The ``mighty-async`` command's public entry point: `main`, also run by ``python -m``.

The command itself lives in `mighty_async._cli` (parsing, commands, progress, error table);
the ``mighty-async`` script and ``python -m mighty_async.cli`` both come through here.
"""

from __future__ import annotations

import sys

from ._cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
