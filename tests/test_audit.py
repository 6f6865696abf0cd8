"""The audit trail: one record per attempt, to on_request and the mighty_async logger."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import httpx
import pytest

from mighty_async import (
    AsyncMightyClient,
    AuditRecord,
    Forbidden,
    MightyConnectionError,
    RateLimit,
    Unauthorized,
    token_fingerprint,
)
from mighty_async._audit import (
    _EnvHandler,
    configure_logging_from_env,
    logger,
    operation_for,
    template_for,
)
from mighty_async._limiter import SYSTEM_TIME

from .support.fakeclock import FakeClock
from .support.fakeserver import answering_in_turn as scripted

pytestmark = pytest.mark.anyio

TOKEN = "audit-token-1"


def sha8(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:8]


def make_client(transport, records, **kwargs) -> AsyncMightyClient:
    kwargs.setdefault("rate_limit", None)
    return AsyncMightyClient(
        TOKEN, network_id=5, transport=transport, on_request=records.append, **kwargs
    )


def test_fingerprint_is_the_first_eight_hex_digits_of_sha256():
    """token_fingerprint is 8 lowercase hex digits of the token's SHA-256, never the token."""
    assert token_fingerprint(TOKEN) == sha8(TOKEN)
    assert len(token_fingerprint("x")) == 8


def test_templates_and_operations_come_from_the_operation_table():
    """Concrete paths map to their spec template (literal routes first), then to the SDK call."""
    assert template_for("/admin/v1/networks/5/members/42/") == "/members/{id}/"
    assert template_for("/admin/v1/networks/5/members/by_email") == "/members/by_email"
    assert template_for("/admin/v1/networks/5/") == "/"
    assert template_for("/elsewhere") is None
    assert operation_for("GET", "/members/{id}/") == "members.get"
    assert operation_for("patch", "/members/{id}/") == "members.update"
    assert operation_for("GET", None) is None


def test_every_operation_path_maps_back_to_its_own_row():
    """Each operation's path, filled with ids, is found again as that template and call."""
    from mighty_async._operations import OPERATIONS  # noqa: PLC0415

    for row in OPERATIONS:
        concrete = "/admin/v1/networks/5" + re.sub(r"\{\w+\}", "7", row.path)
        assert template_for(concrete, row.method) == row.path
        assert operation_for(row.method, row.path) == row.call


async def test_one_record_per_attempt_with_every_fact():
    """A 503 then a 200 give two records: method, paths, operation, status, attempt, retry."""
    records: list[AuditRecord] = []
    transport = scripted(httpx.Response(503), httpx.Response(200, json={"id": 42}))
    async with make_client(transport, records) as client:
        await client.members.get(42)
    first, second = records
    assert (first.method, first.path, first.template, first.operation) == (
        "GET",
        "/admin/v1/networks/5/members/42/",
        "/members/{id}/",
        "members.get",
    )
    assert (first.status_code, first.attempt, first.will_retry) == (503, 1, True)
    assert (second.status_code, second.attempt, second.will_retry) == (200, 2, False)
    assert first.failure is None
    assert first.token_fingerprint == sha8(TOKEN)
    assert first.time.tzinfo is UTC
    assert TOKEN not in repr(records)


async def test_a_failed_attempt_records_its_failure_kind():
    """A connection refused is recorded without a status, as a "connect" failure."""
    records: list[AuditRecord] = []
    refused = httpx.ConnectError("refused")
    async with make_client(scripted(refused, refused, refused), records) as client:
        with pytest.raises(MightyConnectionError):
            await client.me()
    assert [(r.status_code, r.failure, r.will_retry) for r in records] == [
        (None, "connect", True),
        (None, "connect", True),
        (None, "connect", False),
    ]


async def test_time_elapsed_and_wait_come_from_the_clocks():
    """Elapsed is the inner transport's time; waited is the limiter's; time is the wall clock."""
    records: list[AuditRecord] = []
    async with FakeClock().running() as clock:

        async def slow(request: httpx.Request) -> httpx.Response:
            await clock.sleep(0.25)
            return httpx.Response(200, json={"id": 1})

        client = make_client(
            httpx.MockTransport(slow),
            records,
            rate_limit=RateLimit(requests=1, period=10, burst=1, adaptive=False),
            clock=clock.now,
            sleep=clock.sleep,
        )
        async with client:
            await client.members.get(1)
            await client.members.get(1)
    assert [r.elapsed for r in records] == [pytest.approx(0.25), pytest.approx(0.25)]
    assert records[0].waited == pytest.approx(0)
    assert records[1].waited == pytest.approx(9.75)
    assert records[1].time == datetime.fromtimestamp(SYSTEM_TIME.wall_clock(), UTC)


async def test_a_token_provider_is_fingerprinted_by_the_token_it_sent():
    """After a token_expired refresh, the replay's record carries the new token's fingerprint."""
    tokens = iter(["old-token", "new-token"])

    async def provider() -> str:
        return next(tokens)

    records: list[AuditRecord] = []
    transport = scripted(
        httpx.Response(401, json={"error": "token_expired"}), httpx.Response(200, json={"id": 1})
    )
    client = AsyncMightyClient(
        provider, network_id=5, transport=transport, rate_limit=None, on_request=records.append
    )
    async with client:
        await client.members.get(1)
    assert [(r.status_code, r.token_fingerprint) for r in records] == [
        (401, sha8("old-token")),
        (200, sha8("new-token")),
    ]


