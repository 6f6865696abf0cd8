"""Uploaded files and images (``/assets``)."""

from __future__ import annotations

import attrs

__all__ = ["Asset"]


@attrs.frozen(kw_only=True)
class Asset:
    """An uploaded file; its ``id`` is what other calls take (a badge's ``avatar_id``, ...).

    ``type`` is the server's class name (``Asset``, ``StaticAsset``, ...), ``name`` the original
    file name.
    """

    id: int
    url: str | None = None
    type: str | None = None
    name: str | None = None
