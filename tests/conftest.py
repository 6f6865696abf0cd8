"""Shared fixtures: both anyio backends, fake tokens, the strict converter, the spec."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from mighty_async._converter import make_converter

SPEC_ENV = "MIGHTY_OPENAPI_SPEC"
_DEFAULT_SPEC = (
    Path(__file__).resolve().parents[1].parent / "shared" / "mighty-api" / "openapi.json"
)


@pytest.fixture(params=["asyncio", "trio"])
def anyio_backend(request: pytest.FixtureRequest) -> str:
    """Run every anyio test once on asyncio and once on trio."""
    return str(request.param)


@pytest.fixture
def strict_converter():
    """A converter built like production's but refusing unknown keys, to catch spec drift."""
    return make_converter(strict=True)


def spec_path() -> Path | None:
    """Where the official OpenAPI document is, or None when this checkout has none."""
    configured = os.environ.get(SPEC_ENV)
    candidates = [Path(configured)] if configured else []
    candidates.append(_DEFAULT_SPEC)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return None


@pytest.fixture(scope="session")
def openapi_spec() -> dict[str, Any]:
    """The official OpenAPI document; skipped where absent, a failure under CI=true."""
    path = spec_path()
    if path is None:
        reason = (
            f"the official OpenAPI document is not here: set {SPEC_ENV} or place it at "
            f"{_DEFAULT_SPEC}"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI must have the spec: {reason}")
        pytest.skip(reason)
    return json.loads(path.read_text(encoding="utf-8"))
