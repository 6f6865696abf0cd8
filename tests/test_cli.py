"""The `mighty-async` command, run as a subprocess against served and in-process sandboxes."""

from __future__ import annotations

import csv
import functools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import anyio
import anyio.lowlevel
import httpx
import pytest

from mighty_async import (
    ConfigurationError,
    Forbidden,
    MightyConnectionError,
    MightyError,
    NotFound,
    RequestBlocked,
    ResponseValidationError,
    TokenExpired,
    __version__,
)
from mighty_async.cli import main
from mighty_async.testing import RateWindow, Sandbox

ROOT = Path(__file__).resolve().parents[1]
SERVED_MEMBERS = 1500


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60):
    """Run ``python -m mighty_async.cli`` with a clean environment; return the finished process."""
    return subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "mighty_async.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_env(env),
        check=False,
    )


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for the command: no credentials unless given, this checkout importable."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"MIGHTY_API_TOKEN", "MIGHTY_NETWORK_ID", "MIGHTY_BASE_URL"}
    }
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


@pytest.fixture(scope="module")
def served():
    """A sandbox served over loopback HTTP for the whole module."""
    sandbox = Sandbox(seed=21, members=SERVED_MEMBERS)
    with sandbox.serve_in_thread(port=0) as base_url:
        yield sandbox, base_url


def served_env(served, **extra: str) -> dict[str, str]:
    """Credentials for the served sandbox, through the environment variables."""
    sandbox, base_url = served
    return {
        "MIGHTY_BASE_URL": base_url,
        "MIGHTY_API_TOKEN": sandbox.token,
        "MIGHTY_NETWORK_ID": str(sandbox.network_id),
        **extra,
    }


def test_version(capsys):
    """--version prints the package version."""
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_exports_every_seeded_member(tmp_path):
    """`demo` exports a rate-limited in-process sandbox: each member once, 429s waited out."""
    out = tmp_path / "demo.jsonl"
    done = run_cli(
        "demo", "--members", "250", "--rate-limit", "2/0.5", "--out", str(out), "--no-progress"
    )
    assert done.returncode == 0, done.stderr
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == Sandbox(seed=0, members=250).member_ids
    assert "exported 250 members" in done.stdout
    assert "rate limited to 2 requests per 0.5s" in done.stdout
    assert "1 retry, 1 rate-limited (429) answer" in done.stdout


