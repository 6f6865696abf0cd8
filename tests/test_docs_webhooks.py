"""The code on the "Receiving webhooks" and "Using with FastAPI" pages runs as written."""

from __future__ import annotations

import re
import uuid

import pytest
from doc_blocks import DOCS, python_blocks, run_blocks

from mighty_async.errors import DuplicateEvent
from mighty_async.webhooks import EVENT_TYPES, payload_type

pytestmark = pytest.mark.anyio


class FakeRedis:
    """The two redis.asyncio.Redis calls the docs' store makes, over a dict."""

    def __init__(self):
        self.data: dict[str, tuple[object, int | None]] = {}

    async def set(self, key, value, *, nx=False, ex=None):
        """SET with NX and EX: None when NX finds the key, True otherwise."""
        if nx and key in self.data:
            return None
        self.data[key] = (value, ex)
        return True

    async def delete(self, key):
        """DEL: how many keys went."""
        return 1 if self.data.pop(key, None) is not None else 0


async def test_the_webhooks_page_runs():
    """Every block of docs/webhooks.md runs in order, its own asserts included."""
    namespace = await run_blocks("webhooks.md")
    assert namespace["describe"](namespace["event"]) == "member 42 joined"


async def test_the_docs_redis_store_deduplicates():
    """The page's RedisEventStore, on a fake Redis, works as a receiver's store."""
    namespace = await run_blocks("webhooks.md")
    redis = FakeRedis()
    store = namespace["RedisEventStore"](redis, ttl_seconds=60)
    event_id = uuid.uuid4()
    assert await store.add(event_id) is True
    assert await store.add(event_id) is False
    assert redis.data[f"mighty:event:{event_id}"] == (1, 60)
    await store.discard(event_id)
    assert await store.add(event_id) is True

    receiver = namespace["WebhookReceiver"]("whsec-typed-into-mighty", store=store)
    body = namespace["delivery_now"]()
    await receiver.receive(body, authorization="Bearer whsec-typed-into-mighty")
    with pytest.raises(DuplicateEvent):
        await receiver.receive(body, authorization="Bearer whsec-typed-into-mighty")


def test_the_webhooks_page_lists_every_event_type_with_its_payload():
    """The page's table names each of the 44 event classes next to its payload class."""
    listed: dict[str, str] = {}
    for line in (DOCS / "webhooks.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or not cells[0].startswith("`"):
            continue
        for names, payload in ((cells[0], cells[1]), (cells[3], cells[4])):
            for name in re.findall(r"`(\w+)`", names):
                listed[name] = payload.strip("`")
    expected = {cls.__name__: payload_type(cls).__name__ for cls in EVENT_TYPES.values()}
    assert listed == expected


async def test_the_fastapi_page_runs():
    """Every block of docs/fastapi.md runs in order; its test client answers as shown."""
    namespace = await run_blocks("fastapi.md")
    assert namespace["response"].status_code == 200
    paths = set(namespace["app"].openapi()["paths"])
    assert {"/webhooks/mighty", "/webhooks/member-left", "/webhooks/custom"} <= paths


def test_both_pages_have_code():
    """The pages exist and carry runnable examples (so the tests above test something)."""
    assert len(python_blocks("webhooks.md")) >= 6
    assert len(python_blocks("fastapi.md")) >= 5
