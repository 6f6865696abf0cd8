"""The Redis-backed limiter: one budget, one cooldown gate, one monthly count for a fleet.

Private: the public names (`RedisLimiter`, `MonthlyUsage`) are re-exported by ``mighty_async``.
Importing this package does not import redis-py; creating a `RedisLimiter` does.
"""

from ._limiter import MonthlyUsage, OnRedisError, RedisLimiter

__all__ = ["MonthlyUsage", "OnRedisError", "RedisLimiter"]
