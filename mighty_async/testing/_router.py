"""The sandbox's route table: method + path template -> handler, matched exactly.

Templates are written as the spec writes them, after ``/admin/v1/networks/{network_id}``,
trailing slash included or not. Matching is exact: ``/members/42`` does not reach
``/members/{id}/``, so a client that builds a path the API would not recognise finds out
against the sandbox, not in production.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from ._call import Call, Reply

__all__ = ["ROUTES", "Handler", "Route", "match", "route"]

Handler = Callable[["Call"], "Reply"]

_PARAM = re.compile(r"\{(\w+)\}")


@attrs.frozen
class Route:
    """One operation: its method, its path template, and the function that answers it."""

    method: str
    template: str
    handler: Handler = attrs.field(eq=False, repr=False)
    pattern: re.Pattern[str] = attrs.field(eq=False, repr=False)


ROUTES: list[Route] = []


def _compile(template: str) -> re.Pattern[str]:
    parts, position = [], 0
    for param in _PARAM.finditer(template):
        parts.append(re.escape(template[position : param.start()]))
        parts.append(f"(?P<{param.group(1)}>[^/]+)")
        position = param.end()
    parts.append(re.escape(template[position:]))
    return re.compile("^" + "".join(parts) + "$")


def route(method: str, template: str) -> Callable[[Handler], Handler]:
    """Register ``handler`` for ``method template``; stack it for PATCH and PUT twins."""

    def register(handler: Handler) -> Handler:
        ROUTES.append(Route(method, template, handler, _compile(template)))
        return handler

    return register


def match(method: str, subpath: str) -> tuple[Route | None, dict[str, str], bool]:
    """Find the route for a request: (route, path params, whether the path exists at all).

    The third value tells a wrong method (405) from a wrong path (404).
    """
    path_exists = False
    for candidate in ROUTES:
        found = candidate.pattern.match(subpath)
        if found is None:
            continue
        path_exists = True
        if candidate.method == method:
            return candidate, found.groupdict(), True
    return None, {}, path_exists
