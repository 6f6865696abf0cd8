"""Settings, resolved and validated in one place: token, base URL, network, timeouts, proxies.

The client, the command line, `RedisLimiter` and the sandbox read their settings through these
functions, so one rule holds everywhere and every bad setting raises `ConfigurationError` when
the object is built, before anything is sent. No message quotes a token or a password: a token
is described by the position and code point of its first bad character, a URL is shown with
its userinfo removed.

The small ``check_*`` validators at the end are the shared forms of "an int, not a bool, at
least N" and "a positive finite number" that arguments across the package need.
"""

from __future__ import annotations

import ipaddress
import math
import os
import re
import urllib.request
from typing import TYPE_CHECKING, Final

import httpx

from ._path import MAX_ID
from .errors import ConfigurationError

if TYPE_CHECKING:
    from ._auth import TokenProvider

__all__ = [
    "BASE_URL_ENV",
    "DEFAULT_BASE_URL",
    "DEFAULT_TIMEOUT",
    "NETWORK_ENV",
    "TOKEN_ENV",
    "check_base_url",
    "check_int",
    "check_network_id",
    "check_number",
    "check_timeout",
    "check_token",
    "environment_proxy",
    "from_env",
    "is_loopback",
    "redact_url",
    "resolve_base_url",
    "resolve_network_id",
    "resolve_token",
]

DEFAULT_BASE_URL: Final = "https://api.mn.co"
DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=10.0)
TOKEN_ENV: Final = "MIGHTY_API_TOKEN"  # noqa: S105 - a variable name, not a secret
NETWORK_ENV: Final = "MIGHTY_NETWORK_ID"
BASE_URL_ENV: Final = "MIGHTY_BASE_URL"
LOG_ENV: Final = "MIGHTY_LOG"

_SUBDOMAIN = re.compile(r"^[a-z][a-z0-9-]+$")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
_USERINFO = re.compile(r"(//)[^/?#@]*@")
_MAX_PORT: Final = 65535
_PROXY_SCHEMES: Final = frozenset({"http", "https", "socks5", "socks5h"})
# Copy-paste and ``.env`` files leave these around a token; anything else is refused.
_SURROUNDING: Final = " \t\r\n"
_VISIBLE_ASCII: Final = range(0x21, 0x7F)


# -- environment ----------------------------------------------------------------------------


def from_env(name: str) -> str | None:
    """The stripped value of an environment variable, or None when unset or blank."""
    found = os.environ.get(name, "").strip()
    return found or None


def _required(value: object, name: str, what: str) -> object:
    if value is not None:
        return value
    found = from_env(name)
    if found is None:
        raise ConfigurationError(f"no {what} given: pass it to AsyncMightyClient or set {name}")
    return found


# -- token ----------------------------------------------------------------------------------


def check_token(token: object, *, source: str = "the API token") -> str:
    """A token that can travel in an ``Authorization`` header, and nothing else.

    Every character must be visible ASCII (0x21-0x7e): a control character would be quoted
    back by the HTTP library in its error text (token included), a space or a non-ASCII
    letter is never part of a real key. Surrounding spaces and line breaks are stripped.
    """
    if not isinstance(token, str):
        raise ConfigurationError(f"{source} must be a string, got {type(token).__name__}")
    text = token.strip(_SURROUNDING)
    if not text:
        raise ConfigurationError(f"{source} must be a non-empty string")
    for position, char in enumerate(text):
        if ord(char) not in _VISIBLE_ASCII:
            raise ConfigurationError(
                f"{source} contains a character outside visible ASCII (U+{ord(char):04X} at "
                f"position {position}); the token is not shown"
            )
    return text


def resolve_token(token: str | TokenProvider | None) -> str | TokenProvider:
    """The token given, else ``MIGHTY_API_TOKEN``; a fixed token is checked now."""
    found = _required(token, TOKEN_ENV, "API token")
    if callable(found):
        return found
    return check_token(found)


# -- network --------------------------------------------------------------------------------


def check_network_id(network_id: object) -> int | str:
    """Accept a numeric network id or a subdomain, and refuse anything else."""
    if isinstance(network_id, bool):
        raise ConfigurationError("network_id must be an int or a subdomain, got a boolean")
    if isinstance(network_id, str) and network_id.strip().isascii():
        text = network_id.strip()
        if text.isdigit():
            network_id = int(text)
        elif _SUBDOMAIN.fullmatch(text):
            return text
    if isinstance(network_id, int):
        if not 0 <= network_id <= MAX_ID:
            raise ConfigurationError(f"network_id must be from 0 to 2**64-1, got {network_id}")
        return int(network_id)
    raise ConfigurationError(
        f"network_id must be a numeric id or a subdomain matching ^[a-z][a-z0-9-]+$, "
        f"got {network_id!r}"
    )


def resolve_network_id(network_id: int | str | None) -> int | str:
    """The network given, else ``MIGHTY_NETWORK_ID``, checked."""
    return check_network_id(_required(network_id, NETWORK_ENV, "network id"))


# -- base URL -------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine: ``localhost``, 127.0.0.0/8 or ``::1``."""
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redact_url(url: object) -> str:
    """A URL as text with any ``user:password@`` removed, for messages."""
    return _USERINFO.sub(r"\1***@", str(url))


