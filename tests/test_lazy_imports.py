"""Lazy loading: `import mighty_async` stays light, and every lazy name is the object it was."""

from __future__ import annotations

import importlib
import json
import os
import pickle
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import attrs
import httpx
import pytest

import mighty_async
from mighty_async import models, resources, testing
from mighty_async._lazy import lazy_names

pytestmark = pytest.mark.anyio

LAZY_PACKAGES = [mighty_async, models, resources, testing]

# What the base import must not load: every model and resource module, the converter (and
# cattrs), the audit trail, tracing, pagination, the fast path, and the optional extras.
HEAVY = [
    "mighty_async._audit",
    "mighty_async._bulk",
    "mighty_async._converter",
    "mighty_async._fastpath",
    "mighty_async._json",
    "mighty_async._operations",
    "mighty_async._otel",
    "mighty_async._pagination",
    "mighty_async._raw",
    "mighty_async._redis",
    "mighty_async.resources",
    "mighty_async.testing",
    "mighty_async.webhooks",
    "cattrs",
    "opentelemetry",
    "asyncio",
]


def run_python(program: str, **env: str) -> str:
    """Run ``program`` in a fresh interpreter and return what it printed."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MIGHTY_")}
    done = subprocess.run(  # noqa: S603 - our own interpreter and program
        [sys.executable, "-c", textwrap.dedent(program)],
        capture_output=True,
        text=True,
        check=True,
        env={**environ, **env},
    )
    return done.stdout


def loaded_after(program: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``program``."""
    out = run_python(program + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))\n")
    return set(json.loads(out.splitlines()[-1]))


def heavy_in(loaded: set[str]) -> list[str]:
    return sorted(
        name
        for name in loaded
        if any(name == heavy or name.startswith(heavy + ".") for heavy in HEAVY)
        or name.startswith("mighty_async.models.")
    )


def test_base_import_loads_no_model_resource_converter_audit_or_tracing_module():
    """`import mighty_async`, and building a client, load none of the heavy or optional modules."""
    assert heavy_in(loaded_after("import mighty_async")) == []
    built = loaded_after("import mighty_async\nmighty_async.AsyncMightyClient('t', network_id=1)")
    assert heavy_in(built) == []


def test_a_resource_loads_its_own_module_and_models_only():
    """``client.members`` loads the members resource and its models, not the other areas."""
    loaded = loaded_after(
        "import mighty_async\nmighty_async.AsyncMightyClient('t', network_id=1).members"
    )
    assert "mighty_async.resources.members" in loaded
    assert "mighty_async.models.members" in loaded
    assert "mighty_async.resources.posts" not in loaded
    assert "mighty_async.models.posts" not in loaded
    assert "mighty_async._otel" not in loaded


@pytest.mark.parametrize("package", LAZY_PACKAGES, ids=lambda p: p.__name__)
def test_every_public_name_resolves_and_is_listed(package):
    """Every name in ``__all__`` resolves, is listed by dir(), and a second lookup is the same."""
    for name in package.__all__:
        value = getattr(package, name)
        assert getattr(package, name) is value
        assert name in dir(package)


def test_lazy_names_are_the_objects_their_modules_define():
    """A lazily re-exported name is the very object of the module that defines it."""
    from mighty_async._audit import AuditRecord  # noqa: PLC0415
    from mighty_async._pagination import AsyncPaginator  # noqa: PLC0415
    from mighty_async._redis import RedisLimiter  # noqa: PLC0415
    from mighty_async.models.members import Member  # noqa: PLC0415
    from mighty_async.models.network import Me  # noqa: PLC0415
    from mighty_async.resources._base import NOT_GIVEN  # noqa: PLC0415
    from mighty_async.resources.members import Members  # noqa: PLC0415
    from mighty_async.testing._sandbox import Sandbox  # noqa: PLC0415

    assert mighty_async.Member is models.Member is Member
    assert mighty_async.Me is models.Me is Me
    assert mighty_async.AuditRecord is AuditRecord
    assert mighty_async.AsyncPaginator is AsyncPaginator
    assert mighty_async.RedisLimiter is RedisLimiter
    assert mighty_async.NOT_GIVEN is resources.NOT_GIVEN is NOT_GIVEN
    assert resources.Members is Members
    assert testing.Sandbox is Sandbox
    for name in models.__all__:
        value = getattr(models, name)
        if attrs.has(value):
            home = importlib.import_module(value.__module__)
            assert value.__module__.startswith("mighty_async.models.")
            assert getattr(home, name) is value is getattr(mighty_async, name)


