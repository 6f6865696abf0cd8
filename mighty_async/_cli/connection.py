"""Where a command's requests go, and how its client paces them.

The token, network and base URL come from the flags or the environment and are checked here,
once, so a bad one is a usage error naming the flag and the variable it came from. The
sandbox (and so uvicorn's neighbours) is imported only by the commands that run one: the rest
of the command line never loads it.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final

import attrs

from .._client import AsyncMightyClient
from .._config import (
    BASE_URL_ENV,
    NETWORK_ENV,
    TOKEN_ENV,
    check_network_id,
    check_token,
    from_env,
    resolve_base_url,
)
from .._limiter import RateLimit
from .._transport import DEFAULT_RATE_LIMIT, DEFAULT_RETRY_POLICY, RetryPolicy
from ..errors import ConfigurationError
from .errors import EXIT_USAGE, CommandError

if TYPE_CHECKING:
    import argparse
    from collections.abc import Iterator

    import httpx

    from ..testing import Sandbox  # noqa: TC004 - imported where a sandbox command needs it

__all__ = [
    "DEFAULT_MAX_WAIT",
    "NO_TARGET",
    "OFF",
    "Target",
    "client_for",
    "client_rate",
    "new_sandbox",
    "rate_window",
    "target_of",
]

DEFAULT_MAX_WAIT: Final = DEFAULT_RETRY_POLICY.max_wait
OFF: Final = frozenset({"off", "none", "0"})
_NO_CREDENTIALS: Final = (
    "no {what}: pass {flag} or set {env} "
    "(no token yet? run `mighty-async demo`, or add --sandbox to use a local fake network)"
)


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


NO_TARGET: Final = Target("", "", "")
"""The settings named in a failure raised before a command had any."""


def new_sandbox(**options: Any) -> Sandbox:
    """A `Sandbox`, imported only now: only the sandbox commands and ``--sandbox`` need it."""
    from ..testing import Sandbox  # noqa: PLC0415 - only the sandbox commands need it

    return Sandbox(**options)


def target_of(args: argparse.Namespace) -> Target:
    """The settings of the command line: ``--sandbox``, or the checked token, network and URL."""
    if getattr(args, "sandbox", False):
        sandbox = new_sandbox(seed=0, members=1000)
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


def client_for(
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


def client_rate(text: str | None) -> RateLimit | None:
    """The client's pacing for a ``--rate-limit`` value: the SDK's default when none was given."""
    if text is None:
        return DEFAULT_RATE_LIMIT
    window = rate_window(text)
    return None if window is None else RateLimit(requests=window.requests, period=window.period)


def rate_window(text: str | None) -> Any:
    """The `RateWindow` of a rate already checked by the option's type, or None for 'off'."""
    if text is None or text.strip().lower() in OFF:
        return None
    from ..testing import RateWindow  # noqa: PLC0415 - only the sandbox commands need it

    return RateWindow.parse(text)
