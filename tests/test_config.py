"""Settings resolved and checked once: ports, userinfo, tokens, timeouts, env vars, proxies.

Observations 3 and 4 of issue 11: ``base_url="http://127.0.0.1:99999"`` was accepted (and
later raised a bare ``OverflowError``), a token with a vertical tab was quoted back by h11, a
password in ``base_url`` showed in ``repr(client)``, and ``HTTP_PROXY`` carried the token in
clear text to a proxy for an ``http://127.0.0.1`` base URL.
"""

from __future__ import annotations

import contextlib
import math
import re

import anyio
import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mighty_async import AsyncMightyClient, ConfigurationError, MightyConnectionError, MightyError
from mighty_async._config import (
    check_int,
    check_network_id,
    check_number,
    check_timeout,
    check_token,
    environment_proxy,
    is_loopback,
    redact_url,
    resolve_base_url,
)
from mighty_async.cli import main

PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture
def clean_env(monkeypatch):
    """No client or proxy variable from the machine running the tests."""
    for name in ("MIGHTY_API_TOKEN", "MIGHTY_NETWORK_ID", "MIGHTY_BASE_URL", *PROXY_VARIABLES):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def ok(request: httpx.Request) -> httpx.Response:
    """Answer every request with a network."""
    return httpx.Response(200, json={"id": 1})


# -- base URL --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:99999", "http://127.0.0.1:0", "https://api.mn.co:65536"]
)
def test_a_port_out_of_range_is_refused_at_construction(url, clean_env):
    """A port outside 1-65535 is a ConfigurationError when the client is built."""
    with pytest.raises(ConfigurationError, match="port must be 1-65535"):
        AsyncMightyClient("tok", network_id=1, base_url=url)


@pytest.mark.parametrize(
    "url",
    [
        "https://ada:hunter2-secret@api.mn.co",
        "http://ada:hunter2-secret@127.0.0.1:8000",
        "https://hunter2-secret@api.mn.co",
    ],
)
def test_userinfo_in_the_base_url_is_refused_without_quoting_it(url, clean_env):
    """A user or password in base_url is refused, and the message does not repeat it."""
    with pytest.raises(ConfigurationError, match="must not carry a user or password") as info:
        AsyncMightyClient("tok", network_id=1, base_url=url)
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize(
    "url", ["http://ada:hunter2@api.mn.co", "ftp://ada:hunter2@x", "https://ada:hunter2@[::1"]
)
def test_other_base_url_errors_redact_userinfo(url, clean_env):
    """Whatever else is wrong with a base URL, its password is not in the message."""
    with pytest.raises(ConfigurationError) as info:
        AsyncMightyClient("tok", network_id=1, base_url=url)
    assert "hunter2" not in str(info.value)


def test_a_base_url_that_is_not_text_is_refused(clean_env):
    """A base URL of another type is a ConfigurationError naming the type."""
    with pytest.raises(ConfigurationError, match="int"):
        resolve_base_url(8000)  # type: ignore[arg-type]


def test_redact_url_removes_only_the_userinfo():
    """redact_url hides user and password and keeps the rest of the URL readable."""
    assert redact_url("https://a:b@h.example:8/x?q=1") == "https://***@h.example:8/x?q=1"
    assert redact_url("https://h.example/a@b") == "https://h.example/a@b"


async def test_mighty_base_url_is_honoured_when_no_base_url_is_given(
    clean_env, monkeypatch, anyio_backend
):
    """MIGHTY_BASE_URL is the client's base URL unless one is passed."""
    monkeypatch.setenv("MIGHTY_BASE_URL", "http://127.0.0.1:8123/")
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok(request)

    async with AsyncMightyClient("tok", network_id=1, transport=httpx.MockTransport(record)) as c:
        await c.network()
    assert str(seen[0].url) == "http://127.0.0.1:8123/admin/v1/networks/1/"
    given = AsyncMightyClient("tok", network_id=1, base_url="https://api.mn.co")
    assert given.base_url == httpx.URL("https://api.mn.co")


@pytest.mark.parametrize(
    ("value", "message"),
    [("http://api.mn.co", "refusing plain http://"), ("http://127.0.0.1:99999", "port")],
)
def test_mighty_base_url_follows_the_same_rules(value, message, clean_env, monkeypatch):
    """A MIGHTY_BASE_URL over plain http to another host, or with a bad port, is refused."""
    monkeypatch.setenv("MIGHTY_BASE_URL", value)
    with pytest.raises(ConfigurationError, match=message):
        AsyncMightyClient("tok", network_id=1)


