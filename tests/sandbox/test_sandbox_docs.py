"""The examples of docs/sandbox.md and docs/cli.md run as written.

Python blocks run as scripts on asyncio and trio (those titled ``test_*.py`` run as a user's
pytest file, through the plugin). Console blocks run each ``$ mighty-async ...`` command
in-process against a served sandbox; a documented error line must be exactly what the command
prints. Two liberties: ``demo`` runs with a smaller network and no rate limit (the CLI tests run
it as a subprocess, rate limit and all), and ``sandbox serve`` (which runs until Ctrl-C) is
left to them.
"""

from __future__ import annotations

import re
import shlex
import tempfile
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from mighty_async.cli import main
from mighty_async.testing import Sandbox, _pytest_plugin

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "docs" / "sandbox.md", ROOT / "docs" / "cli.md"]
FENCE = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)
TITLE = re.compile(r'title="([^"]+)"')


def blocks(language: str) -> list[tuple[str, str, str]]:
    """(name, title, code) of every fenced block in ``language`` on the pages."""
    found = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for n, match in enumerate(FENCE.finditer(text), 1):
            if match.group(1) == language:
                title = TITLE.search(match.group(2))
                name = f"{page.name}#{n}"
                found.append((name, title.group(1) if title else "", match.group(3)))
    return found


PYTHON = blocks("python")
SCRIPTS = [(name, code) for name, title, code in PYTHON if not title.startswith("test_")]
PYTEST_FILES = [(title, code) for _, title, code in PYTHON if title.startswith("test_")]


def commands() -> list[tuple[str, str, list[str]]]:
    """(name, command, documented output lines) for every ``$`` line of the console blocks."""
    found = []
    for name, _, code in blocks("console"):
        lines = code.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("$ "):
                output = []
                for following in lines[i + 1 :]:
                    if following.startswith("$ "):
                        break
                    output.append(following)
                found.append((name, line[2:], output))
    return found


COMMANDS = commands()


def test_pages_have_examples():
    """The harness finds the examples, so the tests below cannot pass empty."""
    assert len(SCRIPTS) >= 6
    assert len(PYTEST_FILES) >= 1
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize("backend", ["asyncio", "trio"])
@pytest.mark.parametrize(("name", "code"), SCRIPTS, ids=[name for name, _ in SCRIPTS])
def test_python_example_runs(name, code, backend, capsys):
    """The example runs to completion (its own asserts included) on both backends."""
    assert "anyio.run(main)" in code, "examples on these pages are complete scripts"
    script = code.replace("anyio.run(main)", f"anyio.run(main, backend={backend!r})")
    exec(compile(script, name, "exec"), {"__name__": "__example__"})  # noqa: S102


@pytest.mark.parametrize(("title", "code"), PYTEST_FILES, ids=[t for t, _ in PYTEST_FILES])
def test_pytest_example_passes(title, code, pytester):
    """A documented pytest file passes with the plugin's fixtures."""
    pytester.makepyfile(**{title.removesuffix(".py"): code})
    installed = any(ep.name == "mighty_async" for ep in entry_points(group="pytest11"))
    result = pytester.runpytest("--strict-markers", plugins=[] if installed else [_pytest_plugin])
    outcomes = result.parseoutcomes()
    assert outcomes.get("passed", 0) >= 2
    assert "failed" not in outcomes
    assert "errors" not in outcomes


@pytest.fixture(scope="module")
def served():
    """The network the console examples talk to."""
    sandbox = Sandbox(seed=0, members=1000)
    with sandbox.serve_in_thread(port=0) as base_url:
        yield sandbox, base_url


@pytest.mark.parametrize(("name", "command", "output"), COMMANDS, ids=[c for _, c, _ in COMMANDS])
def test_console_example_runs(name, command, output, served, tmp_path, capsys, monkeypatch):
    """The command exits as documented; a documented error line is printed exactly."""
    sandbox, base_url = served
    words = shlex.split(command)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setenv("MIGHTY_BASE_URL", base_url)
    monkeypatch.setenv("MIGHTY_API_TOKEN", sandbox.token)
    monkeypatch.setenv("MIGHTY_NETWORK_ID", str(sandbox.network_id))
    while words[0] == "env":
        assert words[1] == "-u"
        monkeypatch.delenv(words[2])
        words = words[3:]
    assert words[0] == "mighty-async"
    argv = words[1:]
    if argv[:1] == ["demo"]:
        argv += ["--members", "300", "--rate-limit", "off", "--no-progress"]
    status = main(argv)
    captured = capsys.readouterr()
    errors = [line for line in output if line.startswith("mighty-async:")]
    if errors:
        assert status != 0
        assert captured.err.splitlines()[0] == errors[0]
        return
    assert status == 0, captured.err
    if argv[:1] == ["whoami"]:
        assert captured.out.splitlines() == output
