"""The redis-server fixture: it skips without a binary locally and fails without one in CI."""

from __future__ import annotations

import pytest

from .support.redis_server import ping, redis_binary, running_server


@pytest.fixture
def no_binary(monkeypatch, tmp_path):
    """Point REDIS_SERVER at a file that does not exist."""
    monkeypatch.setenv("REDIS_SERVER", str(tmp_path / "no-redis-server"))


def test_without_a_binary_the_tests_skip_with_the_reason(no_binary, monkeypatch, tmp_path):
    """Locally, a missing redis-server skips the Redis tests and says how to get one."""
    monkeypatch.delenv("CI", raising=False)
    assert redis_binary() is None
    with pytest.raises(pytest.skip.Exception, match="no redis-server binary"):
        next(running_server(tmp_path))


def test_without_a_binary_ci_fails(no_binary, monkeypatch, tmp_path):
    """Under CI=true a missing redis-server is a failure, never a silent skip."""
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must have redis-server"):
        next(running_server(tmp_path))


def test_the_server_can_be_killed_and_restarted_on_its_port(redis_server):
    """kill() stops answering; restart() answers again on the same port."""
    port = redis_server.port
    assert ping(port)
    redis_server.kill()
    assert not ping(port)
    redis_server.restart()
    assert redis_server.port == port
    assert ping(port)
