"""The ways in to `mighty-async`, and what they cost at start-up: no sandbox, no uvicorn."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from mighty_async import __version__

from .test_cli import cli_env

PROBE = textwrap.dedent(
    """
    import json, runpy, sys

    def loaded():
        return sorted(m for m in sys.modules if m.split(".")[0] == "uvicorn"
                      or m == "mighty_async.testing" or m.startswith("mighty_async.testing."))

    sys.argv = ["mighty-async", *json.loads(sys.argv[1])]
    try:
        runpy.run_module("mighty_async.cli", run_name="__main__")
    except SystemExit as exited:
        status = exited.code
    before = loaded()
    from mighty_async._cli.connection import new_sandbox
    new_sandbox(members=1)
    print(json.dumps({"status": status, "before": before, "after": loaded()}))
    """
)


def probe(*argv: str) -> dict[str, object]:
    """Run the command in a fresh interpreter; the modules it loaded, then after a sandbox."""
    done = subprocess.run(  # noqa: S603 - our own probe, fixed arguments
        [sys.executable, "-c", PROBE, json.dumps(argv)],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=60,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return result


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["whoami", "--help"],
        ["members", "export", "--help"],
        ["sandbox", "serve", "--help"],
        ["demo", "--help"],
    ],
    ids=" ".join,
)
def test_help_loads_neither_the_sandbox_nor_uvicorn(argv):
    """`mighty-async --help` (and each command's) starts without importing the sandbox."""
    result = probe(*argv)
    assert result["status"] == 0
    assert result["before"] == []
    assert "mighty_async.testing" in result["after"]  # the probe sees an import when one happens


def test_python_m_mighty_async_is_the_command():
    """``python -m mighty_async`` runs the same command as ``mighty-async``."""
    done = subprocess.run(
        [sys.executable, "-m", "mighty_async", "--version"],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"mighty-async {__version__}"


def test_the_public_module_is_a_shim():
    """`mighty_async.cli.main`, the script's target, is the command's `main`."""
    import mighty_async._cli  # noqa: PLC0415
    import mighty_async.cli  # noqa: PLC0415

    assert mighty_async.cli.main is mighty_async._cli.main
    assert mighty_async.cli.__all__ == ["main"]
