"""``python -m mighty_async``: the ``mighty-async`` command."""

from __future__ import annotations

import sys

from ._cli import main

sys.exit(main())
