"""The Redis cache backend: Django's, keeping its ``redis.Redis`` client objects.

Django's client builds a new ``redis.Redis`` around the connection pool for every cache call, and
redis-py's constructor fills a table of ~170 response callbacks each time: ~0.3 ms of CPU per
call, and every request reads its session from the cache (``cached_db``, settings.py; issue 16).
A ``redis.Redis`` on a shared pool is safe to share between threads (it takes a connection from
the pool for each command and gives it back), so one is kept per pool; connections, pools,
serialisation and keys stay Django's.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))  # the pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
