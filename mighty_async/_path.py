"""Request paths: ids are data, never path syntax.

Every resource builds its path with `AsyncMightyClient.path`, which calls `build_path` here:
the one place where a caller's value becomes part of a URL. Each value must be an id (an
``int`` from 0 to 2**64 - 1, the spec's ``uint64``; a string of ASCII digits is converted),
so nothing a caller passes can add a segment, a dot segment (which httpx folds, turning
``DELETE /members/7/tags/..`` into ``DELETE /members/7/``), a query or a fragment. Every path
parameter of the official spec but the network is such an id (a test reads the spec to keep
it so); the network id has its own rule, in `_config.check_network_id`.
"""

from __future__ import annotations

from string import Formatter
from typing import TYPE_CHECKING, Final, Self

from .errors import ConfigurationError, InvalidPathParameter

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["MAX_ID", "TEMPLATE_EXTENSION", "RequestPath", "build_path", "path_id"]

MAX_ID: Final = 2**64 - 1
TEMPLATE_EXTENSION: Final = "mighty_async.template"
"""The request extension that carries the path template (``"/members/{id}/"``)."""

_SHOWN: Final = 40


class RequestPath(str):
    """A request path that remembers the template it was filled from.

    It is the ``str`` the request is sent to; ``template`` is the path after the network
    prefix as the resource wrote it (``"/members/{id}/"``), which groups requests by
    operation without their ids (the client passes it on in the ``mighty_async.template``
    request extension).
    """

    __slots__ = ("template",)
    template: str

    def __new__(cls, path: str, template: str) -> Self:
        """Make the path ``path``, built from ``template``."""
        self = super().__new__(cls, path)
        self.template = template
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (RequestPath, (str(self), self.template))


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def path_id(name: str, value: object, template: str) -> int:
    """``value`` as an id for the path parameter ``name``, or `InvalidPathParameter`."""
    number = None
    if isinstance(value, str):
        number = int(value) if value.isascii() and value.isdigit() else None
    elif isinstance(value, int) and not isinstance(value, bool):
        number = int(value)
    if number is None or not 0 <= number <= MAX_ID:
        raise InvalidPathParameter(
            f"path parameter {name!r} of {template} must be an id (an int from 0 to 2**64-1, "
            f"or a string of digits), got {_shown(value)}; nothing was sent",
            parameter=name,
            template=template,
        )
    return number


def build_path(prefix: str, template: str, ids: Mapping[str, object]) -> RequestPath:
    """``prefix`` + ``template`` with every ``{name}`` filled with its checked id."""
    names = list(dict.fromkeys(f for _, f, _, _ in Formatter().parse(template) if f is not None))
    missing = [name for name in names if name not in ids]
    if missing:
        raise ConfigurationError(f"missing path parameter {missing[0]!r} for {template}")
    unknown = sorted(ids.keys() - set(names))
    if unknown:
        raise ConfigurationError(f"{template} has no path parameter {unknown[0]!r}")
    filled = template.format_map({name: path_id(name, ids[name], template) for name in names})
    return RequestPath(prefix + filled, template)
