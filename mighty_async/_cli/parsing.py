"""The argument parser of ``mighty-async``, and the checks of its option values.

Each value is checked by its option's ``type``, so argparse names the flag in the refusal
("argument --max-wait: ...") and exits 2; the messages say what would have been accepted.
``whoami`` and ``members export`` take the connection options (``--token``, ``--network``,
``--base-url``, ``--sandbox``, ``--verbose``) after the command as well as before it; their
copies default to `argparse.SUPPRESS`, so they do not overwrite a value given before it.
"""

from __future__ import annotations

import argparse
import math
import tempfile
from pathlib import Path
from typing import Final

from .._config import BASE_URL_ENV, DEFAULT_BASE_URL, NETWORK_ENV, TOKEN_ENV
from .._export import FORMATS
from .._transport import DEFAULT_RATE_LIMIT
from .._version import __version__
from . import commands
from .connection import DEFAULT_MAX_WAIT, OFF

__all__ = ["PROG", "build_parser"]

PROG: Final = "mighty-async"
_DEMO_MEMBERS: Final = 5000
_DEMO_RATE: Final = "20/2"
_MAX_PORT: Final = 65535


# -- value checks -------------------------------------------------------------------------------


def _whole(text: str, *, least: int, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"expected {what}, got {value}")
    return value


def _positive_int(text: str) -> int:
    return _whole(text, least=1, what="a whole number of at least 1")


def _any_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def _port(text: str) -> int:
    value = _whole(text, least=0, what=f"a port from 0 to {_MAX_PORT} (0: any free port)")
    if value > _MAX_PORT:
        raise argparse.ArgumentTypeError(
            f"expected a port from 0 to {_MAX_PORT} (0: any free port), got {value}"
        )
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"expected a number of seconds, 0 or more, got {text!r}")
    return value


def _rate(text: str) -> str:
    """A ``REQUESTS/SECONDS`` rate or ``off``, checked here and parsed where it is used."""
    if text.strip().lower() in OFF:
        return "off"
    from ..testing import RateWindow  # noqa: PLC0415 - only the rate options need it

    try:
        RateWindow.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected REQUESTS/SECONDS, both positive, like 100/60, or 'off'; got {text!r}"
        ) from None
    return text


# -- the parser ---------------------------------------------------------------------------------


def _common(*, suppress: bool) -> argparse.ArgumentParser:
    default = argparse.SUPPRESS if suppress else None
    common = argparse.ArgumentParser(add_help=False)
    group = common.add_argument_group("connection")
    group.add_argument(
        "--token", metavar="TOKEN", default=default, help=f"API token (default: ${TOKEN_ENV})"
    )
    group.add_argument(
        "--network",
        metavar="NETWORK",
        default=default,
        help=f"network id or subdomain (default: ${NETWORK_ENV})",
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=default,
        help=f"API host (default: ${BASE_URL_ENV} or {DEFAULT_BASE_URL})",
    )
    group.add_argument(
        "--sandbox",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="talk to an in-process sandbox network instead (no token needed)",
    )
    _verbose(group, suppress=suppress)
    return common


def _verbose(parser: argparse.ArgumentParser | argparse._ArgumentGroup, *, suppress: bool) -> None:
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="print tracebacks on errors",
    )


def _export_options(parser: argparse.ArgumentParser, *, out_default: str | None) -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default="jsonl", help="file format (default: %(default)s)"
    )
    where = f"(default: {out_default})" if out_default else "(required)"
    parser.add_argument(
        "--out",
        metavar="PATH",
        required=out_default is None,
        help=(
            "file to write, replaced only once the export ends; '-' for standard output " + where
        ),
    )
    parser.add_argument(
        "--concurrency",
        metavar="N",
        type=_positive_int,
        default=1,
        help="pages fetched at once (default: 1, sequential, the gentlest on the quota)",
    )
    parser.add_argument(
        "--max-wait",
        metavar="SECONDS",
        type=_seconds,
        default=DEFAULT_MAX_WAIT,
        help=(
            "seconds one request may spend waiting out 429s before the export gives up "
            f"(default: {DEFAULT_MAX_WAIT:g})"
        ),
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar (default: one on a terminal)"
    )