async def test_info_lines_name_the_call_and_hold_no_query_value_or_body(caplog):
    """One INFO line per attempt, with operation and status, without the query value or body."""
    caplog.set_level(logging.INFO, logger="mighty_async")
    transport = scripted(
        httpx.Response(200, json={"id": 1, "email": "secret@example.com"}),
        httpx.Response(201, json={"id": 2}),
    )
    async with make_client(transport, []) as client:
        await client.members.get_by_email("secret@example.com")
        await client.members.create(email="body@example.com", first_name="A", last_name="B")
    lines = [r for r in caplog.records if r.name == "mighty_async"]
    assert [r.levelno for r in lines] == [logging.INFO, logging.INFO]
    assert "GET /admin/v1/networks/5/members/by_email -> 200" in lines[0].getMessage()
    assert "members.get_by_email, attempt 1" in lines[0].getMessage()
    assert f"token {sha8(TOKEN)}" in lines[0].getMessage()
    assert "secret@example.com" not in caplog.text
    assert "body@example.com" not in caplog.text
    assert isinstance(lines[0].mighty_audit, AuditRecord)


@pytest.mark.parametrize(
    ("status", "error", "alert"),
    [(401, Unauthorized, "authentication failed: 401"), (403, Forbidden, "access denied: 403")],
)
async def test_auth_failures_are_warnings_meant_for_alerting(caplog, status, error, alert):
    """A 401 or 403 is logged at WARNING with a message an alert rule can match."""
    caplog.set_level(logging.INFO, logger="mighty_async")
    transport = scripted(httpx.Response(status, json={"error": "nope"}))
    async with make_client(transport, []) as client:
        with pytest.raises(error):
            await client.me()
    (line,) = [r for r in caplog.records if r.name == "mighty_async"]
    assert line.levelno == logging.WARNING
    assert line.getMessage().startswith(alert)
    assert "GET /admin/v1/networks/5/me" in line.getMessage()


async def test_a_failing_callback_never_breaks_the_call(caplog):
    """An on_request that raises is logged and the call still returns its result."""

    def broken(record: AuditRecord) -> None:
        raise RuntimeError("sink down")

    client = AsyncMightyClient(
        TOKEN, network_id=5, transport=scripted(), rate_limit=None, on_request=broken
    )
    async with client:
        assert (await client.members.get(1)).id == 1
    assert "on_attempt callback failed" in caplog.text


@pytest.fixture
def clean_logger():
    """Restore the mighty_async logger's level and handlers after a test changes them."""
    level, handlers = logger.level, list(logger.handlers)
    yield
    logger.setLevel(level)
    logger.handlers[:] = handlers


@pytest.mark.parametrize(("value", "level"), [("info", logging.INFO), (" DEBUG ", logging.DEBUG)])
def test_mighty_log_installs_one_handler(clean_logger, value, level):
    """MIGHTY_LOG=info|debug sets the level and adds a stderr handler, once however often."""
    env = {"MIGHTY_LOG": value}.get
    configure_logging_from_env(env)
    configure_logging_from_env(env)
    assert logger.level == level
    assert sum(isinstance(h, _EnvHandler) for h in logger.handlers) == 1


def test_mighty_log_unset_changes_nothing(clean_logger):
    """Without MIGHTY_LOG the logger is left as the application configured it."""
    before = list(logger.handlers)
    configure_logging_from_env({}.get)
    assert logger.handlers == before


def test_mighty_log_with_a_wrong_value_is_a_typed_error(clean_logger):
    """MIGHTY_LOG=verbose raises ConfigurationError naming the variable and the choices."""
    from mighty_async import ConfigurationError  # noqa: PLC0415

    with pytest.raises(ConfigurationError, match="MIGHTY_LOG must be 'info' or 'debug'"):
        configure_logging_from_env({"MIGHTY_LOG": "verbose"}.get)


def test_mighty_log_prints_the_lines_without_any_code():
    """A program that configures no logging prints the audit line when MIGHTY_LOG=info."""
    program = textwrap.dedent(
        """
        import anyio, httpx
        from mighty_async import AsyncMightyClient

        async def main():
            transport = httpx.MockTransport(lambda r: httpx.Response(200, json={"id": 3}))
            async with AsyncMightyClient("t", network_id=5, transport=transport) as client:
                await client.members.get(3)

        anyio.run(main)
        """
    )
    env = {**os.environ, "MIGHTY_LOG": "info"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and program
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert "INFO mighty_async: GET /admin/v1/networks/5/members/3/ -> 200 (members.get" in (
        done.stderr
    )


def test_on_request_must_be_callable():
    """A non-callable on_request is refused when the client is built, not at the first call."""
    from mighty_async import ConfigurationError  # noqa: PLC0415

    with pytest.raises(ConfigurationError, match="on_request must be a callable"):
        AsyncMightyClient(TOKEN, network_id=5, on_request="siem")  # type: ignore[arg-type]
