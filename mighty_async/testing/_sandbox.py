"""`Sandbox`: a stateful fake Mighty network, served in-process or over loopback HTTP."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, Final

import anyio

from .._client import AsyncMightyClient
from .._config import check_base_url, check_int, check_network_id, check_token
from ..errors import ConfigurationError
from ._app import Gate, RequestRecord, SandboxApp
from ._faults import Faults, Sleep
from ._ratelimit import Clock, RateLimiter, RateWindow
from ._render import member
from ._renumber import renumber
from ._store import Seeder, Store
from ._time import VirtualTime
from ._transport import SandboxTransport

if TYPE_CHECKING:
    from collections.abc import Iterator
    from contextlib import AbstractAsyncContextManager, AbstractContextManager

    from ._app import Receive, Scope, Send
    from ._store import Record

__all__ = ["DEFAULT_BASE_URL", "Sandbox"]

DEFAULT_BASE_URL: Final = "https://sandbox.test"
"""Where in-process clients send requests; nothing listens there, the transport answers."""


class Sandbox:
    """A fake Mighty network that behaves like the Admin API, for demos and tests.

    ```python
    sandbox = Sandbox(seed=0, members=50)
    async with sandbox.client() as client:
        me = await client.me()
        member = await client.members.create(email="ada@example.com", first_name="Ada",
                                             last_name="Lovelace")
    assert sandbox.requests[-1].status == 201
    ```

    It answers all 137 operations of the Admin API with bodies that validate against the
    official spec, keeps what you create, update and delete for its lifetime, paginates like
    the API, and refuses like it: 404 for unknown ids, 422 for a duplicate member email, 409 to
    delete an accepted invite, 401 for a wrong, revoked, or other network's token, and an HTML
    403 when no ``User-Agent`` is sent.

    Args:
        seed: the same seed builds the same network (names, emails, ids, timestamps).
        members: how many members to create; the first is the token's owner, a host.
        spaces: how many spaces (spread over collections; the third is a course).
        posts: how many posts, with comments and reactions.
        events: how many events, with RSVPs.
        network_id: the network's numeric id; requests may use it or ``subdomain``.
        subdomain: the network's subdomain.
        token: the API token that works; more with `issue_token`.
        rate_limit: a `RateWindow` (sliding, or ``fixed=True``), or None for no limit.
        retry_after: whether a 429 carries a ``Retry-After`` header.
        clock: the monotonic clock the rate limit, the requests log's ``at`` and the
            clients of `client` read (tests pass a fake one; ``time.monotonic`` to compare
            arrival times with other processes'). By default the sandbox's own `time`: real
            time plus every second its clients slept, on which their waits cost no wall time.
        sleep: the async sleep used for latency and slow-body faults (tests pass a fake
            one); the clients of `client` use it too when ``clock`` is given.
        base_url: the URL in-process clients use, and that page links are built on.

    Raises:
        ConfigurationError: a setting the client would refuse too (the token, subdomain or
            base URL rules of `AsyncMightyClient`), or a negative count.
    """

    def __init__(
        self,
        *,
        seed: int = 0,
        members: int = 50,
        spaces: int = 5,
        posts: int = 20,
        events: int = 5,
        network_id: int = 1234,
        subdomain: str = "sandbox",
        token: str = "sandbox-token",  # noqa: S107 - a fake token for a fake network
        rate_limit: RateWindow | None = None,
        retry_after: bool = True,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        base_url: str = DEFAULT_BASE_URL,
    ) -> None:
        for name, value in (
            ("members", members),
            ("spaces", spaces),
            ("posts", posts),
            ("events", events),
        ):
            check_int(name, value, minimum=0)
        if members < 1:
            raise ConfigurationError("members must be at least 1: the token's owner is a member")
        if not isinstance(check_network_id(subdomain), str):
            raise ConfigurationError(f"subdomain must not be all digits, got {subdomain!r}")
        self.seed = seed
        self.network_id = check_int("network_id", network_id, minimum=1)
        self.subdomain = subdomain
        self.token = check_token(token, source="the sandbox token")
        self.base_url = str(check_base_url(base_url))
        self.time = VirtualTime()
        self._clock: Clock = self.time.now if clock is None else clock
        self._client_sleep: Sleep = self.time.sleep
        if clock is not None:  # the clients' waits must run on the clock given
            self._client_sleep = sleep or anyio.sleep
        self.store = Store(network_id=network_id, subdomain=subdomain)
        Seeder(self.store, seed).run(
            members=members,
            spaces=spaces,
            posts=posts,
            events=events,
            owner_email=f"owner@{subdomain}.example.com",
        )
        self.faults = Faults(seed=seed)
        self.requests: list[RequestRecord] = []
        self._gate = Gate(
            store=self.store,
            tokens={token: self.store.owner_id},
            revoked=set(),
            faults=self.faults,
            limiter=RateLimiter(rate_limit, self._clock) if rate_limit else None,
            send_retry_after=retry_after,
            sleep=sleep or anyio.sleep,
            requests=self.requests,
            clock=self._clock,
        )
        self.app = SandboxApp(self._gate)

    def __repr__(self) -> str:
        members = len(self.store.tables["members"])
        return (
            f"<Sandbox network_id={self.network_id} subdomain={self.subdomain!r} "
            f"members={members} requests={len(self.requests)}>"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Be the ASGI app itself, so ``uvicorn.run(sandbox)`` works."""
        await self.app(scope, receive, send)

    # -- in-process use --------------------------------------------------------------------

    def transport(self) -> SandboxTransport:
        """An httpx transport that answers from this sandbox, with no sockets."""
        return SandboxTransport(self.app)

    def client(self, **kwargs: Any) -> AsyncMightyClient:
        """A ready `AsyncMightyClient` on this sandbox; keyword arguments override defaults.

        It paces itself and waits out 429s as in production (the default rate limit, the
        cooldown, the retries), but on the sandbox's clock: every wait moves that clock
        forward instead of taking real time, so a test of a thousand calls takes a fraction
        of a second and still sees the sandbox's rate window (when set) answer 429s. Pass
        ``clock=`` and ``sleep=`` to use others, or ``rate_limit=None`` for no pacing.
        """
        options: dict[str, Any] = {
            "network_id": self.network_id,
            "base_url": self.base_url,
            "transport": self.transport(),
            "clock": self._clock,
            "sleep": self._client_sleep,
        }
        options.update(kwargs)
        token = options.pop("token", self.token)
        return AsyncMightyClient(token, **options)

    # -- served over HTTP ------------------------------------------------------------------

    def serve(self, *, host: str = "127.0.0.1", port: int = 0) -> AbstractAsyncContextManager[str]:
        """Serve over real HTTP with uvicorn for the ``async with`` block; yields the base URL.

        ``port=0`` picks a free port. Needs the ``[sandbox]`` extra (uvicorn). The server runs in
        a thread with its own event loop, so this works under asyncio and trio alike.
        """
        from ._serve import serve_async  # noqa: PLC0415 - uvicorn is optional

        return serve_async(self, host=host, port=port)

    def serve_in_thread(
        self, *, host: str = "127.0.0.1", port: int = 0
    ) -> AbstractContextManager[str]:
        """The same as `serve`, as a plain ``with`` block (for sync fixtures and scripts)."""
        from ._serve import serve_in_thread  # noqa: PLC0415 - uvicorn is optional

        return serve_in_thread(self, host=host, port=port)

    # -- admin helpers ---------------------------------------------------------------------

    @property
    def owner(self) -> Record:
        """The token owner's member record (a host)."""
        return self.store.users[self.store.owner_id]

    @property
    def member_ids(self) -> list[int]:
        """The ids of the current members, in the order the API lists them."""
        return list(self.store.tables["members"])

    def issue_token(self, *, user_id: int | None = None) -> str:
        """Create another working token, for ``user_id`` (default: the owner)."""
        owner = self.store.owner_id if user_id is None else user_id
        if owner not in self.store.users:
            raise ConfigurationError(f"user {owner} does not exist")
        token = f"sandbox-{secrets.token_hex(8)}"
        self._gate.tokens[token] = owner
        return token

    def revoke_token(self, token: str | None = None) -> None:
        """Revoke a token (default: the main one); requests with it get 401 ``token_expired``."""
        token = self.token if token is None else token
        if token not in self._gate.tokens:
            raise ConfigurationError("that token was never issued by this sandbox")
        del self._gate.tokens[token]
        self._gate.revoked.add(token)

    def accept_invite(self, invite_id: int) -> None:
        """Mark a network or plan invite accepted, as if its recipient had clicked it."""
        for table in ("invites", "plan_invites"):
            invite = self.store.tables[table].get(invite_id)
            if invite is not None:
                invite["_accepted"] = True
                return
        raise ConfigurationError(f"no invite {invite_id}")

    def renumber(self, record_id: int, new_id: int) -> None:
        """Give the record ``record_id`` (of any kind) the id ``new_id``; references follow.

        For code and examples that name records by id, such as a space id in an app's
        configuration: ``sandbox.renumber(sandbox.member_ids[1], 42)`` makes member 42 exist.
        Spaces, plans, posts, tokens and every other record that points at it point at the
        new id; lists stay ordered by id. Ids are unique across kinds, as on a real network,
        and the sandbox never hands out ``new_id`` again.

        Raises:
            ConfigurationError: no record has ``record_id``, or ``new_id`` is taken or not positive.
        """
        renumber(self.store, record_id, new_id)
        for token, user_id in self._gate.tokens.items():
            if user_id == record_id:
                self._gate.tokens[token] = new_id

    def set_rate_limit(self, window: RateWindow | None, *, retry_after: bool | None = None) -> None:
        """Change the rate limit (None removes it) and whether 429s carry ``Retry-After``."""
        self._gate.limiter = RateLimiter(window, self._clock) if window else None
        if retry_after is not None:
            self._gate.send_retry_after = retry_after

    @property
    def rate_limit(self) -> RateWindow | None:
        """The current rate limit, or None."""
        limiter = self._gate.limiter
        return limiter.window if limiter else None

    @property
    def in_flight(self) -> int:
        """How many requests the sandbox is answering right now (started, not yet answered).

        With a `latency` on a fake clock, requests stay in flight until the clock moves: a
        test sees how many its code sends at once. A cancelled request leaves no record in
        `requests` and is no longer counted here.
        """
        return self._gate.in_flight

    @property
    def max_in_flight(self) -> int:
        """The most requests the sandbox was answering at once, since it was made."""
        return self._gate.max_in_flight

    @property
    def statuses(self) -> list[int | None]:
        """The status of every request so far, in order (None for a dropped connection)."""
        return [record.status for record in self.requests]

    def iter_members(self) -> Iterator[Record]:
        """The current members' wire bodies, in list order, straight from the store."""
        for record in list(self.store.tables["members"].values()):
            yield member(record)
