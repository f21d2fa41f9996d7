"""Demo appreciation answers: about a third of the contacts where the tenant was reached get a
grade. Personal contact is rated somewhat higher (around 7.9) than letters and e-mail (around
7.2), with a realistic spread; a few tenants give their name or a short comment."""

from __future__ import annotations

import datetime as dt

from verbinding.contacts.models import ContactMoment
from verbinding.demo.context import SeedContext
from verbinding.feedback.models import Appreciation, Via
from verbinding.feedback.services import RATEABLE_OUTCOMES
from verbinding.vera import codes

COMMENTS = [
    "Fijn dat u gewoon langskwam.",
    "Duidelijke afspraken, dank u.",
    "Ik voelde me gehoord.",
    "Had liever eerder contact gehad.",
    "De brief was moeilijk te begrijpen.",
    "Prettig gesprek aan de keukentafel.",
    "Snel geholpen.",
]


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("feedback")
    rows: list[Appreciation] = []
    contacts = (
        ContactMoment.objects.filter(outcome__in=RATEABLE_OUTCOMES)
        .order_by("id")
        .values_list("id", "channel", "occurred_at")
        .iterator(chunk_size=5000)
    )
    for contact_id, channel, occurred_at in contacts:
        if rng.random() > 0.35:
            continue
        personal = channel in codes.PERSONAL_CHANNELS
        grade = round(rng.gauss(7.9 if personal else 7.2, 1.1 if personal else 1.4))
        kitchen = personal and channel == "BEZ" and rng.random() < 0.6
        rows.append(
            Appreciation(
                contact_id=contact_id,
                channel=channel,
                grade=min(10, max(1, grade)),
                comment=rng.choice(COMMENTS) if rng.random() < 0.15 else "",
                via=Via.KITCHEN if kitchen else Via.LINK,
                named=rng.random() < 0.1,
                answered_at=occurred_at
                + dt.timedelta(minutes=10 if kitchen else rng.randint(60, 14 * 24 * 60)),
            )
        )
        if len(rows) >= 5000:
            Appreciation.objects.bulk_create(rows)
            rows = []
    Appreciation.objects.bulk_create(rows)
    ctx.log(f"  feedback: {Appreciation.objects.count()} appreciation answers")
