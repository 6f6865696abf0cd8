"""The built package: the sdist holds what its own tests need and passes a smoke run of them.

Builds through the PEP 517 hooks of hatchling (the backend pyproject.toml names), into a
temporary directory, from this checkout.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from .support.spec import SPEC_ENV, spec_path

backend = pytest.importorskip("hatchling.build")

ROOT = Path(__file__).resolve().parents[1]
SMOKE = [
    "tests/test_public_api.py",
    "tests/test_export.py",
    "tests/test_webhooks_store.py",
    "tests/test_example_fastapi_asgi.py",
    "tests/sandbox/test_sandbox_core.py",
]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory) -> Path:
    """The sdist of this checkout, unpacked; returns its top directory."""
    out = tmp_path_factory.mktemp("dist")
    with contextlib.chdir(ROOT):
        archive = out / backend.build_sdist(str(out))
    with tarfile.open(archive) as tar:
        tar.extractall(out, filter="data")
    (top,) = (p for p in out.iterdir() if p.is_dir())
    return top


def test_the_sdist_holds_the_license_examples_and_tests(sdist):
    """LICENSE, examples/ and the suite with its helpers are in the sdist."""
    for name in ("LICENSE", "README.md", "CHANGELOG.md", "pyproject.toml", "noxfile.py"):
        assert (sdist / name).is_file(), name
    assert (sdist / "examples" / "fastapi_app.py").is_file()
    assert (sdist / "tests" / "conftest.py").is_file()
    assert (sdist / "tests" / "support" / "__init__.py").is_file()
    assert "MIT License" in (sdist / "LICENSE").read_text()
    assert not list(sdist.rglob("openapi.json"))  # the spec is data, never shipped


def test_the_wheel_ships_the_license(tmp_path):
    """The wheel carries LICENSE in its dist-info, and its metadata names the licence."""
    with contextlib.chdir(ROOT):
        wheel = tmp_path / backend.build_wheel(str(tmp_path))
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names), names
    assert "License-Expression: MIT" in text
    assert "License-File: LICENSE" in text


def test_the_sdist_runs_its_own_smoke_tests(sdist):
    """A smoke subset of the suite passes when run from the unpacked sdist's own files."""
    env = {**os.environ, "PYTHONPATH": str(sdist)}
    env.pop("COV_CORE_SOURCE", None)  # a coverage run of ours must not follow into the child
    spec = spec_path()  # the sdist ships no spec: hand its tests ours, as CI=true demands one
    if spec is not None:
        env[SPEC_ENV] = str(spec)
    where = subprocess.run(
        [sys.executable, "-c", "import mighty_async; print(mighty_async.__file__)"],
        cwd=sdist,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(sdist)
    done = subprocess.run(  # noqa: S603 - our own interpreter and test files
        [sys.executable, "-m", "pytest", "-q", "-x", *SMOKE],
        cwd=sdist,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout
    assert " error" not in done.stdout
