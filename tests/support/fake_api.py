"""A tiny stateful stand-in for the foundation endpoints, for tests that run doc examples.

It knows the network, ``/me`` and the members routes; the full fake Admin API is the sandbox.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

PREFIX = re.compile(r"^/admin/v1/networks/(?P<network>[^/]+)(?P<rest>/.*)$")
STAMP = "2025-11-07T23:17:21+00:00"


class FakeAPI:
    """Members kept in a dict; answers shaped like the spec's."""

    def __init__(self, members: int = 30) -> None:
        self.members: dict[int, dict[str, Any]] = {}
        self.next_id = 1
        for n in range(members):
            self._add(f"member{n}@example.com", f"First{n}", f"Last{n}")
        self._add("owner@sandbox.example.com", "Avery", "Admin")  # the sandbox owner's

    def _add(self, email: str, first: str, last: str) -> dict[str, Any]:
        record = {
            "id": self.next_id,
            "created_at": STAMP,
            "updated_at": STAMP,
            "email": email,
            "member_type": "full",
            "first_name": first,
            "last_name": last,
            "permalink": f"https://fake.mn.co/members/{self.next_id}",
        }
        self.members[self.next_id] = record
        self.next_id += 1
        return record

    def handler(self, request: httpx.Request) -> httpx.Response:
        """Answer one request as the API would."""
        match = PREFIX.match(request.url.path)
        if match is None:
            return httpx.Response(404, json={"error": "not_found"})
        rest, method = match["rest"], request.method
        is_json = request.headers.get("content-type") == "application/json"
        body = json.loads(request.content) if request.content and is_json else {}
        if rest == "/" and method == "GET":
            return httpx.Response(200, json={"id": 1234, "title": "Fake", "subdomain": "fake"})
        if rest == "/me":
            return httpx.Response(
                200, json={"user": {"id": 1, "name": "Admin"}, "network": {"id": 1234}}
            )
        if rest == "/members" and method == "GET":
            page = int(request.url.params.get("page", 1))
            per_page = int(request.url.params.get("per_page", 25))
            rows = list(self.members.values())[(page - 1) * per_page : page * per_page]
            more = page * per_page < len(self.members)
            return httpx.Response(
                200, json={"items": rows, "links": {"next": "more" if more else None}}
            )
        if rest == "/members" and method == "POST":
            if any(m["email"] == body["email"] for m in self.members.values()):
                return httpx.Response(422, json={"error": "Email has already been taken"})
            return httpx.Response(
                201, json=self._add(body["email"], body["first_name"], body["last_name"])
            )
        if rest == "/members/by_email":
            email = request.url.params.get("email")
            found = [m for m in self.members.values() if m["email"] == email]
            return (
                httpx.Response(200, json=found[0])
                if found
                else httpx.Response(404, json={"error": "not_found"})
            )
        item = re.fullmatch(r"/members/(\d+)/", rest)
        if item and int(item[1]) in self.members:
            member_id = int(item[1])
            if method == "GET":
                return httpx.Response(200, json=self.members[member_id])
            if method in {"PATCH", "PUT"}:
                self.members[member_id].update(body)
                return httpx.Response(200, json=self.members[member_id])
            if method == "DELETE":
                del self.members[member_id]
                return httpx.Response(204)
        return _from_table(request) or httpx.Response(
            404, json={"error": "not_found", "message": f"no route {method} {rest}"}
        )


# The routes FakeAPI serves itself, statefully; a miss on them is a real 404.
_SERVED = frozenset(
    {
        ("GET", "/"),
        ("GET", "/me"),
        ("GET", "/members"),
        ("POST", "/members"),
        ("GET", "/members/by_email"),
        ("GET", "/members/{id}/"),
        ("PATCH", "/members/{id}/"),
        ("PUT", "/members/{id}/"),
        ("DELETE", "/members/{id}/"),
    }
)


def _from_table(request: httpx.Request) -> httpx.Response | None:
    """Any other operation of the API, answered from its model (see tests/support/docs.py)."""
    from .docs import answer, find_row  # noqa: PLC0415 - only for routes FakeAPI lacks

    try:
        row = find_row(request.method, request.url.path)
    except LookupError:
        return None
    return None if (row.method, row.path) in _SERVED else answer(request)
