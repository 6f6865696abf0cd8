"""The sandbox's route table: method + path template -> handler, matched exactly.

Templates are written as the spec writes them, after ``/admin/v1/networks/{network_id}``,
trailing slash included or not. Matching is exact: ``/members/42`` does not reach
``/members/{id}/``, so a client that builds a path the API would not recognise finds out
against the sandbox, not in production.

Routes live on an explicit `Router`, never in a module-level list: each routes module fills
its own router, and each app composes a fresh one from them, so importing a module registers
nothing anywhere else and two sandboxes never share a route table they could change.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from ..errors import ConfigurationError

if TYPE_CHECKING:
    from ._call import Call, Reply

__all__ = ["Handler", "Route", "Router"]

Handler = Callable[["Call"], "Reply"]

_PARAM = re.compile(r"\{(\w+)\}")


@attrs.frozen
class Route:
    """One operation: its method, its path template, and the function that answers it."""

    method: str
    template: str
    handler: Handler = attrs.field(eq=False, repr=False)
    pattern: re.Pattern[str] = attrs.field(eq=False, repr=False)


def _compile(template: str) -> re.Pattern[str]:
    parts, position = [], 0
    for param in _PARAM.finditer(template):
        parts.append(re.escape(template[position : param.start()]))
        parts.append(f"(?P<{param.group(1)}>[^/]+)")
        position = param.end()
    parts.append(re.escape(template[position:]))
    return re.compile("^" + "".join(parts) + "$")


class Router:
    """An ordered route table; ``Router(a, b)`` starts as a copy of ``a``'s routes, then ``b``'s.

    Copying, not sharing, is the point: a router built from others owns its routes, so adding
    to it (or to them) later changes only the router it was added to.
    """

    def __init__(self, *included: Router) -> None:
        self._routes: list[Route] = []
        for other in included:
            self.include(other)

    @property
    def routes(self) -> tuple[Route, ...]:
        """The routes in registration order, as a snapshot the caller cannot change."""
        return tuple(self._routes)

    def add(self, method: str, template: str, handler: Handler) -> None:
        """Answer ``method template`` with ``handler``; a second handler for it is a mistake."""
        if any(r.method == method and r.template == template for r in self._routes):
            msg = f"{method} {template} is already routed"
            raise ConfigurationError(msg)
        self._routes.append(Route(method, template, handler, _compile(template)))

    def include(self, other: Router) -> None:
        """Copy ``other``'s routes onto the end of this table, in their order."""
        for found in other.routes:
            self.add(found.method, found.template, found.handler)

    def route(self, method: str, template: str) -> Callable[[Handler], Handler]:
        """Decorate a handler for ``method template``; stack them for PATCH and PUT twins."""

        def register(handler: Handler) -> Handler:
            self.add(method, template, handler)
            return handler

        return register

    def get(self, template: str) -> Callable[[Handler], Handler]:
        """``route("GET", template)``."""
        return self.route("GET", template)

    def post(self, template: str) -> Callable[[Handler], Handler]:
        """``route("POST", template)``."""
        return self.route("POST", template)

    def put(self, template: str) -> Callable[[Handler], Handler]:
        """``route("PUT", template)``."""
        return self.route("PUT", template)

    def patch(self, template: str) -> Callable[[Handler], Handler]:
        """``route("PATCH", template)``."""
        return self.route("PATCH", template)

    def delete(self, template: str) -> Callable[[Handler], Handler]:
        """``route("DELETE", template)``."""
        return self.route("DELETE", template)

    def match(self, method: str, subpath: str) -> tuple[Route | None, dict[str, str], bool]:
        """Find the route for a request: (route, path params, whether the path exists at all).

        The third value tells a wrong method (405) from a wrong path (404).
        """
        path_exists = False
        for candidate in self._routes:
            found = candidate.pattern.match(subpath)
            if found is None:
                continue
            path_exists = True
            if candidate.method == method:
                return candidate, found.groupdict(), True
        return None, {}, path_exists
