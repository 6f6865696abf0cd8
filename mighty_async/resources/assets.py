"""File uploads: ``POST /assets`` (multipart)."""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, TypeAlias

import anyio.to_thread

from ..errors import AssetTooLarge, ConfigurationError
from ..models import Asset
from ._base import NOT_GIVEN, NotGiven, Resource

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..models import AssetStyle

__all__ = ["MAX_ASSET_BYTES", "Assets", "FileInput"]

MAX_ASSET_BYTES: Final = 25 * 1024 * 1024
"""The largest upload sent (25 MB): the API is reported to refuse bigger files."""

FileInput: TypeAlias = "str | os.PathLike[str] | bytes | bytearray | IO[bytes]"
"""What `Assets.upload` reads: a path, the bytes themselves, or a binary file object."""

_DEFAULT_TYPE = "application/octet-stream"


def _read_limited(file: IO[bytes], limit: int) -> bytes:
    """Read a binary file object from its position, refusing more than ``limit`` bytes."""
    if file.seekable():
        start = file.tell()
        size = file.seek(0, os.SEEK_END) - start
        file.seek(start)
        if size > limit:
            raise AssetTooLarge(size=size, limit=limit)
    content: object = file.read(limit + 1)
    if not isinstance(content, bytes | bytearray):
        raise ConfigurationError("the file must be opened in binary mode ('rb'), not text mode")
    if len(content) > limit:
        raise AssetTooLarge(size=len(content), limit=limit)
    return bytes(content)


def _read_path(path: Path, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise AssetTooLarge(size=size, limit=limit)
        with path.open("rb") as handle:
            return _read_limited(handle, limit)
    except OSError as exc:
        raise ConfigurationError(f"cannot read the file to upload: {exc}") from exc


def _load(file: FileInput, limit: int) -> tuple[bytes, str | None]:
    """The content to upload and the file name it came with, if any (runs in a thread)."""
    if isinstance(file, bytes | bytearray):
        if len(file) > limit:
            raise AssetTooLarge(size=len(file), limit=limit)
        return bytes(file), None
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        return _read_path(path, limit), path.name
    if not hasattr(file, "read"):
        raise ConfigurationError(
            f"file must be a path, bytes or a binary file object, got {type(file).__name__}"
        )
    name = getattr(file, "name", None)
    return _read_limited(file, limit), Path(name).name if isinstance(name, str) else None


def _form_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Assets(Resource):
    """Uploads: ``client.assets``. The returned `Asset` id is what other calls reference.

    ```python
    asset = await client.assets.upload("badge.png", asset_style="avatar")
    badge = await client.badges.create(title="Helper", avatar_id=asset.id)
    ```
    """

    async def upload(
        self,
        file: FileInput | None = None,
        *,
        asset_style: AssetStyle | NotGiven = NOT_GIVEN,
        source_url: str | NotGiven = NOT_GIVEN,
        original_aspect_ratio: str | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        filename: str | None = None,
        content_type: str | None = None,
    ) -> Asset:
        """Upload a file, or have the server fetch one from ``source_url`` (``POST /assets``).

        Args:
            file: a path, the file's bytes, or a binary file object (read from its current
                position). Give ``file`` or ``source_url``, not both.
            asset_style: what the file is for (``"avatar"``, ``"post"``, ``"file"``, ...).
            source_url: a URL the server downloads the file from instead.
            original_aspect_ratio: passed through to the API.
            metadata: flags such as ``{"is_main_image": True}``, sent as ``metadata[key]``
                form fields.
            filename: the name the server records; defaults to the path's or file object's
                name, else ``"upload"``.
            content_type: the file's MIME type; guessed from the file name when not given,
                else ``application/octet-stream``.

        Raises:
            AssetTooLarge: the file is over 25 MB (checked before anything is sent).
            ConfigurationError: neither or both of ``file`` and ``source_url``, or the file
                cannot be read.
        """
        if (file is None) == (source_url is NOT_GIVEN):
            raise ConfigurationError("give exactly one of file or source_url")
        fields: list[tuple[str, Any]] = []
        if asset_style is not NOT_GIVEN:
            fields.append(("asset_style", (None, asset_style)))
        if source_url is not NOT_GIVEN:
            fields.append(("source_url", (None, source_url)))
        if original_aspect_ratio is not NOT_GIVEN:
            fields.append(("original_aspect_ratio", (None, original_aspect_ratio)))
        if metadata is not NOT_GIVEN:
            fields.extend((f"metadata[{k}]", (None, _form_value(v))) for k, v in metadata.items())
        if file is not None:
            content, found_name = await anyio.to_thread.run_sync(_load, file, MAX_ASSET_BYTES)
            name = filename or found_name or "upload"
            mime = content_type or mimetypes.guess_type(name)[0] or _DEFAULT_TYPE
            fields.append(("asset_file", (name, content, mime)))
        return await self._post("/assets", Asset, files=fields)