def test_export_jsonl_every_member_once(served, tmp_path):
    """`members export` over HTTP writes every member of the network exactly once."""
    sandbox, _ = served
    out = tmp_path / "members.jsonl"
    done = run_cli(
        "members", "export", "--format", "jsonl", "--out", str(out), "--rate-limit", "off",
        env=served_env(served),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == sandbox.member_ids
    assert records[0]["email"] == sandbox.owner["email"]
    assert f"exported {SERVED_MEMBERS} members" in done.stdout
    assert "15 requests, 0 retries" in done.stdout


def test_export_csv_concurrent_with_cap(served, tmp_path):
    """CSV export with fan-out and --max-items writes the first N members once, with a header."""
    sandbox, _ = served
    out = tmp_path / "members.csv"
    done = run_cli(
        "members", "export", "--format", "csv", "--out", str(out), "--concurrency", "3",
        "--max-items", "250", "--network", "sandbox", env=served_env(served),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [int(r["id"]) for r in rows] == sandbox.member_ids[:250]
    assert rows[0]["email"] == sandbox.owner["email"]


def test_export_to_stdout(served, capsys, monkeypatch):
    """--out - streams JSON Lines to standard output and the summary to standard error."""
    for name, value in served_env(served).items():
        monkeypatch.setenv(name, value)
    assert main(["members", "export", "--out", "-", "--max-items", "5"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 5
    assert "exported 5 members" in captured.err


def test_whoami(served):
    """`whoami` prints the token's user and network."""
    sandbox, _ = served
    done = run_cli("whoami", env=served_env(served))
    assert done.returncode == 0, done.stderr
    assert sandbox.owner["email"] in done.stdout
    assert "network: The Sandbox Network (sandbox, id 1234)" in done.stdout


def test_whoami_json_with_flags(served, capsys, monkeypatch):
    """`whoami --json` with --token/--network/--base-url flags prints the /me answer."""
    sandbox, base_url = served
    monkeypatch.delenv("MIGHTY_API_TOKEN", raising=False)
    argv = ["whoami", "--json", "--token", sandbox.token, "--network", "1234"]
    assert main([*argv, "--base-url", base_url]) == 0
    assert json.loads(capsys.readouterr().out)["user"]["id"] == sandbox.owner["id"]


def test_whoami_sandbox_flag(capsys, monkeypatch):
    """--sandbox answers from an in-process sandbox without any credentials."""
    monkeypatch.delenv("MIGHTY_API_TOKEN", raising=False)
    assert main(["--sandbox", "whoami"]) == 0
    assert "Avery Admin" in capsys.readouterr().out


@pytest.mark.parametrize("command", [["whoami"], ["members", "export", "--out", "x.jsonl"]])
def test_no_token_says_so_in_one_line(command, tmp_path):
    """Without a token, a command that needs the API says so in one line and points at demo."""
    done = subprocess.run(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "mighty_async.cli", *command],
        capture_output=True,
        text=True,
        env=cli_env(),
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "MIGHTY_API_TOKEN" in lines[0]
    assert "demo" in lines[0]
    assert "--sandbox" in lines[0]
    assert not (tmp_path / "x.jsonl").exists()


def test_wrong_token_one_line_no_traceback(served, tmp_path):
    """A refused token is one line on stderr, exit 1, no traceback, and no token in it."""
    done = run_cli(
        "members", "export", "--out", str(tmp_path / "m.jsonl"),
        env=served_env(served, MIGHTY_API_TOKEN="wrong-secret-token"),
    )  # fmt: skip
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "401 unauthorized" in done.stderr
    assert "Traceback" not in done.stderr
    assert "wrong-secret-token" not in done.stderr


def test_verbose_adds_the_traceback(served, capsys, monkeypatch):
    """--verbose keeps the one-line message and adds the audit line and the traceback."""
    for name, value in served_env(served, MIGHTY_NETWORK_ID="999").items():
        monkeypatch.setenv(name, value)
    assert main(["whoami", "--verbose"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mighty-async: authentication failed: 401 on GET")
    assert "\nmighty-async: the API refused the token for network 999" in err
    assert "Traceback" in err


def test_network_down_is_one_line(tmp_path):
    """An unreachable host is one clear line and exit 1."""
    done = run_cli(
        "whoami",
        env={
            "MIGHTY_API_TOKEN": "t",
            "MIGHTY_NETWORK_ID": "1",
            "MIGHTY_BASE_URL": "http://127.0.0.1:9",
        },
    )
    assert done.returncode == 1
    assert done.stderr.startswith("mighty-async: cannot reach http://127.0.0.1:9")
    assert len(done.stderr.strip().splitlines()) == 1


def test_bad_network_is_a_usage_error(capsys):
    """A network id that is neither a number nor a subdomain is a usage error (exit 2)."""
    assert main(["whoami", "--token", "t", "--network", "not valid!"]) == 2
    assert "network_id must be" in capsys.readouterr().err


def test_unwritable_output(served, tmp_path, capsys, monkeypatch):
    """An output path that cannot be written is one line and exit 1."""
    for name, value in served_env(served).items():
        monkeypatch.setenv(name, value)
    assert main(["members", "export", "--out", str(tmp_path / "missing" / "m.jsonl")]) == 1
    assert capsys.readouterr().err.startswith("mighty-async: cannot write")


def test_rate_limited_past_the_budget(served, tmp_path):
    """When a 429 asks for a longer wait than --max-wait, the export stops: one line, exit 1."""
    sandbox, _ = served
    sandbox.set_rate_limit(RateWindow(1, 60))
    out = tmp_path / "d.jsonl"
    try:
        done = run_cli(
            "members", "export", "--out", str(out), "--rate-limit", "off", "--max-wait", "5",
            env=served_env(served),
        )  # fmt: skip
    finally:
        sandbox.set_rate_limit(None)
    assert done.returncode == 1
    assert "rate limited (429" in done.stderr
    assert "--max-wait" in done.stderr
    assert "Traceback" not in done.stderr
    assert len(out.read_text().splitlines()) == 100


def test_ctrl_c_leaves_a_valid_partial_file(served, tmp_path):
    """SIGINT mid-export stops cleanly: exit 130, whole records only, and how far it got.

    Until the export ends its records go to a temporary file beside the target, which is
    renamed into place on the way out.
    """
    sandbox, _ = served
    sandbox.faults.latency(0.2)
    out = tmp_path / "partial.jsonl"
    try:
        process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
            [
                sys.executable,
                "-m",
                "mighty_async.cli",
                "members",
                "export",
                "--out",
                str(out),
                "--rate-limit",
                "off",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(served_env(served)),
        )
        deadline = time.monotonic() + 30
        while not any(p.read_text().count("\n") >= 100 for p in tmp_path.glob(".*.part")):
            assert time.monotonic() < deadline, "the export never wrote a page"
            time.sleep(0.02)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        sandbox.faults.clear()
    assert process.returncode == 130
    lines = out.read_text(encoding="utf-8").splitlines()
    ids = [json.loads(line)["id"] for line in lines]
    assert ids == sandbox.member_ids[: len(ids)]
    assert 100 <= len(ids) < SERVED_MEMBERS
    assert f"interrupted: {len(ids)} members were written to {out}" in stderr
    assert not list(tmp_path.glob(".*.part"))


def test_sandbox_serve_prints_what_to_use():
    """`sandbox serve` prints the URL, network id and token, serves, and stops on Ctrl-C."""
    command = ["sandbox", "serve", "--port", "0", "--members", "30"]
    process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [sys.executable, "-m", "mighty_async.cli", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        url = first.split()[3]
        details = "".join(process.stdout.readline() for _ in range(2))
        response = httpx.get(
            f"{url}/admin/v1/networks/1234/members",
            headers={"Authorization": "Bearer sandbox-token", "User-Agent": "tests"},
        )
    finally:
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    assert first.startswith("Mighty sandbox serving http://127.0.0.1:")
    assert "network id: 1234" in details
    assert "token:      sandbox-token" in details
    assert response.status_code == 200
    assert len(response.json()["items"]) == 25
    assert process.returncode == 130
    assert "sandbox stopped" in out


# -- in-process runs, for what a subprocess cannot show (and for coverage) ---------------------


def test_demo_in_process_with_progress(tmp_path, capsys, monkeypatch):
    """On a terminal the demo draws a progress bar on stderr and the summary on stdout."""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    out = tmp_path / "demo.csv"
    argv = ["demo", "--members", "220", "--rate-limit", "off", "--format", "csv", "--out", str(out)]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "no rate limit" in captured.out
    assert "exported 220 members" in captured.out
    assert "exporting" in captured.err
    assert len(out.read_text().splitlines()) == 221


def test_progress_follows_the_client(capsys, monkeypatch):
    """While pages are awaited, the bar keeps taking the client's counts (429s included)."""
    from mighty_async._cli.progress import Progress as _Progress  # noqa: PLC0415
    from mighty_async._export import ExportStats  # noqa: PLC0415

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    sandbox = Sandbox(members=3)
    sandbox.faults.fail_next(1, status=429, retry_after=0)
    stats = ExportStats()

    async def run() -> None:
        async with sandbox.client(rate_limit=None) as client, anyio.create_task_group() as tasks:
            await client.me()
            tasks.start_soon(functools.partial(bar.follow, client, stats, every=0))
            while stats.rate_limited == 0:
                await anyio.lowlevel.checkpoint()
            tasks.cancel_scope.cancel()

    with _Progress(enabled=True, total=10) as bar:
        assert bar.active
        anyio.run(run)
    assert stats.requests == 2
    assert "1 x 429 waited out" in capsys.readouterr().err


def test_bad_rate_limit_option(capsys):
    """A rate limit that is not REQUESTS/SECONDS is a usage error."""
    with pytest.raises(SystemExit) as exited:
        main(["demo", "--rate-limit", "fast"])
    assert exited.value.code == 2
    assert "REQUESTS/SECONDS" in capsys.readouterr().err


def test_serve_in_process_until_ctrl_c(capsys, monkeypatch):
    """`sandbox serve` prints where it listens and stops cleanly on Ctrl-C, exit 130."""
    from mighty_async.testing._serve import Server  # noqa: PLC0415

    def interrupt(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Server, "wait", interrupt)
    argv = ["sandbox", "serve", "--port", "0", "--members", "5", "--rate-limit", "10/1"]
    assert main([*argv, "--latency", "0.01", "--network-id", "77"]) == 130
    out = capsys.readouterr().out
    assert "network id: 77" in out
    assert out.strip().endswith("sandbox stopped")


def test_serve_on_a_taken_port(capsys):
    """A port already in use is one line and a usage exit."""
    import socket  # noqa: PLC0415

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["sandbox", "serve", "--port", str(port), "--members", "2"]) == 2
    assert "could not start" in capsys.readouterr().err


def test_interrupt_outside_an_export(capsys, monkeypatch):
    """Ctrl-C in any other command exits 130 with one line."""

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr("mighty_async._cli.commands.whoami.cmd_whoami", interrupted)
    assert main(["whoami"]) == 130
    assert capsys.readouterr().err.strip() == "mighty-async: interrupted"


def test_export_interrupted_in_process(tmp_path, capsys, monkeypatch):
    """An export stopped by Ctrl-C keeps what it wrote and says how far it got."""

    async def one_page_then_ctrl_c(client, writer, stats, **_):
        page = await client.members.list(per_page=100).fetch_page(1)
        writer.write(page.items)
        stats.members += len(page.items)
        raise KeyboardInterrupt

    monkeypatch.setattr("mighty_async._cli.commands.export.export_members", one_page_then_ctrl_c)
    out = tmp_path / "cut.jsonl"
    assert main(["--sandbox", "members", "export", "--out", str(out)]) == 130
    assert len(out.read_text().splitlines()) == 100
    assert "interrupted: 100 members were written" in capsys.readouterr().err


def test_export_failure_after_some_members(tmp_path, capsys):
    """When the export fails midway it says how many members the file holds."""
    argv = ["demo", "--members", "300", "--rate-limit", "1/30", "--max-wait", "0"]
    assert main([*argv, "--out", str(tmp_path / "d.jsonl"), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "stopped after 100 members" in err
    assert "rate limited" in err


@pytest.mark.parametrize(
    ("error", "status", "fragment"),
    [
        (ConfigurationError("bad setting"), 2, "bad setting"),
        (TokenExpired(status_code=401, code="token_expired", message="gone"), 1, "revoked"),
        (Forbidden(status_code=403, code="forbidden", message="no"), 1, "may not do that"),
        (RequestBlocked(status_code=403, code=None, message="html"), 1, "blocked before"),
        (NotFound(status_code=404, code="not_found", message="x"), 1, "the API answered 404"),
        (MightyConnectionError("boom"), 1, "cannot reach https://api.mn.co"),
        (ResponseValidationError(model="Me", errors=["$: bad"]), 1, "unexpected"),
        (MightyError("other"), 1, "other"),
    ],
)
def test_errors_become_one_line(error, status, fragment):
    """Each kind of SDK error becomes one actionable line with the right exit status."""
    from mighty_async._cli.connection import Target  # noqa: PLC0415
    from mighty_async._cli.errors import explain as _explain  # noqa: PLC0415

    explained = _explain(error, Target("t", 1, "https://api.mn.co"))
    assert explained.status == status
    assert fragment in str(explained)
    assert "\n" not in str(explained)


def test_target_repr_hides_the_token():
    """The command's connection settings never show the token in a repr."""
    from mighty_async._cli.connection import Target  # noqa: PLC0415

    assert "s3cret" not in repr(Target("s3cret", 1, "https://api.mn.co"))