def _sandbox_options(parser: argparse.ArgumentParser, *, members: int, rate: str) -> None:
    parser.add_argument(
        "--members",
        metavar="N",
        type=_positive_int,
        default=members,
        help="members the sandbox network is seeded with (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        metavar="N",
        type=_any_int,
        default=0,
        help="seed of the fake data: the same seed, the same network (default: %(default)s)",
    )
    parser.add_argument(
        "--rate-limit",
        metavar="REQUESTS/SECONDS",
        type=_rate,
        default=None if rate == "none" else rate,
        help=(
            "the sandbox's own limit, answering 429 beyond it, e.g. 100/60, or 'off' "
            f"(default: {rate})"
        ),
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``mighty-async``; each command's ``handler`` is set as a default."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="The Mighty Networks Admin API from the command line.",
        parents=[_common(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _common(suppress=True)

    whoami = subparsers.add_parser("whoami", parents=[common], help="who the token belongs to")
    whoami.add_argument("--json", action="store_true", help="print the raw answer as JSON")
    whoami.add_argument(
        "--wait",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help=(
            "retry a 401 for up to this long (a new token may take a moment to propagate; "
            "default: %(default)g, no retry)"
        ),
    )
    whoami.set_defaults(handler=commands.whoami.cmd_whoami)

    members = subparsers.add_parser("members", help="network members")
    member_commands = members.add_subparsers(
        dest="members_command", metavar="ACTION", required=True
    )
    export = member_commands.add_parser(
        "export", parents=[common], help="export every member to a file, streaming"
    )
    _export_options(export, out_default=None)
    export.add_argument(
        "--max-items",
        metavar="N",
        type=_positive_int,
        help="stop after this many members (default: all of them)",
    )
    export.add_argument(
        "--rate-limit",
        metavar="REQUESTS/SECONDS",
        type=_rate,
        help=(
            "pace requests to REQUESTS/SECONDS, or 'off' "
            f"(default: {DEFAULT_RATE_LIMIT.requests}/{DEFAULT_RATE_LIMIT.period:g}, the SDK's)"
        ),
    )
    export.set_defaults(handler=commands.export.cmd_export)

    sandbox = subparsers.add_parser("sandbox", help="the local fake Admin API")
    sandbox_commands = sandbox.add_subparsers(
        dest="sandbox_command", metavar="ACTION", required=True
    )
    serve = sandbox_commands.add_parser("serve", help="serve a sandbox over HTTP until Ctrl-C")
    serve.add_argument(
        "--host",
        metavar="ADDRESS",
        default="127.0.0.1",
        help="address to bind (default: %(default)s)",
    )
    serve.add_argument(
        "--port",
        metavar="PORT",
        type=_port,
        default=8000,
        help="port to listen on (default: %(default)s; 0 picks a free one)",
    )
    _sandbox_options(serve, members=5000, rate="none")
    serve.add_argument(
        "--no-retry-after",
        action="store_true",
        help="answer 429s without a Retry-After header (default: with one)",
    )
    serve.add_argument(
        "--latency",
        metavar="SECONDS",
        type=_seconds,
        default=0.0,
        help="seconds added to each answer (default: %(default)g)",
    )
    serve.add_argument(
        "--token",
        dest="sandbox_token",
        metavar="TOKEN",
        default="sandbox-token",
        help="the token the sandbox accepts (default: %(default)s)",
    )
    serve.add_argument(
        "--network-id",
        metavar="ID",
        type=_positive_int,
        default=1234,
        help="the sandbox network's numeric id (default: %(default)s)",
    )
    _verbose(serve, suppress=True)
    serve.set_defaults(handler=commands.serve.cmd_serve)

    demo = subparsers.add_parser(
        "demo", help="export a local sandbox's members: try everything with no token"
    )
    _export_options(
        demo, out_default=str(Path(tempfile.gettempdir()) / "mighty-demo-members.FORMAT")
    )
    _sandbox_options(demo, members=_DEMO_MEMBERS, rate=_DEMO_RATE)
    _verbose(demo, suppress=True)
    demo.set_defaults(handler=commands.demo.cmd_demo)
    return parser
