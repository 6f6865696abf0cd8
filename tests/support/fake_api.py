"""`FakeList`: a scripted members list endpoint, for tests of the paginator itself."""

from __future__ import annotations

import anyio
import httpx

from mighty_async import AsyncMightyClient


class FakeList:
    """A list endpoint over members 1..total that records the pages asked for.

    ``envelope`` picks ``links`` (the documented one) or ``meta``; ``next_on_last`` keeps a
    ``next`` link on the last page, as one integration saw; ``hold`` makes each answer wait
    until released, so tests can count requests in flight; ``insert_after_page`` serves the
    pages after that one from a list that ``shift`` new records have pushed down (data
    changing during a walk), whatever order concurrent requests arrive in; ``serve_as`` maps
    page numbers to the page answered instead (a server repeating a page).
    """

    def __init__(
        self,
        total: int,
        *,
        envelope: str = "links",
        next_on_last: bool = False,
        insert_after_page: int | None = None,
        shift: int = 1,
        serve_as: dict[int, int] | None = None,
    ) -> None:
        self.serve_as = dict(serve_as or {})
        self.ids = list(range(1, total + 1))
        self.shifted = list(range(1 - shift, 1)) + self.ids
        self.envelope = envelope
        self.next_on_last = next_on_last
        self.insert_after_page = insert_after_page
        self.shift = shift
        self.asked: list[tuple[int, int]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.cancelled = 0
        self.hold: anyio.Event | None = None

    @property
    def total(self) -> int:
        return len(self.ids)

    def answer(self, page: int, per_page: int) -> httpx.Response:
        page = self.serve_as.get(page, page)
        start = (page - 1) * per_page
        moved = self.insert_after_page is not None and page > self.insert_after_page
        rows = self.shifted if moved else self.ids
        ids = rows[start : start + per_page]
        items = [{"id": i, "email": f"m{i}@example.com"} for i in ids]
        more = start + per_page < len(rows)
        if self.envelope == "meta":
            pages = -(-self.total // per_page)
            meta = {"current_page": page, "total_pages": pages}
            return httpx.Response(200, json={"data": items, "meta": meta})
        nxt = f"https://api.mn.co/next?page={page + 1}" if more or self.next_on_last else None
        return httpx.Response(200, json={"items": items, "links": {"self": "s", "next": nxt}})

    def handler(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        per_page = int(request.url.params["per_page"])
        self.asked.append((page, per_page))
        return self.answer(page, per_page)

    async def async_handler(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params["page"])
        per_page = int(request.url.params["per_page"])
        self.asked.append((page, per_page))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            for _ in range(3):
                await anyio.lowlevel.checkpoint()
            if self.hold is not None:
                await self.hold.wait()
            return self.answer(page, per_page)
        except anyio.get_cancelled_exc_class():
            self.cancelled += 1
            raise
        finally:
            self.in_flight -= 1

    def client(self, *, concurrent: bool = False) -> AsyncMightyClient:
        handler = self.async_handler if concurrent else self.handler
        # No rate limiter: these tests count the pages the paginator itself asks for; pacing
        # would queue (and, once the end is found, cancel unsent) some of its fetches.
        return AsyncMightyClient(
            "t", network_id=1, transport=httpx.MockTransport(handler), rate_limit=None
        )
