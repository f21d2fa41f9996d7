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
| ``WEB_MAX_REQUESTS`` | ``100000`` | replace a process after this many requests, ±10 % (0: never) |
| ``FORWARDED_ALLOW_IPS`` | ``127.0.0.1`` | proxies whose X-Forwarded-* headers are trusted |
| ``WEB_GC_FREEZE_AFTER`` | ``200`` | requests a process serves before its warm heap is frozen (0: never) |
| ``WEB_KEEPALIVE`` | ``0`` | seconds a connection is kept open for its next request (0: one request per connection) |
| ``WEB_WARM_UP`` | ``true`` | a new process imports the URLconf, compiles the templates and reads the catalogues before it serves (``verbinding/ops/warmup.py``) |

Graceful reload (new code, new settings, no dropped requests): ``systemctl reload verbinding-web``
(sends HUP: new processes start, old ones finish their requests). The app is not preloaded, so
each new process reads the new code. Logs go to stderr as JSON lines (``LOG_FORMAT``); the access
log is written by the app itself (one line per request with its request id).

One request per connection (``WEB_KEEPALIVE=0``): gunicorn serves nginx, not browsers (nginx keeps
the browsers' connections open). A gthread process keeps every connection it accepted, whether or
not it has a thread free, and a kept-open connection brings all its later requests back to the
same process. Under load one process then held most of the connections and its threads waited for
its one interpreter lock while the others idled: 72 %, 10 % and 8 % of a core, p95 200 ms, at an
offered 100 requests a second. With a new connection per request the next request goes to a
process that is free to accept it: 31-34 % each, p95 140-150 ms, for ~0.4 ms more CPU per request
(docs/benchmarks.md; ADR 0021).

Replacing processes (``WEB_MAX_REQUESTS``) guards against a slow leak; none has been seen (memory
stays flat over a 10-minute soak, docs/benchmarks.md). Each replacement costs: the old process
stops taking requests and a new one starts (~0.6 s of CPU to import Django and the app, ~0.7 s to
warm up), a third of the capacity gone for a few seconds. At 5,000 requests (the earlier default)
and 100 requests a second every process was replaced every ~2.5 minutes, and each time the
response times of everybody's requests rose for seconds: p95 130 -> 290 ms over a 150 s run.
100,000 requests is once an hour per process at that rate, and once a day or more at an
association's usual load.

Garbage collection (issue 16): a warm process holds ~230,000 objects tracked by the cycle
collector (modules, URL patterns, compiled templates and queries), and Python's default
thresholds ran a young collection every ~700 allocations and a full one, over all of them
(~100 ms of CPU), every few hundred requests: 0.4-0.9 ms of CPU per request in the advisor mix.
Each process raises the young threshold (``GC_THRESHOLDS``) and, once warm (after
``WEB_GC_FREEZE_AFTER`` requests: the lazily built parts exist by then), collects once and
freezes what is left (``gc.freeze()``): later collections skip those objects. Cycles are still
collected; only how often and over what changes. Collection CPU in the mix through gunicorn
(3 x 4, 8 clients): 0.4-0.9 -> 0.25-0.31 ms per request.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from typing import Any

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
keepalive = env_int("WEB_KEEPALIVE", 0)  # see the module docstring: one request per connection
max_requests = env_int("WEB_MAX_REQUESTS", 100_000)
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

# Garbage collection: see the module docstring.
GC_THRESHOLDS = (7000, 10, 10)
gc_freeze_after = env_int("WEB_GC_FREEZE_AFTER", 200)
_served = itertools.count(1)  # the master never serves: each worker counts from its fork
warm_up_first = env_str("WEB_WARM_UP", "true") == "true"


def post_worker_init(worker: Any) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    if warm_up_first:
        from verbinding.ops import warmup

        try:
            warmup.warm_up()  # before the first request, not inside it
        except Exception:  # the process still starts: its requests meet the error as before
            warmup.log.exception("warm-up failed")


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    if next(_served) == gc_freeze_after:
        gc.collect()
        gc.freeze()
