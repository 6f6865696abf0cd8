"""The command line at its edges: files never lost, numbers right, every message actionable."""

from __future__ import annotations

import json
import os
import stat

import pytest

from mighty_async.cli import main
from mighty_async.testing import Sandbox

PRECIOUS = "precious\n"


@pytest.fixture(scope="module")
def served():
    """A small sandbox served over loopback HTTP for the whole module."""
    sandbox = Sandbox(seed=5, members=250)
    with sandbox.serve_in_thread(port=0) as base_url:
        yield sandbox, base_url


@pytest.fixture
def served_env(served, monkeypatch):
    """Credentials for the served sandbox in the environment, as a user would set them."""
    sandbox, base_url = served
    monkeypatch.setenv("MIGHTY_BASE_URL", base_url)
    monkeypatch.setenv("MIGHTY_API_TOKEN", sandbox.token)
    monkeypatch.setenv("MIGHTY_NETWORK_ID", str(sandbox.network_id))
    return sandbox


def leftovers(directory) -> list[str]:
    """Temporary files an export left beside its target."""
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".part"))


# -- 1. a failed export leaves the file it was writing as it was ------------------------------


def test_wrong_token_leaves_an_existing_file_untouched(served_env, tmp_path, monkeypatch, capsys):
    """An export refused before its first record leaves the target's old content in place."""
    out = tmp_path / "out.jsonl"
    out.write_text(PRECIOUS)
    monkeypatch.setenv("MIGHTY_API_TOKEN", "not-the-token")
    assert main(["members", "export", "--out", str(out), "--no-progress"]) == 1
    assert out.read_text() == PRECIOUS
    assert leftovers(tmp_path) == []
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_unreachable_host_leaves_an_existing_file_untouched(tmp_path, monkeypatch):
    """A host that cannot be reached costs the user nothing on disk."""
    out = tmp_path / "out.csv"
    out.write_text(PRECIOUS)
    monkeypatch.setenv("MIGHTY_API_TOKEN", "t")
    monkeypatch.setenv("MIGHTY_NETWORK_ID", "1")
    monkeypatch.setenv("MIGHTY_BASE_URL", "http://127.0.0.1:9")
    assert main(["members", "export", "--format", "csv", "--out", str(out)]) == 1
    assert out.read_text() == PRECIOUS
    assert leftovers(tmp_path) == []


def test_interrupted_before_the_first_record_leaves_the_file(served_env, tmp_path, monkeypatch):
    """Ctrl-C before any member was written exits 130 and keeps the old file."""

    async def interrupted(*_, **__):
        raise KeyboardInterrupt

    monkeypatch.setattr("mighty_async._cli.commands.export.export_members", interrupted)
    out = tmp_path / "out.jsonl"
    out.write_text(PRECIOUS)
    assert main(["members", "export", "--out", str(out)]) == 130
    assert out.read_text() == PRECIOUS
    assert leftovers(tmp_path) == []


def test_a_finished_export_replaces_the_file_keeping_its_mode(served_env, tmp_path):
    """A complete export replaces the old file whole, with the old file's permissions."""
    out = tmp_path / "out.jsonl"
    out.write_text(PRECIOUS)
    out.chmod(0o640)
    assert main(["members", "export", "--out", str(out), "--rate-limit", "off"]) == 0
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == served_env.member_ids
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == []


def test_a_new_file_gets_the_usual_permissions(served_env, tmp_path):
    """A file that did not exist is created readable as any new file is (umask applied)."""
    umask = os.umask(0o022)
    try:
        out = tmp_path / "new.jsonl"
        assert main(["members", "export", "--out", str(out), "--max-items", "3"]) == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_failure_midway_keeps_the_partial_file(served_env, tmp_path, capsys, monkeypatch):
    """A failure after some pages renames the records written so far into place."""
    from mighty_async._export import JsonlWriter  # noqa: PLC0415

    write = JsonlWriter.write

    def write_then_break(self, members):
        write(self, members)
        served_env.faults.fail_next(1, status=404, route="/members")

    monkeypatch.setattr(JsonlWriter, "write", write_then_break)
    out = tmp_path / "out.jsonl"
    out.write_text(PRECIOUS)
    try:
        assert main(["members", "export", "--out", str(out), "--rate-limit", "off"]) == 1
    finally:
        served_env.faults.clear()
    lines = out.read_text().splitlines()
    assert [json.loads(line)["id"] for line in lines] == served_env.member_ids[:100]
    assert "stopped after 100 members" in capsys.readouterr().err
    assert leftovers(tmp_path) == []


