"""Demo letters: reminders (with the offer to pass on contact details) and some 14-dagenbrieven,
about half of them with a known receipt date (none while an arrangement is being kept). The texts
come from the current template versions."""

from __future__ import annotations

import datetime as dt

from verbinding.arrears.history import arrears_bulk
from verbinding.demo.context import SeedContext
from verbinding.households.models import Household, Tenancy
from verbinding.letters.services import LetterError, letter_record_receipt, letter_send


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("letters")
    if not ctx.advisors:
        return
    candidates = sorted(
        t for t, p in ctx.payment_profiles.items() if p in ("growing", "recurring", "partial")
    )
    arrears = arrears_bulk(candidates, today=ctx.today)
    limit = max(6, ctx.household_count // 100)
    chosen = [t for t in candidates if t in arrears][:limit]
    tenancies: dict[int, Tenancy] = {}
    households: dict[int, Household] = {}
    # In chunks: SQLite refuses a query whose IN-list expression tree is too deep.
    for start in range(0, len(chosen), 400):
        part = Tenancy.objects.select_related("unit").in_bulk(chosen[start : start + 400])
        tenancies.update(part)
        households.update(
            Household.objects.prefetch_related("members__person").in_bulk(
                [t.household_id for t in part.values()]
            )
        )
    advisor = ctx.advisors[0]
    count = 0
    for tid in chosen:
        t = tenancies[tid]
        household = households[t.household_id]
        arose = arrears[tid].arose_on or ctx.today
        reminder_on = min(arose + dt.timedelta(days=10), ctx.today)
        letter_send(
            household=household, tenancy=t, kind="reminder", actor=advisor, sent_on=reminder_on
        )
        count += 1
        if (ctx.today - arose).days > 40 and rng.random() < 0.6:
            sent = arose + dt.timedelta(days=35)
            try:
                letter = letter_send(
                    household=household,
                    tenancy=t,
                    kind="fourteen_day",
                    actor=advisor,
                    sent_on=sent,
                )
            except LetterError:  # nothing in default then, or an arrangement is being kept
                continue
            count += 1
            if rng.random() < 0.6:
                letter_record_receipt(
                    letter=letter,
                    received_on=sent + dt.timedelta(days=2),
                    evidence="Aangetekend verstuurd, track en trace",
                    actor=advisor,
                )
    ctx.log(f"    {count} letters")