def test_unknown_names_raise_attribute_error():
    """A name no package defines raises AttributeError naming it, so hasattr() stays False."""
    for package in LAZY_PACKAGES:
        with pytest.raises(AttributeError, match=f"module '{package.__name__}' has no attribute"):
            package.NoSuchName  # noqa: B018
        assert not hasattr(package, "Membr")


def test_star_import_binds_every_public_name():
    """``from mighty_async import *`` in a fresh interpreter binds all of ``__all__``."""
    out = run_python(
        """
        import json
        import mighty_async
        namespace = {}
        exec("from mighty_async import *", namespace)
        same = all(namespace[n] is getattr(mighty_async, n) for n in mighty_async.__all__)
        print(json.dumps([sorted(set(mighty_async.__all__) - set(namespace)), same]))
        """
    )
    assert json.loads(out) == [[], True]
    for package in (models, resources):
        namespace: dict[str, object] = {}
        exec(f"from {package.__name__} import *", namespace)  # noqa: S102 - a fixed statement
        assert set(package.__all__) <= set(namespace)


def test_a_pickled_model_loads_in_a_fresh_interpreter():
    """A model pickled here unpickles in a process that only imported mighty_async, equal to it."""
    member = mighty_async.Member(
        id=7, email="ada@example.com", created_at=datetime(2026, 1, 2, tzinfo=UTC)
    )
    out = run_python(
        f"""
        import pickle, mighty_async
        member = pickle.loads({pickle.dumps(member)!r})
        print(isinstance(member, mighty_async.Member), member.email, member.id)
        """
    )
    assert out.split() == ["True", "ada@example.com", "7"]
    assert pickle.loads(pickle.dumps(member)) == member  # noqa: S301 - our own bytes


async def test_lazily_loaded_models_come_back_from_calls():
    """A model a call returns is an instance of the lazily re-exported class."""

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"id": 3, "email": "x@example.com"})

    transport = httpx.MockTransport(answer)
    async with mighty_async.AsyncMightyClient("t", network_id=5, transport=transport) as client:
        member = await client.members.get(3)
    assert isinstance(member, mighty_async.Member)
    assert isinstance(member, models.Member)


def test_a_resource_is_built_once_per_client():
    """``client.members`` is the same object on every access, bound to its own client."""
    client = mighty_async.AsyncMightyClient("t", network_id=5)
    first = client.members
    assert client.members is first
    assert isinstance(first, resources.Members)
    derived = client.with_options(timeout=5)
    assert derived.members is derived.members
    assert derived.members is not first
    assert derived.members._client is derived


def test_a_wrong_mighty_log_still_fails_when_the_client_is_built(monkeypatch):
    """MIGHTY_LOG=verbose is refused by the constructor, as before the audit module went lazy."""
    monkeypatch.setenv("MIGHTY_LOG", "verbose")
    with pytest.raises(mighty_async.ConfigurationError, match="MIGHTY_LOG must be"):
        mighty_async.AsyncMightyClient("t", network_id=5)


def test_lazy_names_caches_each_name_in_the_namespace():
    """The first lookup stores the value in the package's namespace; dir() lists unloaded names."""
    namespace: dict[str, object] = {"already": 1}
    getter, lister = lazy_names("mighty_async", namespace, {".errors": ("NotFound",)})
    assert lister() == ["NotFound", "already"]
    assert getter("NotFound") is mighty_async.errors.NotFound
    assert namespace["NotFound"] is mighty_async.errors.NotFound
    with pytest.raises(AttributeError, match="has no attribute 'Missing'"):
        getter("Missing")


def test_the_client_checks_the_audit_logger_itself():
    """The logger the client asks before loading the audit module is the audit trail's own."""
    from mighty_async import _audit, _client  # noqa: PLC0415

    assert _client._AUDIT_LOGGER is _audit.logger