def test_the_cli_refuses_a_plain_http_mighty_base_url(clean_env, monkeypatch, capsys):
    """The command line applies the same rule to MIGHTY_BASE_URL: a one-line usage error."""
    monkeypatch.setenv("MIGHTY_BASE_URL", "http://api.mn.co")
    assert main(["whoami", "--token", "tok", "--network", "1"]) == 2
    err = capsys.readouterr().err
    assert "refusing plain http://" in err
    assert "Traceback" not in err


# -- tokens ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad", ["\x00", "\x0b", "\x0c", "\x7f", " ", "\u00e9", "\u200b", "\x1b", "\ud800"]
)
def test_a_token_outside_visible_ascii_is_refused_at_construction(bad, clean_env):
    """Any character outside 0x21-0x7e inside the token is refused; the message omits it."""
    token = f"mn_secret{bad}part"
    with pytest.raises(ConfigurationError) as info:
        AsyncMightyClient(token, network_id=1)
    message = str(info.value)
    assert "outside visible ASCII" in message
    assert f"U+{ord(bad):04X}" in message
    assert "secret" not in message


@pytest.mark.parametrize("token", ["", "   ", "\n"])
def test_an_empty_token_is_refused(token, clean_env):
    """A token of nothing but whitespace is refused."""
    with pytest.raises(ConfigurationError, match="non-empty"):
        AsyncMightyClient(token, network_id=1)


def test_a_token_that_is_not_a_string_is_refused():
    """A token of another type is refused by type name."""
    with pytest.raises(ConfigurationError, match="bytes"):
        check_token(b"mn_token")


async def test_surrounding_whitespace_is_stripped_from_a_token(clean_env, anyio_backend):
    """Spaces and line breaks around a token (a .env file, a paste) are not sent."""
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok(request)

    transport = httpx.MockTransport(record)
    async with AsyncMightyClient(" \tmn_tok\r\n", network_id=1, transport=transport) as client:
        await client.network()
    assert seen[0].headers["Authorization"] == "Bearer mn_tok"


async def test_a_provider_token_outside_visible_ascii_is_refused_before_sending(
    clean_env, anyio_backend
):
    """A token from a provider is checked when it arrives: typed error, nothing sent."""
    seen: list[httpx.Request] = []

    async def provider() -> str:
        return "mn_secret\x0bpart"

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return ok(request)

    async with AsyncMightyClient(
        provider, network_id=1, transport=httpx.MockTransport(record)
    ) as client:
        with pytest.raises(ConfigurationError, match="the token the provider returned") as info:
            await client.network()
    assert seen == []
    assert "secret" not in str(info.value)


# -- timeouts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "timeout",
    [0, -1, math.nan, math.inf, True, "5", httpx.Timeout(5.0, connect=-1.0)],
    ids=repr,
)
def test_a_bad_timeout_is_refused_at_construction(timeout, clean_env):
    """A timeout must be None, a positive finite number or an httpx.Timeout of such."""
    with pytest.raises(ConfigurationError, match="timeout"):
        AsyncMightyClient("tok", network_id=1, timeout=timeout)


@pytest.mark.parametrize("timeout", [None, 5, 0.5, httpx.Timeout(None), httpx.Timeout(3.0)])
def test_good_timeouts_pass(timeout):
    """None, positive numbers and httpx.Timeout objects are accepted as given."""
    assert check_timeout(timeout) == timeout


# -- shared validators -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "minimum", "good"),
    [(1, 1, True), (0, 1, False), (0, 0, True), (True, 0, False), (1.0, 0, False), ("1", 0, False)],
)
def test_check_int(value, minimum, good):
    """check_int takes ints (not bools, not floats) of at least the minimum."""
    if good:
        assert check_int("n", value, minimum=minimum) == value
    else:
        with pytest.raises(ConfigurationError, match=f"n must be an integer >= {minimum}"):
            check_int("n", value, minimum=minimum)


@pytest.mark.parametrize(
    ("value", "positive", "maximum", "good"),
    [
        (0, False, None, True),
        (0, True, None, False),
        (0.5, True, 1, True),
        (2, True, 1, False),
        (-1, False, None, False),
        (math.nan, False, None, False),
        (math.inf, False, None, False),
        (False, False, None, False),
        ("1", False, None, False),
    ],
)
def test_check_number(value, positive, maximum, good):
    """check_number takes finite real numbers, not bools, within the bounds asked."""
    if good:
        assert check_number("x", value, positive=positive, maximum=maximum) == float(value)
    else:
        with pytest.raises(ConfigurationError, match=r"^x must be"):
            check_number("x", value, positive=positive, maximum=maximum)