def check_base_url(base_url: object) -> httpx.URL:
    """Refuse a base URL that could not work, or would send the token where it must not go.

    An http(s) URL with a host and a port in 1-65535; plain ``http://`` only to a loopback
    host; no ``user:password@`` (the API takes a bearer token, and a password in the URL
    would end up in reprs and logs). Query and fragment are dropped, the trailing slash too.
    """
    if not isinstance(base_url, str | httpx.URL):
        raise ConfigurationError(
            f"base_url must be a string or an httpx.URL, got {type(base_url).__name__}"
        )
    shown = redact_url(base_url)
    try:
        url = httpx.URL(str(base_url))
    except httpx.InvalidURL:
        raise ConfigurationError(f"base_url is not a valid URL: {shown!r}") from None
    if url.scheme not in {"http", "https"} or not url.host:
        raise ConfigurationError(f"base_url must be an http(s) URL with a host, got {shown!r}")
    if url.userinfo:
        raise ConfigurationError(
            f"base_url must not carry a user or password ({shown!r}): the API authenticates "
            "with the token alone"
        )
    if url.port is not None and not 1 <= url.port <= _MAX_PORT:
        raise ConfigurationError(f"base_url port must be 1-{_MAX_PORT}, got {url.port}")
    if url.scheme == "http" and not is_loopback(url.host):
        raise ConfigurationError(
            f"refusing plain http:// to {url.host}: the API token would travel unencrypted; "
            "use https://, or http:// only for a loopback host (127.0.0.1, ::1, localhost)"
        )
    return url.copy_with(path=url.path.rstrip("/"), query=None, fragment=None)


def resolve_base_url(base_url: str | httpx.URL | None) -> httpx.URL:
    """The base URL given, else ``MIGHTY_BASE_URL``, else the API's; always checked."""
    if base_url is None:
        base_url = from_env(BASE_URL_ENV) or DEFAULT_BASE_URL
    return check_base_url(base_url)


# -- timeouts -------------------------------------------------------------------------------


def check_timeout(timeout: object) -> float | httpx.Timeout | None:
    """None (no timeout), a positive number of seconds, or an `httpx.Timeout` of such."""
    if timeout is None or isinstance(timeout, httpx.Timeout):
        if isinstance(timeout, httpx.Timeout):
            for name in ("connect", "read", "write", "pool"):
                value = getattr(timeout, name)
                if value is not None:
                    check_number(f"timeout.{name}", value, positive=True)
        return timeout
    return check_number("timeout", timeout, positive=True)


# -- proxies --------------------------------------------------------------------------------


def environment_proxy(base_url: httpx.URL) -> httpx.Proxy | None:
    """The proxy the environment asks for, for requests to ``base_url``, or None.

    The rules (docs: "Rate limits and retries", Proxies):

    - a loopback host is never proxied, so an ``http://`` base URL (loopback only) never goes
      through a proxy and the token never reaches one in clear text;
    - an ``https://`` base URL takes ``HTTPS_PROXY``, else ``ALL_PROXY`` (either case),
      unless ``NO_PROXY`` lists its host; ``HTTP_PROXY`` is never used;
    - the proxy may be ``http://`` (the request travels in a CONNECT tunnel: TLS runs end to
      end, the proxy sees only the host name), ``https://``, or ``socks5://``/``socks5h://``
      (needs httpx's ``socks`` extra); any other value is a `ConfigurationError`.

    Only environment variables are read, never the operating system's proxy settings.
    """
    if base_url.scheme != "https" or is_loopback(base_url.host):
        return None
    proxies = urllib.request.getproxies_environment()
    # Not in typeshed, but in CPython's urllib.request since Python 3.0.
    if urllib.request.proxy_bypass_environment(base_url.host, proxies):  # type: ignore[attr-defined]
        return None
    for key in ("https", "all"):
        if proxies.get(key):
            return _proxy(proxies[key], f"{key.upper()}_PROXY")
    return None


def _proxy(value: str, variable: str) -> httpx.Proxy:
    shown = redact_url(value)
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL:
        raise ConfigurationError(f"{variable} is not a valid URL: {shown!r}") from None
    if url.scheme not in _PROXY_SCHEMES or not url.host:
        raise ConfigurationError(
            f"{variable} must be an http://, https:// or socks5:// URL with a host, got {shown!r}"
        )
    if url.port is not None and not 1 <= url.port <= _MAX_PORT:
        raise ConfigurationError(f"{variable} port must be 1-{_MAX_PORT}, got {url.port}")
    return httpx.Proxy(url)


# -- shared validators ----------------------------------------------------------------------


def check_int(name: str, value: object, *, minimum: int = 0) -> int:
    """An ``int`` (a bool is not one) of at least ``minimum``, or `ConfigurationError`."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigurationError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_number(
    name: str, value: object, *, positive: bool = False, maximum: float | None = None
) -> float:
    """A finite real number (not a bool): ``>= 0``, or ``> 0`` when ``positive``.

    ``maximum`` bounds it from above, inclusive.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ConfigurationError(f"{name} must be a number, got {value!r}")
    bound = "> 0" if positive else ">= 0"
    if not math.isfinite(value) or value < 0 or (positive and value == 0):
        raise ConfigurationError(f"{name} must be a finite number {bound}, got {value!r}")
    if maximum is not None and value > maximum:
        raise ConfigurationError(f"{name} must be at most {maximum}, got {value!r}")
    return float(value)
