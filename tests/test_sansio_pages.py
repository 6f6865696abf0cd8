"""Table tests for reading list envelopes and deciding where a page walk ends."""

from __future__ import annotations

import pytest

from mighty_async._sansio import PageBody, is_last_page, split_page_body


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