# -- proxies ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "base_url", ["http://127.0.0.1:8000", "https://localhost:8443", "http://[::1]:9"]
)
@pytest.mark.parametrize("variable", ["HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"])
def test_a_loopback_base_url_is_never_proxied(base_url, variable, clean_env, monkeypatch):
    """Whatever proxy variable is set, a loopback base URL is reached directly."""
    monkeypatch.setenv(variable, "http://proxy.example:3128")
    assert environment_proxy(resolve_base_url(base_url)) is None


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"HTTPS_PROXY": "http://proxy.example:3128"}, "http://proxy.example:3128"),
        ({"https_proxy": "https://proxy.example"}, "https://proxy.example"),
        ({"ALL_PROXY": "socks5://proxy.example:1080"}, "socks5://proxy.example:1080"),
        ({"HTTP_PROXY": "http://proxy.example:3128"}, None),
        ({"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "api.mn.co"}, None),
        ({"HTTPS_PROXY": "http://proxy.example:3128", "NO_PROXY": "*"}, None),
        ({}, None),
    ],
)
def test_an_https_base_url_takes_the_https_or_all_proxy(
    variables, expected, clean_env, monkeypatch
):
    """HTTPS_PROXY, then ALL_PROXY, unless NO_PROXY names the host; HTTP_PROXY never."""
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    proxy = environment_proxy(resolve_base_url("https://api.mn.co"))
    assert (None if proxy is None else str(proxy.url)) == expected


def test_proxy_credentials_go_to_the_proxy_not_into_texts(clean_env, monkeypatch):
    """A proxy's user and password become proxy auth; the client's repr shows neither."""
    monkeypatch.setenv("HTTPS_PROXY", "http://ada:hunter2@proxy.example:3128")
    proxy = environment_proxy(resolve_base_url("https://api.mn.co"))
    assert proxy is not None
    assert proxy.auth == ("ada", "hunter2")
    assert "hunter2" not in repr(proxy)
    assert "hunter2" not in repr(AsyncMightyClient("tok", network_id=1))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ftp://ada:hunter2@proxy.example", "HTTPS_PROXY must be an http://"),
        ("http://ada:hunter2@proxy.example:99999", "HTTPS_PROXY port must be 1-65535"),
        ("http://ada:hunter2@[::1", "HTTPS_PROXY is not a valid URL"),
        ("proxy.example:3128", "HTTPS_PROXY must be an http://"),
    ],
)
def test_a_bad_proxy_variable_is_refused_at_construction(value, message, clean_env, monkeypatch):
    """An unusable proxy URL is a ConfigurationError naming the variable, password redacted."""
    monkeypatch.setenv("HTTPS_PROXY", value)
    with pytest.raises(ConfigurationError, match=message) as info:
        AsyncMightyClient("tok", network_id=1)
    assert "hunter2" not in str(info.value)


def _answering(seen: list[bytes]):
    """A connection handler that answers one HTTP request with a network, keeping it."""

    async def handle(stream: anyio.abc.SocketStream) -> None:
        async with stream:
            received = b""
            while b"\r\n\r\n" not in received:
                received += await stream.receive()
            seen.append(received)
            body = b'{"id": 1}'
            await stream.send(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
            )

    return handle


async def test_http_proxy_never_sees_a_loopback_request(clean_env, monkeypatch, anyio_backend):
    """Over real sockets: with HTTP_PROXY set, a 127.0.0.1 request goes straight to the API.

    Before the fix the request, Authorization included, went to the proxy in clear text.
    """
    api = await anyio.create_tcp_listener(local_host="127.0.0.1")
    proxy = await anyio.create_tcp_listener(local_host="127.0.0.1")
    api_port = api.listeners[0].extra(anyio.abc.SocketAttribute.local_port)  # noqa: S610
    proxy_port = proxy.listeners[0].extra(anyio.abc.SocketAttribute.local_port)  # noqa: S610
    for variable in ("HTTP_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(variable, f"http://127.0.0.1:{proxy_port}")
    at_api: list[bytes] = []
    at_proxy: list[bytes] = []
    async with api, proxy, anyio.create_task_group() as tasks:
        tasks.start_soon(api.serve, _answering(at_api))
        tasks.start_soon(proxy.serve, _answering(at_proxy))
        async with AsyncMightyClient(
            "mn_tok", network_id=1, base_url=f"http://127.0.0.1:{api_port}", retry=None
        ) as client:
            with anyio.fail_after(10):  # a bound, not a wait: the answer is immediate
                network = await client.network()
        tasks.cancel_scope.cancel()
    assert network.id == 1
    assert at_proxy == []
    assert b"Authorization: Bearer mn_tok" in at_api[0]


def test_only_mighty_errors_come_out_of_construction(clean_env, monkeypatch):
    """A socks proxy without its extra installed is a ConfigurationError, not ImportError."""
    monkeypatch.setenv("HTTPS_PROXY", "socks5://proxy.example:1080")
    try:
        import socksio  # noqa: F401, PLC0415
    except ImportError:
        with pytest.raises(MightyError, match="socks"):
            AsyncMightyClient("tok", network_id=1)
    else:  # pragma: no cover - socksio is not a test dependency
        assert AsyncMightyClient("tok", network_id=1).base_url.host == "api.mn.co"


# -- the sandbox -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"token": "sand\x0bbox"}, "outside visible ASCII"),
        ({"base_url": "https://ada:hunter2@sandbox.test"}, "must not carry a user"),
        ({"base_url": "http://sandbox.test"}, "refusing plain http://"),
        ({"subdomain": "Not A Subdomain"}, "subdomain"),
        ({"subdomain": "1234"}, "subdomain must not be all digits"),
        ({"network_id": 0}, "network_id must be an integer >= 1"),
        ({"spaces": True}, "spaces must be an integer >= 0"),
    ],
)
def test_the_sandbox_applies_the_clients_rules(options, message):
    """A sandbox setting the client would refuse is refused when the sandbox is built."""
    from mighty_async.testing import Sandbox  # noqa: PLC0415

    with pytest.raises(ConfigurationError, match=message) as info:
        Sandbox(members=1, **options)
    assert "hunter2" not in str(info.value)


