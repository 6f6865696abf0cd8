"""The ``realtime`` marker: the default run includes those tests; ``-m "not realtime"`` skips."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MODULES = [
    "test_redis_fleet",
    "test_redis_outage",
    "test_redis_limiter",
    "sandbox/test_sandbox_arrivals",
]
PYTEST = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]


def as_list(marks: Any) -> list[Any]:
    """A ``pytestmark`` value (one mark or a list of them) as a list."""
    return marks if isinstance(marks, list) else [marks]


def marks_by_test() -> dict[str, bool]:
    """Each test function of MODULES (as a node id prefix) and whether it is marked realtime."""
    found = {}
    for name in MODULES:
        module = importlib.import_module(f"tests.{name.replace('/', '.')}")
        module_marks = as_list(getattr(module, "pytestmark", []))
        for test, function in inspect.getmembers(module, inspect.isfunction):
            if not test.startswith("test_") or function.__module__ != module.__name__:
                continue
            marks = [*module_marks, *as_list(getattr(function, "pytestmark", []))]
            found[f"tests/{name}.py::{test}"] = any(m.name == "realtime" for m in marks)
    return found


def test_the_realtime_tests_are_marked_and_say_why():
    """The fleet and outage tests are marked; each marked test's docstring says why."""
    marked = [node for node, realtime in marks_by_test().items() if realtime]
    assert "tests/test_redis_fleet.py::test_a_fleet_keeps_to_one_budget_and_one_gate" in marked
    assert "tests/test_redis_outage.py::test_a_frozen_redis_never_hangs_a_call" in marked
    for node in marked:
        path, _, name = node.partition("::")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        assert "real time" in (getattr(module, name).__doc__ or "").lower(), node


def test_the_default_run_includes_them():
    """The marker is registered, and the default options select no marks away."""
    options = PYTEST["ini_options"]
    assert "--strict-markers" in options["addopts"]
    assert "-m" not in options["addopts"]
    assert any(line.startswith("realtime:") for line in options["markers"])


def test_not_realtime_leaves_out_exactly_the_realtime_tests():
    """``pytest -m "not realtime"`` collects every other test of these modules, no marked one."""
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-m",
            "not realtime",
            *(f"tests/{name}.py" for name in MODULES),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    kept = {line.split("[", 1)[0] for line in done.stdout.splitlines() if "::" in line}
    expected = {node for node, realtime in marks_by_test().items() if not realtime}
    assert kept
    assert kept == expected
