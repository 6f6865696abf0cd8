"""`RedisLimiter`: the `SharedLimiter` that keeps a network's budget in Redis.

Every process of a fleet that talks to one Mighty network asks the same Redis for permits, so
the fleet as a whole keeps to the network's rate however many processes it runs. One Lua
script (``limiter.lua``) does each step atomically on the server, on the server's clock.

redis-py's client (``redis.asyncio``) runs on asyncio only: on trio the limiter refuses, with
a `ConfigurationError` that says so.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import re
import sys
import uuid
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Final, Literal, Self

import anyio
import attrs

from .._config import check_int, check_network_id, check_number
from .._limiter import SYSTEM_TIME, RateLimit, TokenBucket
from ..errors import ConfigurationError, LimiterUnavailable, QuotaExceeded

if TYPE_CHECKING:
    from types import TracebackType

    import httpx
    from redis.asyncio import Redis
    from redis.asyncio.cluster import RedisCluster

    from .._limiter import Clock, Sleep

__all__ = ["MonthlyUsage", "OnRedisError", "RedisLimiter"]

logger = logging.getLogger("mighty_async")

OnRedisError = Literal["fallback", "fail_closed"]
"""What a `RedisLimiter` does when Redis fails: pace this process alone, or refuse to send."""

SCRIPT: Final = files("mighty_async._redis").joinpath("limiter.lua").read_text(encoding="utf-8")
SCRIPT_SHA: Final = hashlib.sha1(SCRIPT.encode(), usedforsecurity=False).hexdigest()

_RATE_LIMITED: Final = 429
_SERVER_ERROR: Final = 500
_US: Final = 1_000_000
_MAX_PENDING: Final = 256
_PROBE_TIMEOUT: Final = 10.0
_ACTIVE_WINDOW: Final = 60.0
_STATE_TTL_MS: Final = 86_400_000
_KEY = re.compile(r"^[^\s{}]+$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_ON_REDIS_ERROR: Final = ("fallback", "fail_closed")
_NEEDS_ASYNCIO: Final = (
    "RedisLimiter needs asyncio: redis-py's asyncio client (redis.asyncio) does not run on "
    "trio. Under trio, use the in-process TokenBucket (rate_limit=RateLimit(...)) instead"
)


@attrs.frozen(kw_only=True)
class MonthlyUsage:
    """The requests a network has used in one calendar month (UTC), fleet-wide.

    Attributes:
        network: the network counted.
        month: ``"YYYY-MM"``.
        requests: requests admitted that month by every process sharing the limiter
            (retries included: each attempt is a billed request).
        budget: the limiter's ``monthly_budget``, or None.
    """

    network: str
    month: str
    requests: int
    budget: int | None = None

    @property
    def remaining(self) -> int | None:
        """Requests left in the budget this month (None without a budget)."""
        return None if self.budget is None else max(0, self.budget - self.requests)


class _Unavailable(Exception):
    """Redis did not answer in time, could not be reached, or answered with an error."""


def _running_on_trio() -> bool:
    trio = sys.modules.get("trio")
    if trio is None:
        return False
    try:
        trio.lowlevel.current_task()
    except RuntimeError:
        return False
    return True


def _check_asyncio() -> None:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        raise ConfigurationError(_NEEDS_ASYNCIO) from None


def _text(value: object) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _describe(exc: BaseException) -> str:
    cause = exc.__cause__ if isinstance(exc, _Unavailable) and exc.__cause__ else exc
    message = str(cause).strip()
    return f"{type(cause).__name__}: {message}" if message else type(cause).__name__


def _connect(
    url_or_client: object, timeout: float
) -> tuple[Any, bool, tuple[type[Exception], ...]]:
    """The redis-py client to use, whether this limiter owns it, and the errors it raises.

    The client is typed Any: redis-py annotates ``evalsha`` as returning ``Awaitable | str``
    for its sync and async clients alike, and only the async one reaches this point.
    """
    try:
        import redis.asyncio as aioredis  # noqa: PLC0415 - optional dependency
        from redis.asyncio.cluster import RedisCluster  # noqa: PLC0415
        from redis.asyncio.retry import Retry  # noqa: PLC0415
        from redis.backoff import NoBackoff  # noqa: PLC0415
        from redis.exceptions import RedisError  # noqa: PLC0415
    except ImportError as exc:
        raise ImportError(
            "RedisLimiter needs redis-py (redis>=5): pip install 'mighty-async[redis]'"
        ) from exc
    errors: tuple[type[Exception], ...] = (RedisError, OSError, TimeoutError)
    if isinstance(url_or_client, str):
        try:
            client = aioredis.Redis.from_url(
                url_or_client,
                socket_timeout=timeout,
                socket_connect_timeout=timeout,
                # One immediate retry picks a fresh connection after a restart; the fallback
                # policy handles anything longer.
                retry=Retry(NoBackoff(), 1),
            )
        except ValueError as exc:
            raise ConfigurationError(f"not a usable Redis URL: {exc}") from None
        return client, True, errors
    if isinstance(url_or_client, aioredis.Redis | RedisCluster):
        return url_or_client, False, errors
    raise ConfigurationError(
        "RedisLimiter needs a Redis URL (redis://, rediss://, unix://) or a "
        f"redis.asyncio.Redis client, got {type(url_or_client).__name__}"
    )


class RedisLimiter:
    """A `Limiter` whose budget, cooldown gate and monthly count live in Redis.

    ```python
    async with RedisLimiter("redis://localhost:6379/0", rate=100, per=60) as limiter:
        async with AsyncMightyClient(rate_limit=limiter) as client:
            ...
    ```

    Give every process that calls the same network one of these, with the same Redis and the
    same settings: together they send at most ``rate`` requests per ``per`` seconds (plus a
    ``burst`` after a quiet spell), however many processes there are.

    - **Atomic admission on Redis's clock.** Each permit is one Lua script run: a token bucket
      refilled by the server's ``TIME``, so machines whose clocks disagree still agree.
    - **One cooldown gate.** A 429 seen by any process closes the gate for all of them until
      its wait is over; then one request in the whole fleet goes first as a probe.
    - **One adaptive rate.** A 429 halves the shared rate, successes raise it back
      (see `RateLimit`); every process paces at the same current rate.
    - **A monthly count, and an optional budget.** Every admitted request is counted per
      network and calendar month (UTC): `usage`. With ``monthly_budget`` set, a request beyond
      it raises `QuotaExceeded` before it is sent.
    - **Failures.** Every Redis call is bounded by ``timeout``. When Redis fails, the default
      (``on_redis_error="fallback"``) logs a warning and paces this process alone with an
      in-process `TokenBucket` at its share of the last known rate (the rate divided by the
      processes seen in the last minute), trying Redis again every ``reconnect_interval``
      seconds; ``"fail_closed"`` raises `LimiterUnavailable` instead, sending nothing.

    The keys are ``{<key>:<network>}:limiter``, ``...:usage`` and ``...:clients``: one hash
    slot, as Redis Cluster requires of a script's keys (the tests run a single server). The
    network comes from the `AsyncMightyClient` it is given to, or from ``network_id``; one
    limiter paces one network.

    Args:
        url_or_client: a Redis URL (``redis://``, ``rediss://``, ``unix://``) or a
            ``redis.asyncio.Redis`` (or ``RedisCluster``) client. A client built here from a
            URL is closed by `aclose`; a client passed in is left open.
        key: the namespace of the keys; processes share a budget when they use the same one
            (and the same network).
        rate: requests allowed per ``per`` seconds, fleet-wide; the adaptive rate's ceiling.
        per: the period of ``rate``, in seconds.
        burst: requests that may go back to back after a quiet spell, fleet-wide.
        adaptive: lower the shared rate on a 429, raise it back after successes.
        monthly_budget: refuse requests beyond this many per calendar month (None: count,
            never refuse).
        network_id: the network paced, when the limiter is not given to an
            `AsyncMightyClient` (a bare `RateLimitTransport`, say).
        on_redis_error: ``"fallback"`` (pace in-process, log a warning) or ``"fail_closed"``
            (raise `LimiterUnavailable`).
        fallback: the in-process pace while Redis is down; None derives it from the shared
            state as described above.
        timeout: the longest any Redis call may take, in seconds.
        reconnect_interval: while falling back, how often Redis is tried again, in seconds.
        clock: a monotonic clock (only for the fallback and the reconnect timing; every
            decision about the shared budget is taken on Redis's clock).
        sleep: an async sleep, for waiting for a permit.

    Raises:
        ConfigurationError: an invalid setting, or the code runs on trio.
        ImportError: redis-py is not installed (``pip install 'mighty-async[redis]'``).
    """

    def __init__(
        self,
        url_or_client: str | Redis | RedisCluster,
        *,
        key: str = "mighty_async",
        rate: int = 100,
        per: float = 60.0,
        burst: int = 5,
        adaptive: bool = True,
        monthly_budget: int | None = None,
        network_id: int | str | None = None,
        on_redis_error: OnRedisError = "fallback",
        fallback: RateLimit | None = None,
        timeout: float = 1.0,
        reconnect_interval: float = 5.0,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
    ) -> None:
        if _running_on_trio():
            raise ConfigurationError(_NEEDS_ASYNCIO)
        self.config = RateLimit(requests=rate, period=per, burst=burst, adaptive=adaptive)
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise ConfigurationError(
                f"key must be a non-empty string without spaces or braces, got {key!r}"
            )
        if monthly_budget is not None:
            check_int("monthly_budget", monthly_budget, minimum=0)
        if on_redis_error not in _ON_REDIS_ERROR:
            raise ConfigurationError(
                f"on_redis_error must be 'fallback' or 'fail_closed', got {on_redis_error!r}"
            )
        if fallback is not None and not isinstance(fallback, RateLimit):
            raise ConfigurationError(
                f"fallback must be a RateLimit or None, got {type(fallback).__name__}"
            )
        self.key = key
        self.monthly_budget = monthly_budget
        self.on_redis_error: OnRedisError = on_redis_error
        self.timeout = check_number("timeout", timeout, positive=True)
        self.reconnect_interval = check_number(
            "reconnect_interval", reconnect_interval, positive=True
        )
        self._fallback_config = fallback
        self._clock = clock if clock is not None else SYSTEM_TIME.clock
        self._sleep = sleep if sleep is not None else SYSTEM_TIME.sleep
        self._redis, self._owns_client, self._errors = _connect(url_or_client, self.timeout)
        from redis.exceptions import NoScriptError  # noqa: PLC0415 - installed, checked above

        self._no_script: type[Exception] = NoScriptError
        self._client_id = uuid.uuid4().hex
        self._network: str | None = None
        self._keys: tuple[str, str, str] | None = None
        if network_id is not None:
            self.bind_network(network_id)
        ceiling = self.config.per_second
        self._static_args = [
            repr(ceiling),
            str(self.config.burst),
            repr(ceiling * self.config.min_fraction),
            "1" if self.config.adaptive else "0",
            repr(self.config.decrease),
            str(self.config.increase_after),
            repr(ceiling * self.config.increase),
            self._client_id,
        ]
        self._probe_poll = min(1.0, max(0.01, 1 / ceiling))
        self._pending: list[str] = []
        self._rate = ceiling
        self._active = 1
        self._used: int | None = None
        self._month: str | None = None
        self._probe_held = False
        self._fallback: TokenBucket | None = None
        self._retry_at = 0.0
        self._outage_requests = 0
        self.fallbacks = 0

    def __repr__(self) -> str:
        network = self._network if self._network is not None else "unbound"
        return (
            f"<RedisLimiter network={network} key={self.key!r} rate={self.rate:.4g}/s "
            f"ceiling={self.config.per_second:.4g}/s burst={self.config.burst} mode={self.mode}>"
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the Redis client if this limiter created it from a URL."""
        if self._owns_client:
            await self._redis.aclose()

    @property
    def rate(self) -> float:
        """The current pace in requests per second: the fleet's, or this process's fallback."""
        return self._fallback.rate if self._fallback is not None else self._rate

    @property
    def mode(self) -> Literal["redis", "fallback"]:
        """``"redis"`` while the shared budget is in use, ``"fallback"`` while Redis is down."""
        return "fallback" if self._fallback is not None else "redis"

    @property
    def network_id(self) -> str | None:
        """The network this limiter paces (None until it is given one)."""
        return self._network

    def bind_network(self, network_id: int | str) -> None:
        """Pace ``network_id``; refuse a second, different network."""
        network = str(check_network_id(network_id))
        if self._network is not None and self._network != network:
            raise ConfigurationError(
                f"this RedisLimiter paces network {self._network}; a client for network "
                f"{network} needs a RedisLimiter of its own (networks never share a budget)"
            )
        self._network = network
        tag = f"{{{self.key}:{network}}}"
        self._keys = (f"{tag}:limiter", f"{tag}:usage", f"{tag}:clients")

    def _require_keys(self) -> tuple[str, str, str]:
        _check_asyncio()
        if self._keys is None:
            raise ConfigurationError(
                "this RedisLimiter does not know which network it paces: give it to an "
                "AsyncMightyClient, or pass network_id="
            )
        return self._keys

    async def acquire(self) -> None:
        """Wait for a permit and take it, waiting out a closed shared gate on the way."""
        while (wait := await self.admit()) > 0:
            await self._sleep(wait)

    async def admit(self) -> float:
        """Take a permit (0.0), or return the seconds the fleet's cooldown gate stays closed.

        Raises:
            QuotaExceeded: the monthly budget is used up.
            LimiterUnavailable: Redis failed and ``on_redis_error="fail_closed"``.
        """
        keys = self._require_keys()
        while True:
            bucket = self._fallback
            if bucket is not None and self._clock() < self._retry_at:
                return await self._admit_locally(bucket)
            outcomes = self._take_pending()
            add = self._outage_requests
            try:
                reply = await self._run(keys, "admit", outcomes=outcomes, add_usage=add)
            except _Unavailable as exc:
                self._unavailable(exc)
                continue
            self._outage_requests -= add
            self._back_online(add)
            kind = reply[0]
            if kind == "granted":
                self._rate = float(reply[1])
                self._used = int(reply[2])
                self._active = max(1, int(reply[3]))
                self._probe_held = reply[4] == "1"
                self._month = reply[5]
                return 0.0
            if kind == "closed":
                self._active = max(1, int(reply[2]))
                return int(reply[1]) / _US
            if kind == "quota":
                self._used, self._month = int(reply[1]), reply[3]
                raise QuotaExceeded(
                    network=str(self._network),
                    month=reply[3],
                    used=int(reply[1]),
                    budget=int(reply[2]),
                )
            self._active = max(1, int(reply[2]))  # "wait" for a token, or for the "probe"
            await self._sleep(int(reply[1]) / _US)

    def on_response(self, response: httpx.Response) -> None:
        """Note the answer; it reaches the shared adaptive rate with the next Redis call."""
        if self._fallback is not None:
            self._fallback.on_response(response)
            return
        status = response.status_code
        if status == _RATE_LIMITED:
            self._pending.append("t")
        elif status < _SERVER_ERROR:
            self._pending.append("s")
        del self._pending[:-_MAX_PENDING]

    async def settle(self, response: httpx.Response, cooldown: float) -> None:
        """Tell the fleet at once about a 429 (and its cooldown) or the answer to a probe."""
        status = response.status_code
        urgent = status == _RATE_LIMITED or (self._probe_held and status < _SERVER_ERROR)
        if self._fallback is not None or self._keys is None or not urgent:
            return
        self._probe_held = False
        outcomes = self._take_pending()
        try:
            reply = await self._run(
                self._keys, "settle", outcomes=outcomes, cooldown=max(0.0, cooldown)
            )
        except _Unavailable as exc:
            logger.warning(
                "could not share a %d answer through Redis (network %s): %s",
                status,
                self._network,
                _describe(exc),
            )
            if self.on_redis_error == "fallback":
                self._start_fallback(exc)
            return
        self._rate = float(reply[1])

    async def usage(self, month: str | None = None) -> MonthlyUsage:
        """The fleet's requests this month (or in ``month``, ``"YYYY-MM"``), read from Redis.

        Raises:
            LimiterUnavailable: Redis cannot be read, whatever ``on_redis_error`` says.
        """
        keys = self._require_keys()
        if month is not None and (not isinstance(month, str) or not _MONTH.fullmatch(month)):
            raise ConfigurationError(f"month must look like '2025-06', got {month!r}")
        add = self._outage_requests if month is None else 0
        try:
            reply = await self._run(keys, "usage", add_usage=add, month=month or "")
        except _Unavailable as exc:
            raise LimiterUnavailable(
                f"cannot read the monthly count of network {self._network} from Redis: "
                f"{_describe(exc)}"
            ) from exc.__cause__
        self._outage_requests -= add
        self._back_online(add)
        return MonthlyUsage(
            network=str(self._network),
            month=reply[1],
            requests=int(reply[2]),
            budget=self.monthly_budget,
        )

    def _take_pending(self) -> str:
        outcomes = "".join(self._pending)
        self._pending.clear()
        return outcomes

    async def _run(
        self,
        keys: tuple[str, str, str],
        mode: str,
        *,
        outcomes: str = "",
        add_usage: int = 0,
        cooldown: float = 0.0,
        month: str = "",
    ) -> list[str]:
        """Run the script once, within ``timeout``; any failure becomes `_Unavailable`."""
        args = [
            mode,
            *self._static_args,
            outcomes,
            str(self.monthly_budget if self.monthly_budget is not None else -1),
            str(add_usage),
            str(math.ceil(cooldown * _US)),
            str(int(_PROBE_TIMEOUT * _US)),
            str(int(_ACTIVE_WINDOW * _US)),
            str(_STATE_TTL_MS),
            month,
            str(int(self._probe_poll * _US)),
        ]
        try:
            with anyio.fail_after(self.timeout):
                try:
                    reply = await self._redis.evalsha(SCRIPT_SHA, len(keys), *keys, *args)
                except self._no_script:
                    reply = await self._redis.eval(SCRIPT, len(keys), *keys, *args)
        except self._errors as exc:
            raise _Unavailable from exc
        return [_text(item) for item in reply]

    def _unavailable(self, exc: _Unavailable) -> None:
        if self.on_redis_error == "fail_closed":
            raise LimiterUnavailable(
                f"Redis is unavailable for the limiter of network {self._network} "
                f"({_describe(exc)}); the request was not sent (on_redis_error='fail_closed')"
            ) from exc.__cause__
        if self._fallback is None:
            self._start_fallback(exc)
        else:
            logger.debug("Redis still unavailable (network %s): %s", self._network, _describe(exc))
        self._retry_at = self._clock() + self.reconnect_interval

    def _start_fallback(self, exc: _Unavailable) -> None:
        config = self._fallback_config or self._share()
        self._fallback = TokenBucket(config, clock=self._clock, sleep=self._sleep)
        self._retry_at = self._clock() + self.reconnect_interval
        self._pending.clear()
        self._probe_held = False
        self.fallbacks += 1
        logger.warning(
            "Redis unavailable for the limiter of network %s (%s): pacing this process alone "
            "at %.4g requests/s until Redis answers again (tried every %gs)",
            self._network,
            _describe(exc),
            self._fallback.rate,
            self.reconnect_interval,
        )

    def _share(self) -> RateLimit:
        """This process's share of the last known shared pace, for the fallback bucket."""
        share = max(1, self._active)
        ceiling = self.config.per_second
        fraction = max(self.config.min_fraction, min(1.0, self._rate / ceiling))
        return RateLimit(
            requests=self.config.requests,
            period=self.config.period * share / fraction,
            burst=max(1, self.config.burst // share),
            adaptive=self.config.adaptive,
        )

    async def _admit_locally(self, bucket: TokenBucket) -> float:
        budget = self.monthly_budget
        if budget is not None and self._used is not None:
            estimate = self._used + self._outage_requests * self._active
            if estimate >= budget:
                raise QuotaExceeded(
                    network=str(self._network),
                    month=self._month or "this month",
                    used=estimate,
                    budget=budget,
                    estimated=True,
                )
        await bucket.acquire()
        self._outage_requests += 1
        return 0.0

    def _back_online(self, flushed: int) -> None:
        if self._fallback is None:
            return
        self._fallback = None
        logger.warning(
            "Redis answers again for the limiter of network %s: back to the shared budget "
            "(%d requests sent meanwhile added to the monthly count)",
            self._network,
            flushed,
        )
