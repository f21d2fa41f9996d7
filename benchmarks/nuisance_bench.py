"""Benchmark: nuisance demo seed, worklist source, list and case pages, recurrence stats.

Seeds the core register into the database the environment points at if it is empty (use your own
database), then the nuisance demo data, then times the reads for the advisor with most households.

    VERBINDING_VAR_DIR=/tmp/nuisance-var .venv/bin/python benchmarks/nuisance_bench.py --households 20000

Prints one JSON line with the figures (seconds; p50/max over ``--requests`` after one warm-up).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TODAY = dt.date(2026, 11, 26)


def timed(fn, n):  # type: ignore[no-untyped-def]
    fn()
    runs = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return {"p50": round(statistics.median(runs), 4), "max": round(max(runs), 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from verbinding.accounts.models import User
    from verbinding.demo.context import SeedContext
    from verbinding.demo.seed import seed as seed_core
    from verbinding.households.models import Household
    from verbinding.households.selectors import households_for
    from verbinding.nuisance import demo
    from verbinding.nuisance.models import NuisanceCase
    from verbinding.nuisance.selectors import recurrence_stats
    from verbinding.nuisance.worklist import NuisanceSource

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    out: dict[str, object] = {"database": connection.vendor}
    if not Household.objects.exists():
        start = time.perf_counter()
        seed_core(
            households=args.households,
            months=args.months,
            seed_value=1,
            today=TODAY,
            verbose=False,
            with_extensions=False,
        )
        out["core_seed_s"] = round(time.perf_counter() - start, 1)
    if not NuisanceCase.objects.exists():
        ctx = SeedContext(
            seed=1,
            household_count=Household.objects.count(),
            months=args.months,
            today=TODAY,
            verbose=False,
        )
        start = time.perf_counter()
        demo.seed(ctx)
        out["nuisance_seed_s"] = round(time.perf_counter() - start, 2)
    out["households"] = Household.objects.count()
    out["nuisance_cases"] = NuisanceCase.objects.count()
    advisors = list(User.objects.filter(role="advisor"))
    advisor = max(advisors, key=lambda u: households_for(user=u).count())
    ids = list(households_for(user=advisor).values_list("id", flat=True))
    out["advisor_households"] = len(ids)
    source = NuisanceSource()
    out["worklist_items"] = len(list(source.items(household_ids=ids, today=TODAY)))
    out["worklist_source"] = timed(
        lambda: list(source.items(household_ids=ids, today=TODAY)), args.requests
    )
    client = Client()
    client.force_login(advisor)
    with CaptureQueriesContext(connection) as q:
        client.get("/nuisance/")
    out["list_queries"] = len(q)
    out["list_page"] = timed(lambda: client.get("/nuisance/?show=all"), args.requests)
    case = NuisanceCase.objects.filter(case__household_id__in=ids).order_by("-id").first()
    if case is not None:
        with CaptureQueriesContext(connection) as q:
            client.get(f"/nuisance/{case.id}/")
        out["case_queries"] = len(q)
        out["case_page"] = timed(lambda: client.get(f"/nuisance/{case.id}/"), args.requests)
    out["recurrence_stats"] = timed(
        lambda: recurrence_stats(start=TODAY - dt.timedelta(days=730), end=TODAY), args.requests
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
