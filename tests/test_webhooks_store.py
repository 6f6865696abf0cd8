from __future__ import annotations

import uuid

import pytest

from mighty_async import ConfigurationError
from mighty_async.webhooks import DEFAULT_STORE_SIZE, EventStore, InMemoryEventStore

pytestmark = pytest.mark.anyio


async def test_add_reports_whether_the_id_is_new():
    """The first add of an id is True, every later one False."""
    store = InMemoryEventStore()
    event_id = uuid.uuid4()
    assert await store.add(event_id) is True
    assert await store.add(event_id) is False
    assert event_id in store


async def test_the_store_is_bounded_and_drops_the_oldest_first():
    """Beyond max_size ids, the least recently seen one is forgotten."""
    store = InMemoryEventStore(max_size=3)
    ids = [uuid.uuid4() for _ in range(4)]
    for event_id in ids[:3]:
        await store.add(event_id)
    assert await store.add(ids[0]) is False  # seen again: now the most recent
    await store.add(ids[3])
    assert len(store) == 3
    assert ids[1] not in store
    assert all(event_id in store for event_id in (ids[0], ids[2], ids[3]))


async def test_discard_forgets_an_id_and_ignores_unknown_ones():
    """A discarded id is new again; discarding an unknown id is harmless."""
    store = InMemoryEventStore()
    event_id = uuid.uuid4()
    await store.add(event_id)
    await store.discard(event_id)
    await store.discard(uuid.uuid4())
    assert await store.add(event_id) is True


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
