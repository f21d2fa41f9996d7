"""Demo contact histories: more home visits and phone calls than letters, failed attempts too."""

from __future__ import annotations

import datetime as dt
import random

from verbinding.cases.demo import at, household_facts
from verbinding.cases.models import Case
from verbinding.contacts.models import ContactMoment
from verbinding.demo.context import SeedContext

BATCH = 2000

CHANNELS = [("BEZ", 34), ("TEL", 34), ("BRI", 12), ("EMA", 6), ("APP", 7), ("SMS", 3), ("BAL", 4)]
OUTCOMES = {
    "BEZ": [
        ("spoke", 50),
        ("not_home", 15),
        ("card_left", 22),
        ("door_closed", 10),
        ("refused", 3),
    ],
    "TEL": [("spoke", 55), ("no_answer", 25), ("voicemail", 15), ("wrong_number", 5)],
    "BRI": [("sent", 100)],
    "EMA": [("sent", 100)],
    "APP": [("sent", 70), ("spoke", 30)],
    "SMS": [("sent", 100)],
    "BAL": [("spoke", 100)],
}
NOTES = {
    "spoke": [
        "Keukentafelgesprek gehad. Huurder schrok van het bedrag en wil het oplossen.",
        "Gesproken over inkomen en vaste lasten. Samen naar de post gekeken.",
        "Huurder vertelt over baanverlies; uitkering is aangevraagd.",
        "Afgesproken dat huurder de loonstrook stuurt.",
        "Huurder staat open voor hulp van de budgetcoach.",
        "Kort gesprek aan de deur, afspraak gemaakt voor volgende week.",
    ],
    "not_home": ["Niet thuis.", "Niemand thuis, buurvrouw zegt dat ze overdag werkt."],
    "card_left": ["Niet thuis, kaartje met telefoonnummer in de bus gedaan."],
    "door_closed": ["Er werd niet opengedaan, wel licht aan."],
    "refused": ["Huurder wilde nu niet praten."],
    "no_answer": ["Geen gehoor."],
    "voicemail": ["Voicemail ingesproken met verzoek om terug te bellen."],
    "wrong_number": ["Nummer klopt niet meer."],
    "sent": [
        "Brief met uitnodiging voor een gesprek.",
        "Herinnering gestuurd met telefoonnummer van de wijkadviseur.",
        "Bericht gestuurd: ik kom dinsdag langs.",
    ],
}
WORDS = [
    "Ik wist niet dat het zo hoog was opgelopen.",
    "Ik wil gewoon rust, ik wil hier blijven wonen.",
    "Mijn zus helpt me met de papieren.",
    "Ik durfde de brieven niet meer open te maken.",
]
AGREED = [
    "Huurder belt vrijdag met de budgetcoach.",
    "Over twee weken kom ik terug.",
    "Huurder maakt deze maand de huur over.",
]


def pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("contacts")
    cases_by_household: dict[int, list[tuple[int, int | None, dt.date, str]]] = {}
    for row in Case.objects.order_by("household_id", "id").values_list(
        "household_id", "id", "handler_id", "opened_on", "status"
    ):
        cases_by_household.setdefault(row[0], []).append(row[1:])
    facts = {f["household_id"]: f for f in household_facts(ctx)}
    fallback = [u.pk for u in ctx.advisors] or [None]
    rows: list[ContactMoment] = []
    for household_id in sorted(cases_by_household):
        advisors = facts.get(household_id, {}).get("advisors") or fallback
        for case_id, handler_id, opened_on, status in cases_by_household[household_id]:
            author = handler_id or advisors[0]
            if author is None:
                continue
            n = rng.randint(2, 8)
            span = max(1, (ctx.today - opened_on).days)
            days = sorted(rng.randrange(span + 1) for _ in range(n))
            for i, offset in enumerate(days):
                day = opened_on + dt.timedelta(days=offset)
                channel = pick(rng, CHANNELS)
                outcome = pick(rng, OUTCOMES[channel])
                reached = outcome == "spoke"
                last = i == len(days) - 1
                follow_up = None
                if last and status != "AFG" and rng.random() < 0.5:
                    follow_up = day + dt.timedelta(days=rng.choice([3, 7, 14, 21]))
                confidentiality = "INT"
                roll = rng.random()
                if reached and roll < 0.03:
                    confidentiality = "GEH"
                elif reached and roll < 0.08:
                    confidentiality = "VER"
                rows.append(
                    ContactMoment(
                        household_id=household_id,
                        case_id=case_id if rng.random() < 0.85 else None,
                        occurred_at=at(day, rng.randint(9, 17), rng.choice([0, 15, 30, 45])),
                        channel=channel,
                        direction="INK" if channel in ("BAL",) or rng.random() < 0.1 else "UIT",
                        outcome=outcome,
                        note=rng.choice(NOTES[outcome]),
                        tenant_words=rng.choice(WORDS) if reached and rng.random() < 0.3 else "",
                        agreed=rng.choice(AGREED) if reached and rng.random() < 0.4 else "",
                        follow_up_on=follow_up,
                        follow_up_done=bool(
                            follow_up and follow_up < ctx.today and rng.random() < 0.5
                        ),
                        confidentiality=confidentiality,
                        author_id=author if rng.random() < 0.9 else advisors[-1] or author,
                    )
                )
    ContactMoment.objects.bulk_create(rows, batch_size=BATCH)
    ctx.log(f"    {len(rows):,} contact moments")
