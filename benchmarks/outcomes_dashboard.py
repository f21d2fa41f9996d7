"""Server time of the outcomes dashboard on the 100,000-household benchmark association.

    VERBINDING_VAR_DIR=/tmp/outcomes-bench .venv/bin/verbinding migrate
    VERBINDING_VAR_DIR=/tmp/outcomes-bench .venv/bin/verbinding seed --households 100000 --months 24 --seed 2026
    VERBINDING_VAR_DIR=/tmp/outcomes-bench .venv/bin/python benchmarks/outcomes_dashboard.py

Times ~20 requests of /outcomes/ with the Django test client (server time only: no network, no
browser), as a manager (whole association) and as a team lead (their team), and prints p50/p95.
Also times ``verbinding outcomes_refresh`` (the nightly recompute of month-end balances).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from verbinding.accounts.models import User  # noqa: E402
from verbinding.households.models import Household  # noqa: E402
from verbinding.ledger.models import LedgerEntry  # noqa: E402
from verbinding.outcomes.ledger_months import refresh  # noqa: E402

REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 20


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_page(user: User, label: str) -> None:
    client = Client()
    client.force_login(user)
    client.get("/outcomes/")  # warm-up
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get("/outcomes/")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get("/outcomes/")
    print(
        f"{label:<28} p50 {statistics.median(times):7.0f} ms  p95 {pct(times, 0.95):7.0f} ms  "
        f"max {max(times):7.0f} ms  queries {len(queries)}"
    )


def main() -> None:
    print(
        f"database: {connection.vendor}, households {Household.objects.count():,}, "
        f"ledger rows {LedgerEntry.objects.count():,}"
    )
    run = refresh()
    print(f"outcomes_refresh: {run.rows:,} month-end balances in {run.seconds} s")
    time_page(User.objects.filter(role="manager").first(), "manager, whole association")
    lead = User.objects.filter(role="team_lead", team__isnull=False).first()
    time_page(lead, "team lead, own team")


if __name__ == "__main__":
    main()
