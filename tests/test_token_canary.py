"""A planted token never leaks into reprs, error texts, logs, audit records, spans or tracebacks."""

from __future__ import annotations

import logging
import traceback

import httpx
import pytest

from mighty_async import AsyncMightyClient, MightyError, token_fingerprint

from .support.otel import installed_exporter

pytestmark = pytest.mark.anyio

CANARY = "mn_CANARY-7f3a9c1e5b"


def answers():
    """One handler per failure mode a call can meet."""

    def status(code: int, **kwargs: object):
        return lambda request: httpx.Response(code, **kwargs)

    def echo_auth(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400, json={"error": "bad", "message": "see headers"}, headers={"x-echo": "nope"}
        )

    def connect(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    return {
        "401": status(401, json={"error": "unauthorized", "message": "Invalid token"}),
        "expired": status(401, json={"error": "token_expired", "message": "revoked"}),
        "403-html": status(
            403, content=b"<html>blocked</html>", headers={"content-type": "text/html"}
        ),
        "429": status(429, headers={"Retry-After": "1000"}),
        "500": status(500, content=b"oops"),
        "400": echo_auth,
        "bad-json": status(200, content=b"{"),
        "bad-shape": status(200, json={"id": "not-a-number"}),
        "connect": connect,
        "timeout": timeout,
    }


@pytest.mark.parametrize("mode", sorted(answers()))
async def test_token_never_leaks(mode, caplog):
    """Whatever fails, the token is absent from reprs, messages, logs and the traceback."""
    caplog.set_level(logging.DEBUG)
    spans = installed_exporter()
    records = []
    transport = httpx.MockTransport(answers()[mode])
    client = AsyncMightyClient(CANARY, network_id=1, transport=transport, on_request=records.append)
    async with client:
        with pytest.raises(MightyError) as info:
            await client.network()
    err = info.value
    finished = spans.get_finished_spans()
    assert records
    assert finished
    assert {r.token_fingerprint for r in records} == {token_fingerprint(CANARY)}
    texts = [
        repr(client),
        repr(client._auth),
        str(err),
        repr(err),
        "".join(traceback.format_exception(err)),
        caplog.text,
        *(str(record.args) for record in caplog.records),
        *(repr(record.__dict__) for record in caplog.records),
        *(repr(record) for record in records),
        *(span.to_json() for span in finished),
    ]
    if err.__cause__ is not None:
        texts += [str(err.__cause__), repr(err.__cause__)]
    response = getattr(err, "response", None)
    if response is not None:
        texts += [repr(response), repr(response.request), repr(response.request.headers)]
    leaks = [text for text in texts if CANARY in text]
    assert leaks == []
    assert caplog.records


def texts_of(err: BaseException) -> list[str]:
    """Every text an error shows: message, repr, traceback, and those of its cause."""
    texts = [str(err), repr(err), "".join(traceback.format_exception(err))]
    if err.__cause__ is not None:
        texts += [str(err.__cause__), repr(err.__cause__)]
    return texts


@pytest.fixture
def no_proxy_env(monkeypatch):
    """No proxy or client variable from the machine running the tests."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "MIGHTY_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


BAD_CHARACTERS = ["\x00", "\x0b", "\x0c", "\x7f", " ", "\u00e9", "\n"]


@pytest.mark.parametrize("bad", BAD_CHARACTERS, ids=repr)
def test_a_refused_token_is_not_in_the_error(bad):
    """A token refused at construction is absent from the error's texts."""
    with pytest.raises(MightyError) as info:
        AsyncMightyClient(f"{CANARY}{bad}{CANARY}", network_id=1)
    assert [text for text in texts_of(info.value) if CANARY in text] == []


@pytest.mark.parametrize("bad", BAD_CHARACTERS, ids=repr)
async def test_a_refused_provider_token_is_not_in_the_error(bad, caplog):
    """A provider's token refused before sending is absent from texts and DEBUG logs."""
    caplog.set_level(logging.DEBUG)

    async def provider() -> str:
        return f"{CANARY}{bad}{CANARY}"

    transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"id": 1}))
    async with AsyncMightyClient(provider, network_id=1, transport=transport) as client:
        with pytest.raises(MightyError) as info:
            await client.network()
    assert [text for text in [*texts_of(info.value), caplog.text] if CANARY in text] == []


@pytest.mark.parametrize("bad", ["\x0b", "\x0c", "\u00e9"], ids=repr)
def test_the_cli_never_prints_a_refused_token(bad, monkeypatch, capsys):
    """A bad token from the environment gives a one-line error without it, even verbose."""
    from mighty_async.cli import main  # noqa: PLC0415

    monkeypatch.setenv("MIGHTY_API_TOKEN", f"{CANARY}{bad}{CANARY}")
    monkeypatch.setenv("MIGHTY_NETWORK_ID", "1")
    assert main(["whoami", "--verbose"]) == 2
    captured = capsys.readouterr()
    assert "outside visible ASCII" in captured.err
    assert CANARY not in captured.err + captured.out


@pytest.mark.parametrize(
    "url", [f"https://ada:{CANARY}@api.mn.co", f"http://ada:{CANARY}@api.mn.co", "https://[::1"]
)
def test_a_password_in_the_base_url_is_not_in_the_error(url, no_proxy_env):
    """A base URL carrying a password is refused without showing the password."""
    with pytest.raises(MightyError) as info:
        AsyncMightyClient("tok", network_id=1, base_url=url)
    assert [text for text in texts_of(info.value) if CANARY in text] == []


@pytest.mark.parametrize(
    "proxy", [f"ftp://ada:{CANARY}@proxy.example", f"http://ada:{CANARY}@proxy.example:0"]
)
def test_a_proxy_password_is_not_in_the_error(proxy, no_proxy_env, monkeypatch):
    """An unusable proxy variable is refused without showing its password."""
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    with pytest.raises(MightyError) as info:
        AsyncMightyClient("tok", network_id=1)
    assert [text for text in texts_of(info.value) if CANARY in text] == []


def test_a_usable_proxy_password_is_not_in_the_clients_repr(no_proxy_env, monkeypatch):
    """A proxy's password, passed on as proxy auth, shows in no repr of the client's parts."""
    monkeypatch.setenv("HTTPS_PROXY", f"http://ada:{CANARY}@proxy.example:3128")
    client = AsyncMightyClient("tok", network_id=1)
    texts = [repr(client), repr(client._transport), repr(client._http)]
    assert [text for text in texts if CANARY in text] == []


async def test_a_refused_path_id_does_not_show_the_token(caplog):
    """An InvalidPathParameter's texts, and the logs, never contain the token."""
    caplog.set_level(logging.DEBUG)
    transport = httpx.MockTransport(lambda request: httpx.Response(204))
    async with AsyncMightyClient(CANARY, network_id=1, transport=transport) as client:
        with pytest.raises(MightyError) as info:
            await client.members.tags.remove(7, "..")
    assert [text for text in [*texts_of(info.value), caplog.text] if CANARY in text] == []
