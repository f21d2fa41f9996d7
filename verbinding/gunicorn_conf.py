"""Gunicorn configuration for Verbinding (production web server).

    gunicorn -c python:verbinding.gunicorn_conf

Everything comes from the environment (the deploy kit's ``deploy/verbinding.env``):

| variable | default | meaning |
|---|---|---|
| ``WEB_BIND`` | ``127.0.0.1:8000`` | address nginx proxies to (or ``unix:/run/verbinding/web.sock``) |
| ``WEB_WORKERS`` | CPU cores + 1 | processes |
| ``WEB_THREADS`` | ``4`` | threads per process (gthread worker) |
| ``WEB_TIMEOUT`` | ``60`` | seconds before a stuck request's process is replaced |
| ``WEB_GRACEFUL_TIMEOUT`` | ``30`` | seconds running requests get on reload/stop |
| ``WEB_MAX_REQUESTS`` | ``5000`` | recycle a process after this many requests (0: never) |
| ``FORWARDED_ALLOW_IPS`` | ``127.0.0.1`` | proxies whose X-Forwarded-* headers are trusted |

Graceful reload (new code, new settings, no dropped requests): ``systemctl reload verbinding-web``
(sends HUP: new processes start, old ones finish their requests). The app is not preloaded, so
each new process reads the new code. Logs go to stderr as JSON lines (``LOG_FORMAT``); the access
log is written by the app itself (one line per request with its request id).
"""

from __future__ import annotations

import multiprocessing
import os

from verbinding.env import env_int, env_str
from verbinding.ops.logs import logging_config

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")

wsgi_app = "verbinding.wsgi:application"
bind = env_str("WEB_BIND", "127.0.0.1:8000").split(",")
worker_class = "gthread"
workers = env_int("WEB_WORKERS", multiprocessing.cpu_count() + 1)
threads = env_int("WEB_THREADS", 4)
timeout = env_int("WEB_TIMEOUT", 60)
graceful_timeout = env_int("WEB_GRACEFUL_TIMEOUT", 30)
keepalive = env_int("WEB_KEEPALIVE", 5)
max_requests = env_int("WEB_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10
preload_app = False
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "verbinding-web"
# Upload limit is nginx's (client_max_body_size); these guard against absurd request lines.
limit_request_line = 8190
limit_request_fields = 100

accesslog = None
errorlog = "-"
loglevel = env_str("WEB_LOG_LEVEL", "info")
logconfig_dict = logging_config(
    json=env_str("LOG_FORMAT", "json") == "json", level=env_str("LOG_LEVEL", "INFO")
)
