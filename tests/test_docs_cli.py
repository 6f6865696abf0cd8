"""The command-line examples of docs/cli.md and README.md run as written and print what they show.

Each ```console block is a series of ``$ command`` lines, each followed by the output it
printed. The commands run here in a shell, in an empty directory, against a sandbox served
over loopback HTTP and named by the environment variables the page tells the reader to set
(``MIGHTY_BASE_URL``, ``MIGHTY_API_TOKEN``, ``MIGHTY_NETWORK_ID``); a command that passes its
own ``--token`` runs without the credentials of the environment, as a reader copying that
one line would. Numbers in the shown
output (members, requests, seconds) stand for any number: they depend on the machine and on
the network's size; everything else must match.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mighty_async._cli.errors import EXIT_OK, FAILURES
from mighty_async.testing import Sandbox

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "docs" / "cli.md", ROOT / "README.md"]
CONSOLE = re.compile(r"^```console\n(.*?)^```", re.DOTALL | re.MULTILINE)
NUMBER = re.compile(r"\d+(?:\.\d+)?")
README_TEXT = (ROOT / "README.md").read_text(encoding="utf-8")
STATUS_ROW = re.compile(r"^\| (\d+) \| (.+) \|$", re.MULTILINE)


def commands() -> list[tuple[str, str, list[str]]]:
    """Every ``$ command`` of the pages' console blocks, with the lines it is shown to print."""
    found: list[tuple[str, str, list[str]]] = []
    for page in PAGES:
        for block in CONSOLE.findall(page.read_text(encoding="utf-8")):
            for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
                command, *output = chunk.rstrip("\n").split("\n")
                found.append((f"{page.name}: {command}", command, output))
    return found


COMMANDS = commands()


def pattern(shown: str) -> re.Pattern[str]:
    """A shown output line as a pattern in which every number matches any number."""
    parts = NUMBER.split(shown)
    return re.compile(r"\d+(?:\.\d+)?".join(re.escape(part) for part in parts) + r"\Z")


@pytest.fixture(scope="module")
def served():
    """A sandbox like `mighty-async sandbox serve`'s, smaller, served for the module."""
    sandbox = Sandbox(seed=0, members=500)
    with sandbox.serve_in_thread(port=0) as base_url:
        yield sandbox, base_url


def test_the_pages_have_commands():
    """The harness finds the pages' commands, so the test below cannot pass empty."""
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize(("name", "command", "shown"), COMMANDS, ids=[c[0] for c in COMMANDS])
def test_console_example_prints_what_it_shows(name, command, shown, served, tmp_path):
    """The command, run in a shell with the page's settings, prints the lines shown under it."""
    sandbox, base_url = served
    env = dict(os.environ)
    if "--token" not in command:  # a line naming its own token is run without the env's
        env.update(MIGHTY_API_TOKEN=sandbox.token, MIGHTY_NETWORK_ID=str(sandbox.network_id))
    else:
        env.pop("MIGHTY_API_TOKEN", None)
        env.pop("MIGHTY_NETWORK_ID", None)
    env.update(
        MIGHTY_BASE_URL=base_url,
        PATH=os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
        TMPDIR=str(tmp_path),
        COLUMNS="200",
    )
    done = subprocess.run(  # noqa: S602 - the documentation's own commands, in a shell
        command,
        shell=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
    )
    printed = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(printed) == len(shown), printed
    for line in shown:
        here = pattern(line.replace("/tmp/", f"{tmp_path}/"))  # noqa: S108 - TMPDIR is ours
        assert any(here.match(out) for out in printed), (line, printed)


def documented_statuses() -> dict[int, str]:
    """The exit-status list of docs/cli.md: each status and what it says it means."""
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    table = text[text.index("| status | meaning |") :]
    return {int(status): meaning for status, meaning in STATUS_ROW.findall(table)}


def test_the_exit_statuses_are_the_error_tables():
    """docs/cli.md lists exactly the command's statuses: success and those of its error table."""
    assert set(documented_statuses()) == {EXIT_OK} | {failure.status for failure in FAILURES}


@pytest.mark.parametrize("failure", FAILURES, ids=lambda failure: failure.kind.__name__)
def test_each_failure_is_named_under_its_status(failure):
    """Each row of the error table is named, in its own words, under the status it exits with."""
    assert failure.meaning in documented_statuses()[failure.status]


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
def test_readme_use_example_runs_against_the_sandbox(backend, monkeypatch, capsys):
    """The README's first example, pointed at a sandbox, finds the member it looks up by email."""
    import mighty_async  # noqa: PLC0415

    code = re.search(r"^## Use\n\n```python\n(.*?)^```", README_TEXT, re.DOTALL | re.MULTILINE)
    assert code is not None
    sandbox = Sandbox(seed=0, members=20)
    monkeypatch.setattr(mighty_async, "AsyncMightyClient", sandbox.client)
    script = code.group(1).replace("anyio.run(main)", f"anyio.run(main, backend={backend!r})")
    exec(compile(script, "README.md", "exec", dont_inherit=True), {"__name__": "__readme__"})  # noqa: S102
    assert "signed in as Avery Admin" in capsys.readouterr().out
    assert sandbox.statuses == [200, 200, 200, 200]
