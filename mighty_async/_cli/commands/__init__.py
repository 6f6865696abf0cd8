"""The commands, one module each: ``whoami``, ``members export``, ``demo``, ``sandbox serve``.

Each module holds one handler, ``cmd_<name>(args) -> int``, which the parser attaches to its
subcommand. A handler turns the SDK's errors into `CommandError` with the settings it used
(`explain`), so the message can name the network or host; ``demo`` runs ``members export``'s
own export, against a sandbox it seeds.
"""

from __future__ import annotations

from . import demo, export, serve, whoami

__all__ = ["demo", "export", "serve", "whoami"]
