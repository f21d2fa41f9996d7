"""Health (is the process alive?) and readiness (can it serve: database, job queue, worker?)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    """Alive: answers without touching the database (for the process supervisor)."""
    return HttpResponse("ok\n", content_type="text/plain")


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Ready: the database answers, the job queue's table is there, the cache answers when it is
    Redis (sessions are read from it), and (in production) a worker sent a heartbeat recently. 200 or 503 with the checks as JSON; no personal data."""
    checks: dict[str, str] = {}
    ready = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except DatabaseError as exc:
        checks["database"] = f"error: {type(exc).__name__}"
        return JsonResponse({"ready": False, "checks": checks}, status=503)
    if settings.REDIS_URL:
        try:
            caches["default"].get("readyz")
            checks["cache"] = "ok"
        except Exception as exc:  # redis-py's ConnectionError and friends
            checks["cache"] = f"error: {type(exc).__name__}"
            ready = False
    try:
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.ready().count()
        checks["queue"] = f"ok ({waiting} waiting)"
    except DatabaseError as exc:
        checks["queue"] = f"error: {type(exc).__name__}"
        ready = False
    try:
        from verbinding.jobs.selectors import live_workers

        live = live_workers(within=settings.READYZ_WORKER_MAX_AGE)
        checks["worker"] = f"ok ({live} running)" if live else "none seen recently"
        if not live and settings.READYZ_REQUIRE_WORKER:
            ready = False
    except DatabaseError as exc:
        checks["worker"] = f"error: {type(exc).__name__}"
        ready = False
    return JsonResponse({"ready": ready, "checks": checks}, status=200 if ready else 503)
