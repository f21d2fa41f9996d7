"""Health, readiness, request ids, JSON logs and the gunicorn configuration."""

from __future__ import annotations

import importlib
import json
import logging
import logging.config
from io import StringIO
from typing import Any

import pytest
from django.test import Client, override_settings

from verbinding.jobs.worker import beat
from verbinding.ops.logs import logging_config


def test_healthz_answers_without_the_database() -> None:
    response = Client().get("/healthz")  # no django_db mark: a query would fail the test
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@override_settings(READYZ_REQUIRE_WORKER=True)
def test_readyz_needs_a_worker_seen_recently_when_required() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "ok"
    assert response.json()["checks"]["worker"] == "none seen recently"
    beat("w-ready")
    response = Client().get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "ready": True,
        "checks": {"database": "ok", "queue": "ok (0 waiting)", "worker": "ok (1 running)"},
    }


@pytest.mark.django_db
@override_settings(READYZ_REQUIRE_WORKER=False)
def test_readyz_reports_a_missing_worker_but_stays_ready_in_the_demo() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "none seen recently"


@pytest.mark.django_db
@override_settings(
    READYZ_REQUIRE_WORKER=False,
    REDIS_URL="redis://127.0.0.1:1/0",
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    },
)
def test_readyz_answers_503_when_redis_holds_the_sessions_and_is_away() -> None:
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error: ConnectionError"


@override_settings(READYZ_REQUIRE_WORKER=False)
@pytest.mark.django_db
def test_readyz_does_not_check_a_cache_of_the_process_itself() -> None:
    assert "cache" not in Client().get("/readyz").json()["checks"]


@pytest.mark.django_db
def test_readyz_answers_503_when_the_database_is_away(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError, connection

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("connection refused")

    # Undo the patch before the test ends: the database fixture's teardown needs a cursor.
    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken)
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "error: OperationalError"


def test_a_request_id_is_generated_or_taken_from_the_proxy() -> None:
    generated = Client().get("/healthz")["X-Request-ID"]
    assert len(generated) == 32
    assert Client().get("/healthz", headers={"X-Request-ID": "abc-123"})["X-Request-ID"] == (
        "abc-123"
    )
    forged = Client().get("/healthz", headers={"X-Request-ID": "x\ny: injected"})
    assert forged["X-Request-ID"] != "x\ny: injected" and len(forged["X-Request-ID"]) == 32


def test_each_request_is_logged_as_one_json_line_with_its_id() -> None:
    stream = StringIO()
    config = logging_config(json=True, level="INFO")
    config["handlers"]["console"]["stream"] = stream
    previous = logging.getLogger("verbinding").level
    try:
        logging.config.dictConfig(config)
        Client().get("/healthz", headers={"X-Request-ID": "req-42"})
    finally:
        from django.conf import settings

        logging.config.dictConfig(settings.LOGGING)
        logging.getLogger("verbinding").setLevel(previous)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "verbinding.request"]
    assert len(access) == 1
    assert access[0]["request_id"] == "req-42"
    assert (access[0]["method"], access[0]["path"], access[0]["status"]) == ("GET", "/healthz", 200)
    assert access[0]["level"] == "INFO" and "duration_ms" in access[0]


def test_gunicorn_takes_workers_threads_and_timeouts_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WEB_WORKERS", "3")
    monkeypatch.setenv("WEB_THREADS", "6")
    monkeypatch.setenv("WEB_TIMEOUT", "45")
    monkeypatch.setenv("WEB_BIND", "127.0.0.1:9000")
    import verbinding.gunicorn_conf as conf

    conf = importlib.reload(conf)
    assert (conf.workers, conf.threads, conf.timeout) == (3, 6, 45)
    assert conf.bind == ["127.0.0.1:9000"] and conf.worker_class == "gthread"
    assert conf.preload_app is False, "a graceful reload (HUP) must load new code"
    assert conf.wsgi_app == "verbinding.wsgi:application"


def test_gunicorn_serves_one_request_per_connection_and_rarely_replaces_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Kept-open connections tied the load to one process, and a process replaced every 5,000
    requests slowed everyone's responses every few minutes at 100 requests/s (the module's
    docstring); both stay settable."""
    for name in ("WEB_KEEPALIVE", "WEB_MAX_REQUESTS"):
        monkeypatch.delenv(name, raising=False)
    import verbinding.gunicorn_conf as conf

    conf = importlib.reload(conf)
    assert conf.keepalive == 0
    assert (conf.max_requests, conf.max_requests_jitter) == (100_000, 10_000)
    monkeypatch.setenv("WEB_KEEPALIVE", "5")
    monkeypatch.setenv("WEB_MAX_REQUESTS", "0")
    conf = importlib.reload(conf)
    assert (conf.keepalive, conf.max_requests) == (5, 0)


def test_gunicorn_workers_raise_gc_thresholds_and_freeze_their_warm_heap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    monkeypatch.setenv("WEB_GC_FREEZE_AFTER", "3")
    import verbinding.gunicorn_conf as conf

    conf = importlib.reload(conf)
    thresholds = gc.get_threshold()
    # The count is of objects in the permanent generation: a frozen object that dies leaves it,
    # so the checks allow it to fall and look for a rise of at least the fresh objects made here.
    before = gc.get_freeze_count()
    try:
        conf.post_worker_init(None)
        assert gc.get_threshold() == conf.GC_THRESHOLDS
        fresh = [[] for _ in range(1000)]  # tracked objects a freeze would take
        conf.post_request(None, None, {}, None)
        conf.post_request(None, None, {}, None)
        assert gc.get_freeze_count() <= before, "not before the process is warm"
        conf.post_request(None, None, {}, None)
        frozen = gc.get_freeze_count()
        assert frozen >= before + len(fresh)
        more = [[] for _ in range(1000)]
        conf.post_request(None, None, {}, None)
        assert gc.get_freeze_count() <= frozen, "once"
        assert fresh and more
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_the_redis_cache_keeps_one_client_per_connection_pool() -> None:
    """verbinding.ops.cache: Django's backend built a redis.Redis per call (~0.3 ms of CPU)."""
    from verbinding.ops.cache import RedisCache

    cache = RedisCache("redis://127.0.0.1:1/0,redis://127.0.0.1:2/0", {})  # no server needed
    client = cache._cache.get_client("a", write=True)
    assert cache._cache.get_client("b", write=True) is client
    assert client.connection_pool.connection_kwargs["port"] == 1
    reader = cache._cache.get_client("a")  # reads go to the other server (Django's rule)
    assert reader is not client and reader.connection_pool.connection_kwargs["port"] == 2
    assert cache._cache.get_client("b") is reader
