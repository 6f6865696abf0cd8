"""The commands, one module each: ``whoami``, ``members export``, ``demo``, ``sandbox serve``.

Each module holds one handler, ``cmd_<name>(args) -> int``, which the parser attaches to its
subcommand. The handlers that talk to a network explain its errors themselves (`explain`, with
the settings they used, so the message can name the network or host); what escapes a handler
is explained by `main`. ``demo`` runs ``members export``'s own export, against a sandbox it
seeds.
"""

from __future__ import annotations

from . import demo, export, serve, whoami

__all__ = ["demo", "export", "serve", "whoami"]
