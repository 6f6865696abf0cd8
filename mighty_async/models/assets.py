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
    """The asset's id: what calls that attach a file take (a badge's ``avatar_id``, ...)."""
    url: str | None = None
    """Where the uploaded file can be downloaded."""
    type: str | None = None
    """The server's class for the asset (``Asset``, ``StaticAsset``, ...)."""
    name: str | None = None
    """The file name the asset was uploaded with."""
