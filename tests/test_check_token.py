"""client.check_token(wait=...): wait for a new token to propagate, never for a 403."""

from __future__ import annotations

import logging

import anyio
import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    ConfigurationError,
    Forbidden,
    Me,
    TokenExpired,
    Unauthorized,
)
from mighty_async.cli import main
from mighty_async.testing import Sandbox

from .support.fakeclock import FakeClock

pytestmark = pytest.mark.anyio

ME = {"user": {"id": 1, "name": "Ada"}, "network": {"id": 5}}


def scripted(clock: FakeClock, *statuses: int):
    """Answer ``statuses`` in turn (then 200 with /me), noting the fake time of each request."""
    times: list[float] = []
    queue = list(statuses)

    def handler(request: httpx.Request) -> httpx.Response:
        times.append(clock.now())
        status = queue.pop(0) if queue else 200
        body = ME if status == 200 else {"error": "unauthorized" if status == 401 else "forbidden"}
        return httpx.Response(status, json=body)

    return httpx.MockTransport(handler), times


def make_client(transport, clock: FakeClock) -> AsyncMightyClient:
    return AsyncMightyClient(
        "new-token",
        network_id=5,
        transport=transport,
        rate_limit=None,
        clock=clock.now,
        sleep=clock.sleep,
    )


async def test_401s_are_retried_with_backoff_until_me_answers():
    """Two 401s, then /me answers: asked at 0, 0.5 and 1.5 s, and the Me is returned."""
    async with FakeClock().running() as clock:
        transport, times = scripted(clock, 401, 401)
        async with make_client(transport, clock) as client:
            me = await client.check_token(wait=10)
    assert isinstance(me, Me)
    assert me.user.name == "Ada"
    assert times == [0.0, 0.5, 1.5]


async def test_the_last_401_is_raised_when_the_wait_runs_out():
    """A token that never works: asked until 10 s have passed, then Unauthorized is raised."""
    async with FakeClock().running() as clock:
        transport, times = scripted(clock, *[401] * 50)
        async with make_client(transport, clock) as client:
            with pytest.raises(Unauthorized):
                await client.check_token(wait=10)
    assert times == [0.0, 0.5, 1.5, 3.5, 7.5, 10.0]


async def test_a_403_is_never_retried():
    """A 403 (a missing permission) raises Forbidden after the first request."""
    async with FakeClock().running() as clock:
        transport, times = scripted(clock, 403)
        async with make_client(transport, clock) as client:
            with pytest.raises(Forbidden):
                await client.check_token(wait=10)
    assert times == [0.0]


async def test_wait_zero_asks_once():
    """check_token(wait=0) is one GET /me: a 401 is raised at once."""
    async with FakeClock().running() as clock:
        transport, times = scripted(clock, 401)
        async with make_client(transport, clock) as client:
            with pytest.raises(Unauthorized):
                await client.check_token(wait=0)
    assert times == [0.0]


@pytest.mark.parametrize("wait", [-1, "10", True, float("nan")])
async def test_a_bad_wait_is_refused(wait):
    """A negative, non-numeric or NaN wait raises ConfigurationError before any request."""
    async with FakeClock().running() as clock:
        transport, times = scripted(clock)
        async with make_client(transport, clock) as client:
            with pytest.raises(ConfigurationError, match="wait must be"):
                await client.check_token(wait=wait)
    assert times == []


async def test_a_token_the_sandbox_learns_later_is_waited_for():
    """Against the sandbox, a token that starts working after 2 s is accepted on the next poll."""
    sandbox = Sandbox(members=2)
    pending = "sandbox-not-yet-propagated"
    async with FakeClock().running() as clock:

        async def propagate() -> None:
            await clock.sleep(2.0)
            sandbox._gate.tokens[pending] = sandbox.store.owner_id

        client = sandbox.client(token=pending, clock=clock.now, sleep=clock.sleep)
        async with client, anyio.create_task_group() as group:
            group.start_soon(propagate)
            me = await client.check_token(wait=10)
            elapsed = clock.now()
    assert me.user.id == sandbox.store.owner_id
    assert elapsed == 3.5


async def test_a_revoked_token_is_a_token_expired_after_the_wait():
    """A revoked sandbox token keeps answering 401 token_expired: TokenExpired after the wait."""
    sandbox = Sandbox(members=2)
    sandbox.revoke_token()
    async with FakeClock().running() as clock:
        client = sandbox.client(clock=clock.now, sleep=clock.sleep)
        async with client:
            with pytest.raises(TokenExpired):
                await client.check_token(wait=1)


@pytest.fixture
def served():
    """A sandbox served over loopback HTTP."""
    sandbox = Sandbox(seed=3, members=2)
    with sandbox.serve_in_thread(port=0) as base_url:
        yield sandbox, base_url


def test_whoami_wait_polls_and_then_fails_with_one_line(served, monkeypatch, capsys, caplog):
    """`whoami --wait 10` with a token that never works asks six times, then exits 1."""
    sandbox, base_url = served
    caplog.set_level(logging.INFO, logger="mighty_async")
    monkeypatch.setenv("MIGHTY_BASE_URL", base_url)
    monkeypatch.setenv("MIGHTY_API_TOKEN", "not-a-sandbox-token")
    monkeypatch.setenv("MIGHTY_NETWORK_ID", str(sandbox.network_id))
    assert main(["whoami", "--wait", "10"]) == 1
    assert "refused the token" in capsys.readouterr().err
    assert len([r for r in caplog.records if "authentication failed" in r.getMessage()]) == 6


def test_whoami_wait_prints_the_owner_once_the_token_works(served, monkeypatch, capsys):
    """`whoami --wait 10` with a working token prints who it belongs to."""
    sandbox, base_url = served
    monkeypatch.setenv("MIGHTY_BASE_URL", base_url)
    monkeypatch.setenv("MIGHTY_API_TOKEN", sandbox.token)
    monkeypatch.setenv("MIGHTY_NETWORK_ID", str(sandbox.network_id))
    assert main(["whoami", "--wait", "10"]) == 0
    assert f"user {sandbox.store.owner_id}" in capsys.readouterr().out
