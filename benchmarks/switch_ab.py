"""One change of the request path switched off and on: the web CPU of the advisor mix without and
with it, in one process, switching every 25 requests.

    DATABASE_URL=postgres://verbinding_owner@127.0.0.1:5432/bench100k \\
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python benchmarks/switch_ab.py \\
      --switch contextlocals --requests 3000

Switches (``--switch``):

- ``contextlocals``: Django's per-request state in asgiref's ``Local`` (off) or in
  ``verbinding.web.contextlocals`` (on; ADR 0019);
- ``resolved-user``: ``request.user`` left as Django's and django-otp's lazy proxies (off) or the
  user itself (on; ``verbinding.accounts.middleware.ResolvedUserMiddleware``);
- ``prepared`` (PostgreSQL): the connection's cursors Django's default, values quoted into the SQL
  text (off), or ``verbinding.db.postgresql``'s, values as parameters and statements prepared
  (on; ADR 0020). The same connection serves both: the statements it prepared stay on the server.

The same mix as ``mix_profile.py`` (sent straight to Django's WSGI handler, production settings).
Prints this process's CPU per request and, on PostgreSQL, the CPU of the connection's backend
process (``/proc``, counted in ticks of 10 ms: read it over a few thousand requests).
Both sides run in the same process, interleaved in blocks, so a machine that speeds up or slows
down during the run (a shared VM) moves both alike; the figure to read is the difference.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import mix_profile  # beside this file


def swap_locals(fast: bool) -> None:
    """Put asgiref's ``Local`` objects back (``fast=False``) or ours, keeping what they hold."""
    from verbinding.web import contextlocals

    (contextlocals.install if fast else contextlocals.uninstall)()


def switch_resolved_user() -> Callable[[bool], None]:
    from verbinding.accounts import middleware

    resolving = middleware.ResolvedUserMiddleware.__call__

    def passing(self: Any, request: Any) -> Any:
        return self.get_response(request)

    def switch(on: bool) -> None:
        middleware.ResolvedUserMiddleware.__call__ = resolving if on else passing  # type: ignore[method-assign]

    return switch


def switch_prepared() -> Callable[[bool], None]:
    from django.db import connection
    from django.db.backends.postgresql import base as django_postgresql

    from verbinding.db.postgresql.base import Cursor

    def switch(on: bool) -> None:
        connection.ensure_connection()
        connection.connection.cursor_factory = Cursor if on else django_postgresql.Cursor

    return switch


SWITCHES: dict[str, Callable[[], Callable[[bool], None]]] = {
    "contextlocals": lambda: swap_locals,
    "resolved-user": switch_resolved_user,
    "prepared": switch_prepared,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--switch", choices=sorted(SWITCHES), required=True)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--block", type=int, default=25)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    mix_profile.configure()
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    switch = SWITCHES[args.switch]()
    app = WSGIHandler()
    picks = mix_profile.mix(random.Random(args.seed), mix_profile.sessions())

    def call(request: tuple) -> None:
        response = app(mix_profile.environ(*request), lambda *a: None)
        b"".join(response)
        response.close()

    for _ in range(150):  # compiled queries, caches, the connection
        call(next(picks)[1])
    pg_cpu = mix_profile.backend_cpu()
    cpu: dict[tuple[bool, str], float] = defaultdict(float)
    pg: dict[tuple[bool, str], float] = defaultdict(float)
    count: Counter[tuple[bool, str]] = Counter()
    on = True
    for i in range(args.requests):
        if i % args.block == 0:
            on = not on
            switch(on)
        kind, request = next(picks)
        pg_start, start = pg_cpu(), time.process_time()
        call(request)
        cpu[on, kind] += time.process_time() - start
        pg[on, kind] += pg_cpu() - pg_start
        count[on, kind] += 1
    for label, totals in (("web", cpu), ("PostgreSQL", pg)):
        if not any(totals.values()):
            continue
        print(f"{label} CPU per request, ms: {args.switch} off / on")
        for kind in [*sorted({k for _, k in count}), "the mix"]:
            sides = []
            for side in (False, True):
                keys = [k for k in count if k[0] == side and kind in (k[1], "the mix")]
                sides.append(1000 * sum(totals[k] for k in keys) / sum(count[k] for k in keys))
            n = sum(count[k] for k in count if kind in (k[1], "the mix"))
            change = 100 * (sides[1] - sides[0]) / sides[0] if sides[0] else 0.0
            print(f"{kind:16} {sides[0]:8.2f} {sides[1]:8.2f}  {change:+6.1f} %  ({n} requests)")


if __name__ == "__main__":
    main()
