"""Table tests for reading list envelopes and deciding where a page walk ends."""

from __future__ import annotations

import attrs
import pytest

from mighty_async._sansio import (
    PageBody,
    is_last_page,
    item_key,
    page_keys,
    split_page_body,
    stale_run,
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"items": [1], "links": {"self": "s", "next": "n"}}, PageBody(items=[1], next_link="n")),
        ({"items": [1], "links": {"self": "s", "next": None}}, PageBody(items=[1])),
        ({"items": [], "links": {}}, PageBody(items=[])),
        ({"items": [1]}, PageBody(items=[1])),
        ({"items": [1], "links": {"next": ""}}, PageBody(items=[1])),
        (
            {"data": [2], "meta": {"current_page": 1, "total_pages": "3"}},
            PageBody(items=[2], current_page=1, total_pages=3),
        ),
        ({"data": [2], "meta": {"current_page": True}}, PageBody(items=[2])),
        ({"items": "nope"}, None),
        ([1, 2], None),
        (None, None),
    ],
)
def test_split_page_body(body, expected):
    """Both envelopes are read, and anything else is recognised as not a page."""
    assert split_page_body(body) == expected


@pytest.mark.parametrize(
    ("page", "per_page", "last"),
    [
        (PageBody(items=[]), 2, True),
        (PageBody(items=[1], next_link="n"), 2, True),
        (PageBody(items=[1, 2], next_link="n"), 2, False),
        (PageBody(items=[1, 2]), 2, True),
        (PageBody(items=[1, 2], current_page=1, total_pages=2), 2, False),
        (PageBody(items=[1, 2], current_page=2, total_pages=2), 2, True),
        (PageBody(items=[1, 2], next_link="n", current_page=3, total_pages=2), 2, True),
    ],
)
def test_is_last_page(page, per_page, last):
    """Empty, short, next-less and meta-final pages end the walk; full pages with more do not."""
    assert is_last_page(page, per_page=per_page) is last


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ({"id": 1, "name": "a"}, {"id": 1, "name": "b"}, True),
        ({"id": 1}, {"id": 2}, False),
        ({"id": "x1"}, {"id": "x1", "more": 1}, True),
        ({"id": 1}, {"id": "1"}, False),
        ({"name": "a", "n": 1}, {"n": 1, "name": "a"}, True),
        ({"name": "a"}, {"name": "b"}, False),
        ({"id": None, "name": "a"}, {"id": None, "name": "a"}, True),
        ({"id": True, "name": "a"}, {"id": True, "name": "b"}, False),
        ({"id": 1.5}, {"id": 1.5}, True),
        ([1, 2], [1, 2], True),
        ("text", "text", True),
        ({"id": 1}, {"name": 1}, False),
    ],
)
def test_item_key(first, second, same):
    """A record is its id when it has an int or str one, else its content (key order aside)."""
    assert (item_key(first) == item_key(second)) is same


def test_item_key_of_content_is_a_small_digest():
    """A record without an id is remembered as a 16-byte digest, whatever its size."""
    kind, digest = item_key({"text": "x" * 100_000})
    assert kind == "content"
    assert len(digest) == 16


def test_item_key_of_a_record_too_deep_to_write_is_always_new():
    """A record nested too deep to serialise gets a key equal to no other, itself included."""
    deep: object = []
    for _ in range(100_000):
        deep = [deep]
    assert item_key(deep) != item_key(deep)


@pytest.mark.parametrize(
    ("previous", "fresh", "last", "run"),
    [
        (0, 5, False, 0),
        (2, 1, False, 0),
        (0, 0, False, 1),
        (2, 0, False, 3),
        (2, 0, True, 0),
        (0, 0, True, 0),
    ],
)
def test_stale_run(previous, fresh, last, run):
    """A page with a new record ends a run; one without extends it, unless it is the last."""
    assert stale_run(previous, fresh=fresh, last=last) == run


@attrs.frozen
class _Record:
    """A structured record, as the fast path hands a page's items over."""

    id: object
    name: str = "a"


@pytest.mark.parametrize(
    ("structured", "raw", "same"),
    [
        (_Record(1), {"id": 1, "name": "b"}, True),
        (_Record(1, "x"), {"id": 1}, True),
        (_Record("x1"), {"id": "x1"}, True),
        (_Record(1), {"id": 2}, False),
        (_Record(id=True), {"id": True}, False),
    ],
)
def test_a_structured_record_is_keyed_by_its_id_like_its_raw_record(structured, raw, same):
    """A model with an int or str id gets the key its raw record gets, whatever its other fields."""
    assert (item_key(structured) == item_key(raw)) is same


def test_page_keys_are_the_item_keys_of_the_records():
    """A page's keys are item_key of each record, in order, for every kind of record."""
    records = [
        {"id": 1},
        {"id": "x"},
        {"id": True},
        {"id": 1.5},
        {"name": "a"},
        _Record(2),
        _Record(id=None),
        [1],
        "text",
        None,
    ]
    assert page_keys(records) == tuple(item_key(record) for record in records)
