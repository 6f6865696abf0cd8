"""Developer tasks: `nox` runs lint, typing, tests and docs, as CI does."""

from __future__ import annotations

import os

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typing", "tests", "tests_base", "docs"]
# The classifiers name 3.11-3.13 and CI runs all three (.ci/run puts them on PATH through
# pyenv); on a developer's machine an interpreter that is absent is skipped, not failed.
nox.options.error_on_missing_interpreters = os.environ.get("CI") == "true"
PYTHONS = ["3.11", "3.12", "3.13"]

PYPROJECT = nox.project.load_toml("pyproject.toml")
ALL_EXTRAS = ".[sandbox,cli,fastapi,redis,otel]"
WITH_SPEEDUPS = ".[sandbox,cli,fastapi,redis,otel,speedups]"


def _group(name: str) -> list[str]:
    return nox.project.dependency_groups(PYPROJECT, name)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff: lint rules and formatting, checked, never rewritten."""
    session.install(*_group("lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typing(session: nox.Session) -> None:
    """Mypy --strict on the package and on tests/typing (which calls the public API)."""
    session.install("-e", WITH_SPEEDUPS, *_group("typing"))
    session.run("mypy")


def _run_suite(session: nox.Session, *, speedups: bool) -> None:
    """Install the package with (or without) msgspec and run the suite with branch coverage."""
    session.install("-e", WITH_SPEEDUPS if speedups else ALL_EXTRAS, *_group("test"))
    if not speedups:
        session.run("python", "-m", "pip", "uninstall", "--yes", "--quiet", "msgspec")
    session.run(
        "python",
        "-c",
        "import importlib.util, sys; "
        f"sys.exit((importlib.util.find_spec('msgspec') is None) == {speedups})",
    )
    session.run(
        "pytest",
        "--cov",
        "--cov-report=term",
        "--cov-fail-under=95",
        *session.posargs,
        env={"PYTHONHASHSEED": os.environ.get("PYTHONHASHSEED", "0")},
    )


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The test suite on asyncio and trio, on every supported Python, with ``[speedups]``.

    Responses are decoded by msgspec where it agrees with cattrs; coverage fails under 95%.
    """
    _run_suite(session, speedups=True)


@nox.session(python=PYTHONS[0])
def tests_base(session: nox.Session) -> None:
    """The test suite without msgspec at all (cattrs alone), as a base install runs."""
    _run_suite(session, speedups=False)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation with warnings as errors."""
    session.install("-e", ALL_EXTRAS, *_group("docs"))
    session.run("mkdocs", "build", "--strict", "--site-dir", "build/site")