@pytest.mark.parametrize("value", [2**64, str(2**64), -1, "\u0661", " 7 x"])
def test_a_network_id_outside_uint64_or_not_ascii_is_refused(value, clean_env):
    """The network id is the spec's uint64 (or a subdomain): larger, negative, odd digits fail."""
    with pytest.raises(ConfigurationError, match="network_id must be"):
        AsyncMightyClient("tok", network_id=value)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(max_size=40),
        st.builds(
            "{}://{}{}".format,
            st.sampled_from(["http", "https", "ftp", "HTTP", ""]),
            st.text(max_size=20),
            st.text(max_size=10),
        ),
    )
)
def test_settings_raise_only_configuration_errors(text):
    """Any text is refused with ConfigurationError or accepted only when it obeys the rules."""
    with contextlib.suppress(ConfigurationError):
        url = resolve_base_url(text)
        assert url.scheme == "https" or (url.scheme == "http" and is_loopback(url.host))
        assert not url.userinfo
        assert url.port is None or 1 <= url.port <= 65535
    with contextlib.suppress(ConfigurationError):
        assert all(0x21 <= ord(char) <= 0x7E for char in check_token(text))
    with contextlib.suppress(ConfigurationError):
        network = check_network_id(text)
        assert isinstance(network, int) or re.fullmatch(r"[a-z][a-z0-9-]+", network)
    with contextlib.suppress(ConfigurationError):
        proxy = environment_proxy_for(text)
        assert proxy is None or proxy.url.scheme in {"http", "https", "socks5", "socks5h"}


def environment_proxy_for(value: str) -> httpx.Proxy | None:
    """The proxy for the API when HTTPS_PROXY is ``value``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HTTPS_PROXY", value.replace("\x00", ""))
        patch.delenv("NO_PROXY", raising=False)
        patch.delenv("no_proxy", raising=False)
        return environment_proxy(httpx.URL("https://api.mn.co"))


async def test_an_https_api_goes_through_an_http_proxy_as_a_connect_tunnel(
    clean_env, monkeypatch, anyio_backend
):
    """Over real sockets: HTTPS_PROXY=http://... gets CONNECT api.mn.co:443, never the token.

    The fake proxy refuses the tunnel, so the call fails typed; nothing leaves this machine.
    """
    proxy = await anyio.create_tcp_listener(local_host="127.0.0.1")
    port = proxy.listeners[0].extra(anyio.abc.SocketAttribute.local_port)  # noqa: S610
    monkeypatch.setenv("HTTPS_PROXY", f"http://127.0.0.1:{port}")
    at_proxy: list[bytes] = []

    async def refuse(stream: anyio.abc.SocketStream) -> None:
        async with stream:
            received = b""
            while b"\r\n\r\n" not in received:
                received += await stream.receive()
            at_proxy.append(received)
            await stream.send(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n")

    async with proxy, anyio.create_task_group() as tasks:
        tasks.start_soon(proxy.serve, refuse)
        async with AsyncMightyClient("mn_secret_tok", network_id=1, retry=None) as client:
            with (
                anyio.fail_after(10),
                pytest.raises(MightyConnectionError),
            ):  # a bound: the answer is immediate
                await client.network()
        tasks.cancel_scope.cancel()
    assert at_proxy[0].startswith(b"CONNECT api.mn.co:443 HTTP/1.1\r\n")
    assert b"mn_secret_tok" not in b"".join(at_proxy)
