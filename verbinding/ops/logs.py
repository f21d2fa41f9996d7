"""Logging configuration: JSON lines (one object per line) in production, readable text in the demo.

``LOG_FORMAT=json|text`` (default: json when DEBUG is off), ``LOG_LEVEL`` for the app's loggers
(default INFO: one line per request via ``verbinding.request``). Used by settings.py and by the
gunicorn configuration, so the server's own lines are JSON too.
"""

from __future__ import annotations

from typing import Any

JSON_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, json: bool, level: str, root_level: str = "WARNING") -> dict[str, Any]:
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FORMAT,
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
        if json
        else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "verbinding.ops.requestid.RequestIdFilter"}},
        "formatters": {"main": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "main",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": ["console"], "level": root_level},
        "loggers": {
            "verbinding": {"level": level},
            "django_tasks": {"level": level},
            "django_tasks_db": {"level": level},
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        },
    }
