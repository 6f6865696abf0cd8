"""The `mighty-async` command, run as a subprocess against served and in-process sandboxes."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mighty_async import __version__
from mighty_async.cli import main
from mighty_async.testing import Sandbox

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
    assert "1 retries, 1 rate-limited (429)" in done.stdout


def test_export_jsonl_every_member_once(served, tmp_path):
    """`members export` over HTTP writes every member of the network exactly once."""
    sandbox, _ = served
    out = tmp_path / "members.jsonl"
    done = run_cli(
        "members", "export", "--format", "jsonl", "--out", str(out), env=served_env(served)
    )
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
    """--verbose keeps the one-line message and adds the traceback."""
    for name, value in served_env(served, MIGHTY_NETWORK_ID="999").items():
        monkeypatch.setenv(name, value)
    assert main(["whoami", "--verbose"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mighty-async: the API refused the token for network 999")
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


def test_rate_limited_past_the_budget(tmp_path):
    """When 429s outlast --max-wait the export stops with one line and exit 1."""
    done = run_cli(
        "demo", "--members", "300", "--rate-limit", "1/30", "--max-wait", "0",
        "--out", str(tmp_path / "d.jsonl"), "--no-progress",
    )  # fmt: skip
    assert done.returncode == 1
    assert "rate limited (429 rate_limit_exceeded" in done.stderr
    assert "--max-wait" in done.stderr
    assert "Traceback" not in done.stderr
    assert len((tmp_path / "d.jsonl").read_text().splitlines()) == 100


def test_ctrl_c_leaves_a_valid_partial_file(served, tmp_path):
    """SIGINT mid-export stops cleanly: exit 130, whole records only, and how far it got."""
    sandbox, _ = served
    sandbox.faults.latency(0.2)
    out = tmp_path / "partial.jsonl"
    try:
        process = subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
            [sys.executable, "-m", "mighty_async.cli", "members", "export", "--out", str(out)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=cli_env(served_env(served)),
        )
        deadline = time.monotonic() + 30
        while not (out.exists() and out.read_text().count("\n") >= 100):
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
    assert process.returncode == 0
    assert "sandbox stopped" in out
