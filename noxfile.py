"""Developer tasks: `nox` runs lint, typing, tests and docs, as CI does."""

from __future__ import annotations

import os

import nox

nox.options.default_venv_backend = "venv"
nox.options.reuse_existing_virtualenvs = True
nox.options.sessions = ["lint", "typing", "tests", "docs"]
nox.options.error_on_missing_interpreters = False

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


@nox.session
@nox.parametrize("speedups", [True, False], ids=["speedups", "base"])
def tests(session: nox.Session, speedups: bool) -> None:
    """The test suite on asyncio and trio, with branch coverage (fails under 95%).

    Run twice: with the ``[speedups]`` extra (responses decoded by msgspec where it agrees
    with cattrs) and without msgspec at all (cattrs alone), as a base install runs.
    """
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


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation with warnings as errors."""
    session.install("-e", ALL_EXTRAS, *_group("docs"))
    session.run("mkdocs", "build", "--strict", "--site-dir", "build/site")