# -- 7. help, refusals and exit codes -----------------------------------------------------------


def parsers(parser=None, name="mighty-async"):
    """Every parser of the command, with its full name."""
    import argparse  # noqa: PLC0415

    from mighty_async._cli.parsing import build_parser  # noqa: PLC0415

    parser = parser or build_parser()
    yield name, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, child in action.choices.items():
                yield from parsers(child, f"{name} {sub}")


def options():
    """Every option of every parser but --help and --version, named by command and flag."""
    import argparse  # noqa: PLC0415

    found = []
    for name, parser in parsers():
        for action in parser._actions:
            if not action.option_strings or isinstance(
                action, argparse._HelpAction | argparse._VersionAction
            ):
                continue
            found.append((f"{name} {action.option_strings[-1]}", parser, action))
    return found


OPTIONS = options()


@pytest.mark.parametrize(("name", "parser", "action"), OPTIONS, ids=[o[0] for o in OPTIONS])
def test_every_option_has_help_showing_its_default(name, parser, action):
    """Each option says what it does, names its value, and shows its default in --help."""
    assert action.help, f"{name} has no help"
    text = parser._get_formatter()._expand_help(action)
    assert text.strip(" .").lower() != action.dest.replace("_", " ")
    if action.nargs != 0:
        assert "default" in text or "required" in text, f"{name}: {text}"
        assert action.metavar or action.choices, f"{name} shows its dest as its value"


def test_there_are_options():
    """The walk above finds the commands' options, so it cannot pass empty."""
    names = {name for name, _, _ in OPTIONS}
    assert {"mighty-async demo --members", "mighty-async sandbox serve --token"} <= names


@pytest.mark.parametrize(
    ("argv", "flag", "accepted"),
    [
        (["members", "export", "--out", "x", "--rate-limit", "fast"], "--rate-limit", "100/60"),
        (["demo", "--rate-limit", "0/5"], "--rate-limit", "'off'"),
        (["members", "export", "--out", "x", "--max-wait", "-5"], "--max-wait", "0 or more"),
        (["demo", "--max-wait", "soon"], "--max-wait", "number of seconds"),
        (["demo", "--concurrency", "0"], "--concurrency", "at least 1"),
        (["demo", "--members", "many"], "--members", "whole number"),
        (["demo", "--seed", "x"], "--seed", "whole number"),
        (["demo", "--format", "xml"], "--format", "'jsonl', 'csv'"),
        (["sandbox", "serve", "--port", "70000"], "--port", "0 to 65535"),
        (["sandbox", "serve", "--latency", "nan"], "--latency", "0 or more"),
        (["sandbox", "serve", "--network-id", "-1"], "--network-id", "at least 1"),
    ],
)
def test_refusals_name_the_flag_and_what_it_accepts(argv, flag, accepted, capsys):
    """A bad value is a usage error naming the flag and the accepted values, nothing internal."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert f"argument {flag}: " in err
    assert accepted in err
    assert "invalid literal" not in err
    assert "max_wait" not in err


def test_serve_on_a_taken_port_is_one_line(capfd):
    """A taken port prints our one line, without uvicorn's own error beside it."""
    import socket  # noqa: PLC0415

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["sandbox", "serve", "--port", str(port), "--members", "2"]) == 2
    lines = [line for line in capfd.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith(
        f"mighty-async: the sandbox server could not start on 127.0.0.1:{port}"
    )


def test_a_target_that_cannot_be_replaced_is_one_line(served_env, tmp_path, capsys):
    """When the finished file cannot be renamed over the target, one line says so, exit 1."""
    out = tmp_path / "a-directory"
    out.mkdir()
    (out / "keep").write_text(PRECIOUS)
    assert main(["members", "export", "--out", str(out), "--max-items", "3"]) == 1
    assert capsys.readouterr().err.startswith(f"mighty-async: cannot write {out}")
    assert (out / "keep").read_text() == PRECIOUS
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--network", "not valid!"], "--network (or MIGHTY_NETWORK_ID): "),
        (["--token", "t t"], "--token (or MIGHTY_API_TOKEN): "),
        (["--base-url", "http://example.com"], "--base-url (or MIGHTY_BASE_URL): "),
    ],
)
def test_a_bad_setting_names_its_flag_and_variable(argv, named, capsys):
    """A refused token, network or base URL is a usage error naming where it came from."""
    base = {"--token": "t", "--network": "1", **dict(zip(argv[::2], argv[1::2], strict=True))}
    assert main(["whoami", *[part for pair in base.items() for part in pair]]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mighty-async: {named}")
    assert "t t" not in err
