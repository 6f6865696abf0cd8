"""Uploads: files from a path, bytes or a file object, as multipart, with a size limit."""

from __future__ import annotations

import io
import pickle
import re
from typing import TYPE_CHECKING

import pytest

from mighty_async import AssetTooLarge, ConfigurationError
from mighty_async.resources import MAX_ASSET_BYTES
from tests.resources._mock import path, recording_client

if TYPE_CHECKING:
    import httpx

pytestmark = pytest.mark.anyio

ASSET = {"id": 55, "url": "https://cdn.example.com/a.png", "type": "Asset", "name": "a.png"}
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def parts(request: httpx.Request) -> dict[str, dict[str, object]]:
    """The multipart fields: name -> filename, content type, content."""
    content_type = request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=", 1)[1].encode()
    found: dict[str, dict[str, object]] = {}
    for part in request.content.split(b"--" + boundary)[1:-1]:
        head, _, content = part[2:-2].partition(b"\r\n\r\n")
        text = head.decode()
        name = re.search(r'name="([^"]+)"', text)
        filename = re.search(r'filename="([^"]*)"', text)
        ctype = re.search(r"Content-Type: (\S+)", text)
        assert name
        found[name.group(1)] = {
            "filename": filename.group(1) if filename else None,
            "content_type": ctype.group(1) if ctype else None,
            "content": content,
        }
    return found


async def test_upload_from_a_path_sends_the_file_with_its_name_and_type(tmp_path):
    """A path is read, named after the file, and typed from its extension."""
    (tmp_path / "badge.png").write_bytes(PNG)
    client, sent = recording_client(ASSET, status=201)
    async with client:
        asset = await client.assets.upload(tmp_path / "badge.png", asset_style="avatar")
    assert asset.id == 55
    assert sent[0].method == "POST"
    assert path(sent[0]) == "/assets"
    fields = parts(sent[0])
    assert fields["asset_file"] == {
        "filename": "badge.png",
        "content_type": "image/png",
        "content": PNG,
    }
    assert fields["asset_style"]["content"] == b"avatar"
    assert fields["asset_style"]["filename"] is None


async def test_upload_from_bytes_uses_the_given_name_and_type():
    """Bytes carry no name: the caller's filename and content type are used."""
    client, sent = recording_client(ASSET, status=201)
    async with client:
        await client.assets.upload(b"%PDF-1.7", filename="guide.pdf")
        await client.assets.upload(b"raw", content_type="text/csv")
    first, second = parts(sent[0])["asset_file"], parts(sent[1])["asset_file"]
    assert (first["filename"], first["content_type"]) == ("guide.pdf", "application/pdf")
    assert (second["filename"], second["content_type"]) == ("upload", "text/csv")


async def test_upload_from_a_file_object_reads_from_its_position():
    """A binary file object is read from where it stands, and its name is kept."""
    handle = io.BytesIO(b"skip" + PNG)
    handle.name = "/somewhere/photo.png"
    handle.seek(4)
    client, sent = recording_client(ASSET, status=201)
    async with client:
        await client.assets.upload(handle)
    field = parts(sent[0])["asset_file"]
    assert field == {"filename": "photo.png", "content_type": "image/png", "content": PNG}


async def test_upload_from_a_url_sends_no_file_part_but_still_multipart():
    """``source_url`` alone is sent as a multipart field, with metadata as ``metadata[key]``."""
    client, sent = recording_client(ASSET, status=201)
    async with client:
        await client.assets.upload(
            source_url="https://example.com/logo.png",
            original_aspect_ratio="16:9",
            metadata={"is_main_image": True, "is_video_image": False},
        )
    fields = parts(sent[0])
    assert "asset_file" not in fields
    assert fields["source_url"]["content"] == b"https://example.com/logo.png"
    assert fields["metadata[is_main_image]"]["content"] == b"true"
    assert fields["metadata[is_video_image]"]["content"] == b"false"
    assert fields["original_aspect_ratio"]["content"] == b"16:9"


async def test_a_file_of_exactly_the_limit_is_sent():
    """25 MB is allowed: the limit is inclusive."""
    client, sent = recording_client(ASSET, status=201)
    async with client:
        await client.assets.upload(bytes(MAX_ASSET_BYTES), filename="big.bin")
    assert len(sent) == 1
    assert MAX_ASSET_BYTES == 25 * 1024 * 1024


class _Endless(io.RawIOBase):
    """A stream that cannot seek and never ends."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        buffer[:] = b"\0" * len(buffer)
        return len(buffer)


@pytest.mark.parametrize("kind", ["bytes", "path", "seekable", "stream"])
async def test_a_file_over_the_limit_is_refused_before_sending(kind, tmp_path):
    """Over 25 MB, whatever the input, `AssetTooLarge` is raised and nothing is sent."""
    too_big = MAX_ASSET_BYTES + 1
    if kind == "bytes":
        file: object = bytes(too_big)
    elif kind == "path":
        file = tmp_path / "huge.bin"
        with file.open("wb") as handle:
            handle.truncate(too_big)
    elif kind == "seekable":
        file = io.BytesIO(bytes(too_big))
    else:
        file = io.BufferedReader(_Endless())
    client, sent = recording_client(ASSET, status=201)
    async with client:
        with pytest.raises(AssetTooLarge) as caught:
            await client.assets.upload(file)  # type: ignore[arg-type]
    assert not sent
    assert caught.value.limit == MAX_ASSET_BYTES
    assert caught.value.size >= too_big
    assert isinstance(caught.value, ConfigurationError)
    assert isinstance(caught.value, ValueError)


def test_asset_too_large_pickles_with_its_numbers():
    """The error survives pickling (worker processes) with size and limit."""
    error = pickle.loads(pickle.dumps(AssetTooLarge(size=30, limit=20)))  # noqa: S301
    assert (error.size, error.limit) == (30, 20)
    assert "30 bytes" in str(error)


@pytest.mark.parametrize(
    "arguments",
    [{}, {"file": b"x", "source_url": "https://example.com/x.png"}],
    ids=["neither", "both"],
)
async def test_exactly_one_of_file_and_source_url(arguments):
    """Neither or both of ``file`` and ``source_url`` is refused before sending."""
    client, sent = recording_client(ASSET, status=201)
    async with client:
        with pytest.raises(ConfigurationError, match="exactly one"):
            await client.assets.upload(**arguments)
    assert not sent


async def test_unreadable_inputs_are_configuration_errors(tmp_path):
    """A missing path, a text-mode file, or a non-file is a typed error, not an OSError."""
    client, sent = recording_client(ASSET, status=201)
    async with client:
        with pytest.raises(ConfigurationError, match="cannot read"):
            await client.assets.upload(tmp_path / "missing.png")
        with pytest.raises(ConfigurationError, match="binary mode"):
            await client.assets.upload(io.StringIO("text"))  # type: ignore[arg-type]
        with pytest.raises(ConfigurationError, match="must be a path"):
            await client.assets.upload(12345)  # type: ignore[arg-type]
    assert not sent
