"""Giving a sandbox record the id a test names, with every reference to it following.

Code under test often names records by id (a space or plan id in its configuration), and
examples written for a real network do too. Ids are unique across all tables (one counter),
so an id's references are found without knowing their kind: every ``id``, ``*_id`` and
``*_ids`` value equal to it, and the store's relation tables. The network's own id is not a
record id and is left alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import ConfigurationError

if TYPE_CHECKING:
    from ._store import Record, Store

__all__ = ["renumber"]

_NOT_A_RECORD_ID = frozenset({"network_id"})


def renumber(store: Store, old: int, new: int) -> str:
    """Move the record ``old`` to id ``new`` everywhere; return the name of its table.

    Raises:
        ConfigurationError: ``old`` is no record, or ``new`` is not a positive id or is taken.
    """
    if isinstance(new, bool) or not isinstance(new, int) or new < 1:
        raise ConfigurationError(f"a new id must be a positive int, got {new!r}")
    table = next((name for name, rows in store.tables.items() if old in rows), None)
    if table is None:
        raise ConfigurationError(f"no record has id {old}")
    if new != old and any(new in rows for rows in store.tables.values()):
        raise ConfigurationError(f"id {new} is already taken")
    if new == old:
        return table
    for rows in store.tables.values():
        for record in rows.values():
            _rewrite(record, old, new)
    for record in store.users.values():
        _rewrite(record, old, new)  # removed members live on as users only
    swap = {old: new}
    rows = store.tables[table]
    store.tables[table] = dict(sorted((swap.get(k, k), v) for k, v in rows.items()))
    store.users = {swap.get(k, k): v for k, v in store.users.items()}
    _follow_relations(store, old, new)
    store.reserve(new)
    return table


def _follow_relations(store: Store, old: int, new: int) -> None:
    swap = {old: new}
    store.owner_id = swap.get(store.owner_id, store.owner_id)
    for relation in (store.space_members, store.plan_access, store.member_tags,
                     store.member_badges):  # fmt: skip
        if old in relation:
            relation[new] = relation.pop(old)  # type: ignore[assignment]
        for holders in relation.values():
            if old in holders:
                _swap_in(holders, old, new)
    store.mutes = {(swap.get(a, a), swap.get(b, b)) for a, b in store.mutes}
    store.password_resets = [swap.get(i, i) for i in store.password_resets]


def _swap_in(holders: Any, old: int, new: int) -> None:
    if isinstance(holders, dict):
        holders[new] = holders.pop(old)
    else:
        holders.discard(old)
        holders.add(new)


def _rewrite(record: Record, old: int, new: int) -> None:
    for key, value in record.items():
        if key in _NOT_A_RECORD_ID:
            continue
        if (key == "id" or key.endswith("_id")) and value == old and not isinstance(value, bool):
            record[key] = new
        elif key.endswith("_ids") and isinstance(value, list) and old in value:
            record[key] = [new if item == old else item for item in value]
        elif key == "permalink" and isinstance(value, str) and value.endswith(f"/{old}"):
            record[key] = value[: -len(str(old))] + str(new)
