"""Demo vroegsignalering: debt-help evidence for households that had a reminder, one objection,
and the due signals exported once (with an outcome reported back for some)."""

from __future__ import annotations

import datetime as dt

from verbinding.demo.context import SeedContext
from verbinding.earlysignals.models import Evidence, Outcome, Signal
from verbinding.earlysignals.services import signals_export
from verbinding.letters.models import Letter


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("earlysignals")
    if not ctx.advisors:
        return
    advisor = ctx.advisors[0]
    reminders = list(
        Letter.objects.filter(kind="reminder").order_by("id").values_list("household_id", "sent_on")
    )
    evidence = []
    for i, (household_id, sent_on) in enumerate(reminders):
        evidence.append(
            Evidence(
                household_id=household_id,
                kind="debt_help",
                on=min(sent_on + dt.timedelta(days=3), ctx.today),
                note="Folder schuldhulp gegeven en nummer van de gemeente.",
                created_by=advisor,
            )
        )
        evidence.append(
            Evidence(
                household_id=household_id,
                kind="contact",
                on=min(sent_on + dt.timedelta(days=2), ctx.today),
                note="Gebeld, geen gehoor; kaartje in de bus.",
                created_by=advisor,
            )
        )
        if i == 1:  # one tenant objects to passing on the contact details
            evidence.append(
                Evidence(
                    household_id=household_id,
                    kind="objection",
                    on=min(sent_on + dt.timedelta(days=5), ctx.today),
                    note="Huurder belde: wil geen melding aan de gemeente.",
                    created_by=advisor,
                )
            )
    Evidence.objects.bulk_create(evidence, batch_size=2000)
    _content, count = signals_export(
        adapter="generic", file_format="json", actor=None, today=ctx.today
    )
    for signal in Signal.objects.order_by("id")[: max(1, count // 2)]:
        signal.outcome = rng.choice(list(Outcome.values))
        signal.outcome_on = ctx.today
        signal.save(update_fields=["outcome", "outcome_on"])
    ctx.log(f"    {len(evidence)} evidence rows, {count} signals exported")
