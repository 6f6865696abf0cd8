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
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import tempfile
import traceback
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, Self

import anyio
import attrs

from ._client import AsyncMightyClient
from ._config import (
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    NETWORK_ENV,
    TOKEN_ENV,
    check_network_id,
    check_token,
    from_env,
    resolve_base_url,
)
from ._export import FORMATS, AtomicFile, ExportStats, export_members, writer_for
from ._json import to_json
from ._limiter import RateLimit
from ._transport import DEFAULT_RATE_LIMIT, DEFAULT_RETRY_POLICY, RetryPolicy
from ._version import __version__
from .errors import (
    APIError,
    ConfigurationError,
    Forbidden,
    MightyConnectionError,
    MightyError,
    RateLimited,
    RequestBlocked,
    ResponseValidationError,
    TokenExpired,
    Unauthorized,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    import httpx

    from .models import Me
    from .testing import Sandbox  # noqa: TC004 - imported where a sandbox command needs it

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_FAILURE: Final = 1
EXIT_USAGE: Final = 2
EXIT_INTERRUPTED: Final = 130
_PROG: Final = "mighty-async"
_NO_CREDENTIALS: Final = (
    "no {what}: pass {flag} or set {env} "
    "(no token yet? run `mighty-async demo`, or add --sandbox to use a local fake network)"
)
DEFAULT_MAX_WAIT: Final = DEFAULT_RETRY_POLICY.max_wait
_DEMO_MEMBERS: Final = 5000
_DEMO_RATE: Final = "20/2"


class CommandError(Exception):
    """An expected failure: printed as one line, exit status attached."""

    def __init__(self, message: str, status: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.status = status


# -- connection settings ----------------------------------------------------------------------


@attrs.frozen
class Target:
    """Where requests go: a real network (token, network, base URL) or an in-process sandbox."""

    token: str = attrs.field(repr=False)
    network: int | str
    base_url: str
    sandbox: Sandbox | None = None

    def inner_transport(self) -> httpx.AsyncBaseTransport | None:
        """The transport under the client: the sandbox's, or None for real HTTP."""
        return self.sandbox.transport() if self.sandbox else None


def _sandbox(**options: Any) -> Sandbox:
    from .testing import Sandbox  # noqa: PLC0415 - only the sandbox commands need it

    return Sandbox(**options)


def _target(args: argparse.Namespace) -> Target:
    if getattr(args, "sandbox", False):
        sandbox = _sandbox(seed=0, members=1000)
        return Target(sandbox.token, sandbox.network_id, sandbox.base_url, sandbox)
    token = getattr(args, "token", None) or from_env(TOKEN_ENV)
    if not token:
        raise CommandError(
            _NO_CREDENTIALS.format(what="API token", flag="--token", env=TOKEN_ENV), EXIT_USAGE
        )
    network = getattr(args, "network", None) or from_env(NETWORK_ENV)
    if not network:
        raise CommandError(
            _NO_CREDENTIALS.format(what="network id", flag="--network", env=NETWORK_ENV),
            EXIT_USAGE,
        )
    with _naming("--base-url", BASE_URL_ENV):
        base_url = resolve_base_url(getattr(args, "base_url", None))
    with _naming("--token", TOKEN_ENV):
        token = check_token(token)
    with _naming("--network", NETWORK_ENV):
        network = check_network_id(network)
    return Target(token, network, str(base_url))


@contextmanager
def _naming(flag: str, env: str) -> Iterator[None]:
    """Refuse a bad setting as a usage error that names the flag and variable it came from."""
    try:
        yield
    except ConfigurationError as exc:
        raise CommandError(f"{flag} (or {env}): {exc}", EXIT_USAGE) from exc


def _client(
    target: Target,
    *,
    max_wait: float = DEFAULT_MAX_WAIT,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
) -> AsyncMightyClient:
    """A client whose own rate limiter and retries do the pacing and wait out the 429s."""
    return AsyncMightyClient(
        target.token,
        network_id=target.network,
        base_url=target.base_url,
        transport=target.inner_transport(),
        rate_limit=rate_limit,
        retry=RetryPolicy(max_wait=max_wait),
    )


# -- progress -----------------------------------------------------------------------------------


class _Progress:
    """A rich progress bar on stderr when it is a terminal and rich is installed; else silent."""

    def __init__(self, *, enabled: bool, total: int | None) -> None:
        self._progress: Any = None
        self._task: Any = None
        if not enabled or not sys.stderr.isatty():
            return
        try:
            from rich.console import Console  # noqa: PLC0415 - optional: the [cli] extra
            from rich.progress import (  # noqa: PLC0415
                BarColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )
        except ImportError:  # pragma: no cover - rich is in the test environment
            return
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]exporting"),
            BarColumn(),
            TextColumn("{task.completed:>7,} members"),
            TextColumn("[dim]{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        self._task = self._progress.add_task("export", total=total, detail="")

    def __enter__(self) -> Self:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *_: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def page(self, stats: ExportStats) -> None:
        """Show the members, pages, rate and 429s so far."""
        if self._progress is not None:
            detail = (
                f"{stats.pages} pages, {stats.requests} requests, {stats.rate:,.0f}/s, "
                f"{stats.rate_limited} x 429 waited out"
            )
            self._progress.update(self._task, completed=stats.members, detail=detail)

    @property
    def active(self) -> bool:
        """Whether a bar is being drawn."""
        return self._progress is not None

    async def follow(
        self, client: AsyncMightyClient, stats: ExportStats, *, every: float = 0.25
    ) -> None:
        """Refresh the counts from the client every so often, so waits show as they happen."""
        while True:
            await anyio.sleep(every)
            stats.absorb(client.stats)
            self.page(stats)


# -- commands ---------------------------------------------------------------------------------


def cmd_whoami(args: argparse.Namespace) -> int:
    """Print who the token belongs to, and on which network."""
    target = _target(args)

    async def run() -> Me:
        async with _client(target) as client:
            return await client.check_token(wait=args.wait)

    try:
        me = anyio.run(run)
    except MightyError as exc:
        raise _explain(exc, target) from exc
    if args.json:
        print(to_json(me, indent=2))
        return EXIT_OK
    role = "network admin" if me.user.admin else "member"
    print(f"{me.user.name} <{me.user.email}> (user {me.user.id}, {role})")
    if me.network is not None:
        print(f"network: {me.network.title} ({me.network.subdomain}, id {me.network.id})")
    elif me.network_id is not None:
        print(f"network: id {me.network_id}")
    return EXIT_OK


def _open_output(out: str, stack: ExitStack) -> tuple[IO[str], AtomicFile | None]:
    """Standard output as it is, or a file written beside ``out`` and renamed in at the end."""
    if out == "-":
        return sys.stdout, None
    try:
        output = stack.enter_context(AtomicFile(Path(out)))
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror or exc}") from exc
    return output.stream, output


def _keep(output: AtomicFile | None, stats: ExportStats, *, complete: bool) -> bool:
    """Rename the file into place when the export ended or got somewhere; say if it did."""
    if output is None or not (complete or stats.members):
        return False
    try:
        output.commit()
    except OSError as exc:
        raise CommandError(f"cannot write {output.target}: {exc.strerror or exc}") from exc
    return True


def _export(
    target: Target,
    *,
    out: str,
    format: str,
    concurrency: int,
    max_items: int | None,
    max_wait: float,
    progress: bool,
    rate_limit: RateLimit | None = DEFAULT_RATE_LIMIT,
    total: int | None = None,
) -> int:
    stats = ExportStats()
    where = "standard output" if out == "-" else out
    with ExitStack() as stack:
        stream, output = _open_output(out, stack)
        writer = writer_for("csv" if format == "csv" else "jsonl", stream)
        bar = stack.enter_context(_Progress(enabled=progress, total=max_items or total))

        async def walk(client: AsyncMightyClient) -> None:
            await export_members(
                client,
                writer,
                stats,
                max_items=max_items,
                concurrency=concurrency,
                on_page=bar.page,
            )

        async def run() -> None:
            async with _client(target, max_wait=max_wait, rate_limit=rate_limit) as client:
                if not bar.active:
                    await walk(client)
                    return
                failure: Exception | None = None
                async with anyio.create_task_group() as tasks:
                    tasks.start_soon(bar.follow, client, stats)
                    try:
                        await walk(client)
                    except Exception as exc:  # noqa: BLE001 - re-raised below, unwrapped
                        failure = exc
                    tasks.cancel_scope.cancel()
                if failure is not None:
                    raise failure

        try:
            anyio.run(run)
        except KeyboardInterrupt:
            kept = _keep(output, stats, complete=False)
            stack.close()
            _interrupted(stats, where=where, kept=kept or output is None)
            return EXIT_INTERRUPTED
        except MightyError as exc:
            kept = _keep(output, stats, complete=False)
            stack.close()
            if kept or (output is None and stats.members):
                _note(
                    f"stopped after {_plural(stats.members, 'member')} "
                    "(the file holds them, complete)"
                )
            raise _explain(exc, target) from exc
        _keep(output, stats, complete=True)
    _note(f"exported {stats.summary()}", stream=sys.stderr if out == "-" else sys.stdout)
    if out != "-":
        print(f"wrote {format} to {out}")
    return EXIT_OK


def _interrupted(stats: ExportStats, *, where: str, kept: bool) -> None:
    spent = _plural(stats.requests, "request")
    if kept:
        _note(
            f"interrupted: {_plural(stats.members, 'member')} "
            f"{'was' if stats.members == 1 else 'were'} written to {where} before "
            f"stopping ({spent} sent); every line in it is a complete record"
        )
    else:
        _note(f"interrupted before the first member ({spent} sent); {where} is unchanged")


def _plural(n: int, word: str) -> str:
    return f"{n} {word if n == 1 else word + 's'}"


def cmd_export(args: argparse.Namespace) -> int:
    """Export every member of the network to a JSON Lines or CSV file."""
    target = _target(args)
    return _export(
        target,
        out=args.out,
        format=args.format,
        concurrency=args.concurrency,
        max_items=args.max_items,
        max_wait=args.max_wait,
        progress=not args.no_progress,
        rate_limit=_client_rate(args.rate_limit),
    )


def cmd_demo(args: argparse.Namespace) -> int:
    """Export a seeded in-process sandbox's members, rate limit and all, with no token."""
    from .testing import RateWindow  # noqa: PLC0415 - the sandbox is only needed here

    window = _rate_window(args.rate_limit)
    sandbox = _sandbox(seed=args.seed, members=args.members, rate_limit=window, retry_after=True)
    sandbox.faults.latency(0.002, 0.02)
    out = args.out or str(Path(tempfile.gettempdir()) / f"mighty-demo-members.{args.format}")
    pacing: RateLimit | None = None
    limit = "no rate limit"
    if isinstance(window, RateWindow):
        # The client paces itself a little faster than the network allows, as happens when
        # the real limit is lower than configured: its limiter slows down on the 429s, and
        # its cooldown gate waits them out.
        pacing = RateLimit(
            requests=window.requests * 3 // 2, period=window.period, burst=window.requests
        )
        limit = f"rate limited to {window} (429 with Retry-After beyond it)"
    print(
        f"demo: a local sandbox network with {args.members} members, {limit}; "
        "exporting with the same code as `members export`"
    )
    target = Target(sandbox.token, sandbox.network_id, sandbox.base_url, sandbox)
    status = _export(
        target,
        out=out,
        format=args.format,
        concurrency=args.concurrency,
        max_items=None,
        max_wait=args.max_wait,
        progress=not args.no_progress,
        rate_limit=pacing,
        total=args.members,
    )
    if status == EXIT_OK:
        print(
            "next: `mighty-async sandbox serve` serves this network over HTTP; "
            "with a real token, `mighty-async members export --out members.jsonl`"
        )
    return status


def cmd_serve(args: argparse.Namespace) -> int:
    """Serve a sandbox over loopback HTTP until Ctrl-C."""
    from .testing._serve import Server  # noqa: PLC0415 - needs uvicorn

    sandbox = _sandbox(
        seed=args.seed,
        members=args.members,
        rate_limit=_rate_window(args.rate_limit),
        retry_after=not args.no_retry_after,
        token=args.sandbox_token,
        network_id=args.network_id,
    )
    if args.latency:
        sandbox.faults.latency(args.latency)
    server = Server(sandbox, host=args.host, port=args.port, log_level="warning")
    url = server.start()
    print(f"Mighty sandbox serving {url} ({args.members} members, seed {args.seed})", flush=True)
    print(f"  network id: {sandbox.network_id}  (or subdomain: {sandbox.subdomain})")
    print(f"  token:      {sandbox.token}")
    print(
        f"  try: {BASE_URL_ENV}={url} {TOKEN_ENV}={sandbox.token} "
        f"{NETWORK_ENV}={sandbox.network_id} mighty-async whoami"
    )
    print("Ctrl-C to stop.", flush=True)
    try:
        server.wait()
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    else:  # pragma: no cover - the server only stops on its own if uvicorn fails
        status = EXIT_FAILURE
    finally:
        server.stop()
    print("sandbox stopped", flush=True)
    return status


def _client_rate(text: str | None) -> RateLimit | None:
    if text is None:
        return DEFAULT_RATE_LIMIT
    window = _rate_window(text)
    return None if window is None else RateLimit(requests=window.requests, period=window.period)


def _rate_window(text: str | None) -> Any:
    """The `RateWindow` of a rate already checked by `_rate`, or None for 'off'."""
    if text is None or text.strip().lower() in _OFF:
        return None
    from .testing import RateWindow  # noqa: PLC0415 - only the sandbox commands need it

    return RateWindow.parse(text)


# -- errors -------------------------------------------------------------------------------------


def _explain(exc: MightyError, target: Target) -> CommandError:
    """Turn an SDK error into the one line a person needs to act on it."""
    if isinstance(exc, ConfigurationError):
        return CommandError(str(exc), EXIT_USAGE)
    if isinstance(exc, TokenExpired):
        return CommandError(
            "the API token was revoked or has expired (401 token_expired): "
            "create a new key under Admin > Settings > API Keys"
        )
    if isinstance(exc, Unauthorized):
        return CommandError(
            f"the API refused the token for network {target.network} ({exc}): check --token / "
            f"{TOKEN_ENV} and that the key belongs to this network"
        )
    if isinstance(exc, RequestBlocked):
        return CommandError(f"blocked before reaching the API (HTML 403): {exc.message}")
    if isinstance(exc, Forbidden):
        return CommandError(f"forbidden ({exc}): this token may not do that")
    if isinstance(exc, RateLimited):
        return CommandError(
            f"rate limited ({exc}) beyond the wait budget; raise it with --max-wait, "
            "or try again later"
        )
    if isinstance(exc, APIError):
        return CommandError(f"the API answered {exc}")
    if isinstance(exc, MightyConnectionError):
        return CommandError(f"cannot reach {target.base_url}: {exc}")
    if isinstance(exc, ResponseValidationError):
        return CommandError(f"the API answered something unexpected: {exc}")
    return CommandError(str(exc))


def _note(message: str, *, stream: IO[str] | None = None) -> None:
    print(message, file=stream or sys.stderr, flush=True)


# -- argument parsing ---------------------------------------------------------------------------
#
# Each value is checked by its option's ``type``, so argparse names the flag in the refusal
# ("argument --max-wait: ...") and exits 2; the messages say what would have been accepted.

_OFF: Final = frozenset({"off", "none", "0"})
_MAX_PORT: Final = 65535


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
    if text.strip().lower() in _OFF:
        return "off"
    from .testing import RateWindow  # noqa: PLC0415 - only the rate options need it

    try:
        RateWindow.parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected REQUESTS/SECONDS, both positive, like 100/60, or 'off'; got {text!r}"
        ) from None
    return text


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``mighty-async``."""
    parser = argparse.ArgumentParser(
        prog=_PROG,
        description="The Mighty Networks Admin API from the command line.",
        parents=[_common(suppress=False)],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _common(suppress=True)

    whoami = commands.add_parser("whoami", parents=[common], help="who the token belongs to")
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
    whoami.set_defaults(handler=cmd_whoami)

    members = commands.add_parser("members", help="network members")
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
    export.set_defaults(handler=cmd_export)

    sandbox = commands.add_parser("sandbox", help="the local fake Admin API")
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
    serve.set_defaults(handler=cmd_serve)

    demo = commands.add_parser(
        "demo", help="export a local sandbox's members: try everything with no token"
    )
    _export_options(
        demo, out_default=str(Path(tempfile.gettempdir()) / "mighty-demo-members.FORMAT")
    )
    _sandbox_options(demo, members=_DEMO_MEMBERS, rate=_DEMO_RATE)
    _verbose(demo, suppress=True)
    demo.set_defaults(handler=cmd_demo)
    return parser


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


def _configure_logging(*, verbose: bool) -> None:
    """Quiet by default (the progress bar and the summary tell the story); chatty on -v."""
    logger = logging.getLogger("mighty_async")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    if verbose:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(f"{_PROG}: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    verbose = bool(getattr(args, "verbose", False))
    _configure_logging(verbose=verbose)
    try:
        status: int = args.handler(args)
    except CommandError as exc:
        _note(f"{_PROG}: {exc}")
        if verbose and exc.__cause__ is not None:
            traceback.print_exception(exc.__cause__, file=sys.stderr)
        return exc.status
    except MightyError as exc:  # raised outside a command's own handling: settings, mostly
        failure = _explain(exc, Target("", "", ""))
        _note(f"{_PROG}: {failure}")
        if verbose:
            traceback.print_exc(file=sys.stderr)
        return failure.status
    except KeyboardInterrupt:
        _note(f"{_PROG}: interrupted")
        return EXIT_INTERRUPTED
    return status


if __name__ == "__main__":
    sys.exit(main())
