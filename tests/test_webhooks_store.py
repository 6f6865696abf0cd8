from __future__ import annotations

import uuid

import pytest

from mighty_async import ConfigurationError
from mighty_async.webhooks import DEFAULT_STORE_SIZE, EventStore, InMemoryEventStore

pytestmark = pytest.mark.anyio


async def test_claim_walks_an_id_through_its_states():
    """An id is new once, then in progress until completed, then handled for good."""
    store = InMemoryEventStore()
    event_id = uuid.uuid4()
    assert store.state(event_id) is None
    assert await store.claim(event_id) == "new"
    assert await store.claim(event_id) == "in_progress"
    await store.complete(event_id)
    assert await store.claim(event_id) == "handled"
    await store.release(event_id)  # a late release does not undo a success
    assert store.state(event_id) == "handled"
    assert event_id in store


async def test_release_makes_an_id_new_again_and_ignores_unknown_ones():
    """A released id (its handler failed) is new again; releasing an unknown id is harmless."""
    store = InMemoryEventStore()
    event_id = uuid.uuid4()
    await store.claim(event_id)
    await store.release(event_id)
    await store.release(uuid.uuid4())
    assert await store.claim(event_id) == "new"


async def test_the_store_is_bounded_and_drops_the_oldest_handled_first():
    """Beyond max_size ids, the least recently seen handled id goes, never one in progress."""
    store = InMemoryEventStore(max_size=3)
    ids = [uuid.uuid4() for _ in range(5)]
    await store.claim(ids[0])  # stays in progress
    for event_id in ids[1:3]:
        await store.claim(event_id)
        await store.complete(event_id)
    assert await store.claim(ids[1]) == "handled"  # seen again: now the most recent handled
    await store.claim(ids[3])
    assert len(store) == 3
    assert ids[2] not in store
    assert [store.state(i) for i in (ids[0], ids[1], ids[3])] == [
        "in_progress",
        "handled",
        "in_progress",
    ]
    await store.claim(ids[4])  # only in-progress ids left to drop but ids[1]
    assert ids[1] not in store
    assert all(store.state(i) == "in_progress" for i in (ids[0], ids[3], ids[4]))


async def test_the_default_store_satisfies_the_protocol():
    """InMemoryEventStore is an EventStore, sized 10,000 by default."""
    store = InMemoryEventStore()
    assert isinstance(store, EventStore)
    assert store.max_size == DEFAULT_STORE_SIZE == 10_000
    assert repr(store) == "<InMemoryEventStore 0/10000 ids>"


@pytest.mark.parametrize("size", [0, -1, 1.5, True, "10"])
async def test_an_unusable_size_is_a_configuration_error(size):
    """The bound must be a positive integer."""
    with pytest.raises(ConfigurationError):
        InMemoryEventStore(max_size=size)
