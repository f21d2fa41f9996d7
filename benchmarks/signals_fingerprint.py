"""A fingerprint of the derived arrears tables, to prove a faster recompute gives the same result.

    VERBINDING_VAR_DIR=/tmp/perfdata-var .venv/bin/python benchmarks/signals_fingerprint.py \\
        --today 2026-12-02 --today 2026-11-26 [--dump /tmp/fp]

For each ``--today``: empties the derived tables, runs the full recompute for that day, then the
nightly case (a full run for the next day on top of it), and prints the row counts and a SHA-256
of every arrears state (``TenancyArrears``) and signal (``ArrearsSignal``) after each run, sorted
by tenancy. ``--dump DIR`` also writes the rows as text (one file per run) for ``diff``. Run it
before and after a change to the recompute: the hashes must be equal. It leaves the derived
tables as the last run wrote them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--today", type=dt.date.fromisoformat, action="append", required=True)
    parser.add_argument("--dump", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verbinding.settings")
    import django

    django.setup()
    from verbinding.arrears import services
    from verbinding.arrears.compute import STATE_FIELDS
    from verbinding.arrears.models import ArrearsSignal, SignalRun, TenancyArrears

    def fingerprint(label: str) -> dict[str, object]:
        digest = hashlib.sha256()
        lines: list[str] = []
        states = TenancyArrears.objects.order_by("tenancy_id").values_list(
            "tenancy_id", *STATE_FIELDS, "computed_on"
        )
        for row in states.iterator(chunk_size=5000):
            lines.append("S " + "|".join(str(v) for v in row))
        signals = ArrearsSignal.objects.order_by("tenancy_id", "kind").values_list(
            "tenancy_id", "household_id", "kind", "started_on", "params"
        )
        for tid, hid, kind, started, params in signals.iterator(chunk_size=5000):
            lines.append(f"G {tid}|{hid}|{kind}|{started}|{json.dumps(params, sort_keys=True)}")
        for line in lines:
            digest.update(line.encode() + b"\n")
        if args.dump is not None:
            args.dump.mkdir(parents=True, exist_ok=True)
            (args.dump / f"{label}.txt").write_text("\n".join(lines) + "\n")
        return {
            "states": TenancyArrears.objects.count(),
            "in_arrears": TenancyArrears.objects.filter(arrears_cents__gt=0).count(),
            "signals": ArrearsSignal.objects.count(),
            "sha256": digest.hexdigest()[:16],
        }

    result: dict[str, object] = {}
    for day in args.today:
        ArrearsSignal.objects.all().delete()
        TenancyArrears.objects.all().delete()
        SignalRun.objects.all().delete()
        started = time.perf_counter()
        services.recompute(today=day)
        seconds = time.perf_counter() - started
        result[f"{day}"] = {**fingerprint(f"{day}"), "seconds": round(seconds, 2)}
        nightly = day + dt.timedelta(days=1)
        started = time.perf_counter()
        services.recompute(today=nightly)
        seconds = time.perf_counter() - started
        result[f"{day}+1"] = {**fingerprint(f"{day}+1"), "seconds": round(seconds, 2)}
        print(json.dumps({str(k): v for k, v in result.items()}), file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
