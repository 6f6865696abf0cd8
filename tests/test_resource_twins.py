"""PUT twins: ``replace = put_twin(update)`` is ``update`` sent as PUT, with its signature."""

from __future__ import annotations

import inspect
import json

import httpx
import pytest

from mighty_async import AsyncMightyClient, resources
from mighty_async.resources._base import Resource

pytestmark = pytest.mark.anyio

NETWORK = 1234

TWINS = [
    cls
    for cls in (getattr(resources, name) for name in resources.__all__)
    if isinstance(cls, type)
    and issubclass(cls, Resource)
    and hasattr(vars(cls).get("replace"), "__wrapped__")
]


def test_twelve_resources_declare_their_put_twin():
    """Every resource whose PUT takes its PATCH's fields declares replace from update."""
    assert len(TWINS) == 12, sorted(cls.__name__ for cls in TWINS)
    for cls in TWINS:
        assert cls.replace.__wrapped__ is cls.update


@pytest.mark.parametrize("cls", TWINS, ids=lambda cls: cls.__name__)
def test_twin_shows_its_update_signature_and_a_put_docstring(cls: type[Resource]):
    """Its inspected signature is update's; its docstring names the PUT path update patches."""
    replace = vars(cls)["replace"]
    assert inspect.signature(replace) == inspect.signature(cls.update)
    assert replace.__name__ == "replace"
    assert replace.__qualname__ == f"{cls.__name__}.replace"
    patch_path = (cls.update.__doc__ or "").split("``PATCH ", 1)[1].split("``", 1)[0]
    assert f"``PUT {patch_path}``" in (replace.__doc__ or "")


def _recording_client(sent: list[httpx.Request]) -> AsyncMightyClient:
    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"id": 7, "email": "a@b.io", "first_name": "A"})

    return AsyncMightyClient(
        "test-token", network_id=NETWORK, transport=httpx.MockTransport(answer)
    )


async def test_twin_sends_update_body_as_put():
    """A twin sends exactly what update sends, to the same path, with PUT instead of PATCH."""
    sent: list[httpx.Request] = []
    async with _recording_client(sent) as client:
        patched = await client.members.update(7, role="host", last_name="L")
        put = await client.members.replace(7, role="host", last_name="L")
        assert type(patched) is type(put)
        await client.spaces.members.replace(3, 7, role="moderator")
    assert [r.method for r in sent] == ["PATCH", "PUT", "PUT"]
    assert sent[0].url.path == sent[1].url.path == f"/admin/v1/networks/{NETWORK}/members/7/"
    assert json.loads(sent[0].content) == json.loads(sent[1].content)
    assert json.loads(sent[1].content) == {"role": "host", "last_name": "L"}
    assert sent[2].url.path == f"/admin/v1/networks/{NETWORK}/spaces/3/members/7/"


async def test_twin_refuses_bad_arguments_when_called():
    """An unknown or missing argument raises TypeError at the call, before anything is sent."""
    sent: list[httpx.Request] = []
    async with _recording_client(sent) as client:
        with pytest.raises(TypeError, match="nickname"):
            client.members.replace(7, nickname="x")  # type: ignore[call-arg]
        with pytest.raises(TypeError):
            client.tags.replace()  # type: ignore[call-arg]
    assert sent == []
