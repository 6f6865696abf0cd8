"""What the "Receiving webhooks" and "Using with FastAPI" pages show is what the code does.

tests/test_docs_examples.py runs every block; these tests check what the blocks leave behind.
"""

from __future__ import annotations

import re
import uuid

import pytest

from mighty_async.errors import DuplicateEvent, EventInProgress
from mighty_async.webhooks import (
    EVENT_TYPES,
    EventStore,
    WebhookReceiver,
    parse_event,
    payload_type,
)

from .support.doc_blocks import DOCS, block_defining, python_blocks, run_block
from .support.webhook_bodies import delivery, encode

pytestmark = pytest.mark.anyio


class FakeRedis:
    """The redis.asyncio.Redis calls the docs' store makes, over a dict."""

    def __init__(self):
        self.data: dict[str, tuple[object, int | None]] = {}

    async def set(self, key, value, *, nx=False, ex=None):
        """SET with NX and EX: None when NX finds the key, True otherwise."""
        if nx and key in self.data:
            return None
        self.data[key] = (value, ex)
        return True

    async def get(self, key):
        """GET: the value as bytes, None when absent."""
        found = self.data.get(key)
        return None if found is None else str(found[0]).encode()

    async def delete(self, key):
        """DEL: how many keys went."""
        return 1 if self.data.pop(key, None) is not None else 0


async def test_the_docs_redis_store_deduplicates():
    """The page's RedisEventStore, on a fake Redis, works as a receiver's store."""
    namespace = await run_block(block_defining("webhooks.md", "class RedisEventStore"))
    redis = FakeRedis()
    store = namespace["RedisEventStore"](redis, lease_seconds=60, keep_seconds=3600)
    assert isinstance(store, EventStore)
    event_id = uuid.uuid4()
    key = f"mighty:event:{event_id}"
    assert await store.claim(event_id) == "new"
    assert await store.claim(event_id) == "in_progress"
    assert redis.data[key] == ("in_progress", 60)
    await store.release(event_id)
    assert await store.claim(event_id) == "new"
    await store.complete(event_id)
    assert redis.data[key] == ("handled", 3600)
    assert await store.claim(event_id) == "handled"

    receiver = WebhookReceiver("s", store=store, replay_window=None)
    body = encode(delivery("MemberJoined", {"member": {"id": 1}}))
    async with receiver.delivery(body, authorization="Bearer s"):
        with pytest.raises(EventInProgress):
            await receiver.receive(body, authorization="Bearer s")
    with pytest.raises(DuplicateEvent):
        await receiver.receive(body, authorization="Bearer s")


async def test_the_docs_match_example_describes_each_kind():
    """The page's describe() handles a join, a purchase and an unknown type as it claims."""
    namespace = await run_block(block_defining("webhooks.md", "def describe("))
    describe = namespace["describe"]
    joined = parse_event(encode(delivery("MemberJoined", {"member": {"id": 42}})))
    bought = parse_event(
        encode(
            delivery(
                "MemberPurchased",
                {
                    "member_id": 1,
                    "member_email": "a@b.c",
                    "plan": {"amount": 1500},
                    "purchase": {"id": 3},
                },
            )
        )
    )
    unknown = parse_event(encode(delivery("SomethingNew", {})))
    left = parse_event(encode(delivery("MemberLeft", {})))
    assert describe(joined) == "member 42 joined"
    assert describe(bought) == "a@b.c paid 1500 cents"
    assert describe(unknown) == "something new: SOMETHING_NEW"
    assert describe(left) == "MEMBER_LEFT"


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


async def test_the_fastapi_testing_example_gets_its_answer():
    """The page's testing recipe starts the app, reaches the mock API and gets the member."""
    namespace = await run_block(block_defining("fastapi.md", "lifespan_transport("))
    assert namespace["response"].status_code == 200
    assert namespace["response"].json() == {"id": 42, "name": "Ada Lovelace"}


@pytest.mark.parametrize(
    ("marker", "path"),
    [
        ('"/webhooks/mighty"', "/webhooks/mighty"),
        ('"/member-left"', "/webhooks/member-left"),
        ('"/webhooks/custom"', "/webhooks/custom"),
    ],
)
async def test_the_fastapi_webhook_examples_add_their_routes(marker, path):
    """Each webhook example on the page leaves a POST route where it says."""
    namespace = await run_block(block_defining("fastapi.md", marker))
    assert "post" in namespace["app"].openapi()["paths"][path]


def test_both_pages_have_code():
    """The pages exist and carry runnable examples (so the tests above test something)."""
    assert len(python_blocks("webhooks.md")) >= 6
    assert len(python_blocks("fastapi.md")) >= 5
