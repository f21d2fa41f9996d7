"""Demo data: nuisance cases for about 1.5 % of households per year.

Noise and neighbour quarrels are the most common kinds; reporters are mostly neighbours on the same
street, sometimes the police or the municipality. Most older cases are closed, about a third of
the quarrels went to mediation (two out of three resolved), and about one closed case in ten drew
a new report within 12 months and was reopened (a recurrence). Deterministic for ``ctx.seed``;
bulk inserts only.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.utils import timezone

from verbinding.accounts.models import User
from verbinding.cases.models import Case, CaseStatus
from verbinding.demo.context import SeedContext
from verbinding.households.models import Tenancy
from verbinding.nuisance import rules
from verbinding.nuisance.models import (
    Account,
    Incident,
    Invitation,
    Mediation,
    NuisanceCase,
    Party,
    Recurrence,
    Report,
    StepTaken,
)
from verbinding.vera import codes

RATE_PER_YEAR = 0.015
KINDS = [
    ("GEL", 34),
    ("RUZ", 24),
    ("VUI", 8),
    ("DIE", 7),
    ("STA", 5),
    ("PSY", 8),
    ("VER", 4),
    ("DRU", 4),
    ("HEN", 2),
    ("OVE", 4),
]
WHAT = {
    "GEL": [
        "Harde muziek tot na middernacht, ook doordeweeks.",
        "Bonken en schreeuwen boven ons, kinderen kunnen niet slapen.",
        "Wasmachine en stofzuiger midden in de nacht.",
        "Feest op het balkon tot 03:00 uur.",
    ],
    "RUZ": [
        "Buurman scheldt ons uit als we in de tuin zitten.",
        "Ruzie over de schutting; er zijn dreigende woorden gevallen.",
        "Auto staat steeds voor onze inrit, gesprek liep uit op ruzie.",
    ],
    "VUI": [
        "Vuilniszakken op de galerij, er komen ratten op af.",
        "Grofvuil staat al weken in het trappenhuis.",
    ],
    "DIE": [
        "Hond blaft urenlang als de bewoners weg zijn.",
        "Katten poepen in de zandbak van de kinderen.",
    ],
    "STA": ["Sterke sigarettenlucht komt via de ventilatie binnen.", "Rioollucht uit de berging."],
    "PSY": [
        "Bewoner roept 's nachts in het trappenhuis en klopt op deuren.",
        "Buurvrouw lijkt in de war, zet spullen voor andermans deur.",
    ],
    "VER": ["Veel aanloop van bezoekers die dronken in de portiek zitten."],
    "DRU": ["Veel kort bezoek aan de deur, ook 's nachts; vermoeden van handel."],
    "HEN": ["Zoete wietlucht en zoemende apparaten; ramen altijd afgeplakt."],
    "OVE": ["Brommers worden in de gang gerepareerd, olie op de vloer."],
}
ACCOUNTS = [
    "Wij hebben een baby die 's nachts huilt; de muziek staat nooit laat aan.",
    "Ik wist niet dat het zo gehoord werd. Ik wil best afspraken maken.",
    "De buren klagen over alles; zij maken zelf ook lawaai.",
    "Ik werk in ploegendienst, daarom draai ik soms 's nachts een was.",
    "Het was één keer een verjaardag. Verder is het hier rustig.",
    "Ik voel me niet gehoord door de corporatie, maar wil praten.",
]
FACTS = {
    "GEL": [
        "Harde bas gehoord in het trappenhuis om {t}.",
        "Muziek hoorbaar op de galerij om {t}.",
    ],
    "RUZ": [
        "Schreeuwen gehoord tussen de woningen om {t}.",
        "Politie ter plaatse na ruzie om {t}.",
    ],
    "VUI": ["Vuilniszakken aangetroffen op de galerij bij de voordeur."],
    "DIE": ["Hond blaft aanhoudend, 40 minuten lang gehoord bij huisbezoek."],
}
GENERAL_FACTS = [
    "Politie ter plaatse geweest na een melding om {t}.",
    "Overlast zelf waargenomen bij een huisbezoek om {t}.",
]
PLACES = ["trappenhuis", "galerij", "achtertuin", "balkon", "portiek", "slaapkamer", ""]
OUTCOMES = [("resolved", 45), ("partly", 20), ("not_resolved", 20), ("refused", 15)]


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


class _Builder:
    """Collects unsaved rows per table, linked through Python objects, then bulk-inserts them."""

    def __init__(self, ctx: SeedContext, rng: random.Random) -> None:
        self.ctx, self.rng, self.today = ctx, rng, ctx.today
        self.cases: list[Case] = []
        self.plans: list[dict[str, Any]] = []

    def plan_case(
        self, household_id: int, neighbours: list[int], handler: Any, opened: dt.date
    ) -> None:
        rng = self.rng
        kind = _pick(rng, KINDS)
        closed: dt.date | None = None
        age = (self.today - opened).days
        if age > 90 and rng.random() < 0.85:
            closed = min(opened + dt.timedelta(days=rng.randint(30, 150)), self.today)
        recur: dt.date | None = None
        if closed and rng.random() < 0.10:
            candidate = closed + dt.timedelta(days=rng.randint(20, 330))
            if candidate <= self.today:
                recur = candidate
        case = Case(
            household_id=household_id,
            kind=codes.ZAAKTYPE_PARENTS[kind],
            detail=kind,
            handler=handler,
            opened_on=opened,
            status="INB",
        )
        self.cases.append(case)
        self.plans.append(
            {
                "kind": kind,
                "opened": opened,
                "closed": closed,
                "recur": recur,
                "household_id": household_id,
                "reporters": rng.sample(neighbours, k=min(len(neighbours), rng.randint(1, 3))),
                "handler": handler,
            }
        )

    def save(self) -> int:
        rng, today = self.rng, self.today
        for case, plan in zip(self.cases, self.plans, strict=True):
            if plan["recur"]:
                case.status = "INB"
            elif plan["closed"]:
                case.status, case.closed_on = "AFG", plan["closed"]
            elif (today - plan["opened"]).days < 3:
                case.status = "AAN"
        Case.objects.bulk_create(self.cases, batch_size=1000)
        statuses: list[CaseStatus] = []
        ncs = [NuisanceCase(case=c) for c in self.cases]
        NuisanceCase.objects.bulk_create(ncs, batch_size=1000)
        parties: list[Party] = []
        party_plan: list[tuple[int, list[Party], Party]] = []
        for i, (case, plan) in enumerate(zip(self.cases, self.plans, strict=True)):
            statuses.append(CaseStatus(case=case, status="AAN", at=_at(plan["opened"], 9)))
            if case.status != "AAN":
                statuses.append(CaseStatus(case=case, status="INB", at=_at(plan["opened"], 14)))
            if plan["closed"]:
                statuses.append(CaseStatus(case=case, status="AFG", at=_at(plan["closed"])))
            if plan["recur"]:
                statuses.append(CaseStatus(case=case, status="INB", at=_at(plan["recur"], 11)))
            bek = Party(nuisance_case=ncs[i], role="BEK", household_id=plan["household_id"])
            bek.added_on = plan["opened"]
            reporters = [
                Party(
                    nuisance_case=ncs[i],
                    role="KLG",
                    household_id=h,
                    added_on=plan["opened"],
                )
                for h in plan["reporters"]
            ]
            if not reporters or rng.random() < 0.12:
                police = rng.random() < 0.6
                reporters.append(
                    Party(
                        nuisance_case=ncs[i],
                        role="MEL",
                        name="Wijkagent" if police else "Team handhaving",
                        organisation="Politie" if police else "Gemeente",
                        contact="0900-8844" if police else "14 0570",
                        added_on=plan["opened"],
                    )
                )
            parties += [bek, *reporters]
            party_plan.append((i, reporters, bek))
        CaseStatus.objects.bulk_create(statuses, batch_size=2000)
        Party.objects.bulk_create(parties, batch_size=2000)
        self._details(ncs, party_plan)
        return len(self.cases)

    def _details(self, ncs: list[NuisanceCase], party_plan: list[Any]) -> None:
        rng, today = self.rng, self.today
        reports: list[Report] = []
        accounts: list[Account] = []
        invitations: list[Invitation] = []
        incidents: list[Incident] = []
        steps: list[StepTaken] = []
        mediations: list[Mediation] = []
        recurrences: list[tuple[NuisanceCase, Report, dt.date]] = []
        for i, reporters, bek in party_plan:
            plan, nc = self.plans[i], ncs[i]
            kind, opened, handler = plan["kind"], plan["opened"], plan["handler"]
            end = plan["closed"] or today
            talked = rng.choice(["yes", "no", "no", "unsafe"])
            recent = (today - opened).days < 7
            for n, reporter in enumerate(reporters):
                received = min(opened + dt.timedelta(days=n * rng.randint(0, 10)), end)
                reports.append(
                    Report(
                        nuisance_case=nc,
                        reporter=reporter,
                        source="tenant" if reporter.role == "KLG" else "police",
                        channel=rng.choice(["TEL", "TEL", "EMA", "BAL", "INT"]),
                        received_on=received,
                        occurred_on=received - dt.timedelta(days=rng.randint(0, 5)),
                        occurred_time=dt.time(rng.choice([21, 22, 23, 0, 1, 2]), 0),
                        place=rng.choice(PLACES),
                        what_happened=rng.choice(WHAT[kind]),
                        frequency=rng.choice(["sometimes", "weekly", "weekly", "daily"]),
                        talked_to_neighbour=talked,
                        acknowledged_on=None if recent else received + dt.timedelta(days=1),
                        entered_by=handler,
                    )
                )
            if recent:
                continue
            invited = opened + dt.timedelta(days=rng.randint(2, 7))
            if invited <= end:
                invitations.append(
                    Invitation(party=bek, sent_on=invited, channel="BRI", sent_by=handler)
                )
            heard_on = invited + dt.timedelta(days=rng.randint(3, 20))
            heard = heard_on <= end and rng.random() < 0.85
            if not heard and (today - invited).days > 20 and not plan["closed"]:
                invitations.append(
                    Invitation(
                        party=bek,
                        sent_on=invited + dt.timedelta(days=15),
                        channel="BEZ",
                        note="Kaartje in de bus.",
                        sent_by=handler,
                    )
                )
            if heard:
                accounts.append(
                    Account(
                        party=bek,
                        heard_on=heard_on,
                        words=rng.choice(ACCOUNTS),
                        recorded_by=handler,
                    )
                )
                steps.append(
                    StepTaken(
                        nuisance_case=nc,
                        step="talk",
                        party=bek,
                        taken_on=heard_on,
                        reason="Beide kanten horen.",
                        suggested="talk",
                        by=handler,
                        # Open cases have a check-in planned: some are due today or overdue.
                        follow_up_on=None
                        if plan["closed"]
                        else max(heard_on, today) + dt.timedelta(days=rng.randint(-10, 25)),
                    )
                )
            if talked == "no" and kind in rules.MEDIABLE_KINDS:
                steps.append(
                    StepTaken(
                        nuisance_case=nc,
                        step="own",
                        taken_on=opened + dt.timedelta(days=1),
                        reason="Melder gaat eerst zelf in gesprek.",
                        suggested="own",
                        by=handler,
                    )
                )
            for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
                day = opened + dt.timedelta(days=rng.randint(0, max((end - opened).days, 0)))
                incidents.append(
                    Incident(
                        nuisance_case=nc,
                        occurred_on=day,
                        occurred_time=dt.time(rng.choice([22, 23, 0, 1]), rng.choice([0, 15, 30])),
                        fact=rng.choice(FACTS.get(kind, GENERAL_FACTS)).format(
                            t=f"{rng.choice([22, 23, 0, 1]):02d}:30"
                        ),
                        observer_kind=rng.choice(["reporter", "staff", "police"]),
                        recorded_by=handler,
                    )
                )
            if heard and kind in rules.MEDIABLE_KINDS and rng.random() < 0.4:
                referred = heard_on + dt.timedelta(days=rng.randint(3, 14))
                if referred <= end:
                    done = (today - referred).days > 42 or plan["closed"]
                    outcome = _pick(rng, OUTCOMES) if done else ""
                    mediations.append(
                        Mediation(
                            nuisance_case=nc,
                            referred_on=referred,
                            organisation="Buurtbemiddeling",
                            outcome=outcome,
                            outcome_on=min(referred + dt.timedelta(days=42), end) if done else None,
                            referred_by=handler,
                        )
                    )
                    steps.append(
                        StepTaken(
                            nuisance_case=nc,
                            step="mediation",
                            taken_on=referred,
                            reason="Burenruzie; beide kanten gehoord.",
                            suggested="mediation",
                            follow_up_on=referred + dt.timedelta(days=42),
                            follow_up_done=bool(outcome),
                            by=handler,
                        )
                    )
                    if outcome in ("not_resolved", "refused"):
                        steps.append(
                            StepTaken(
                                nuisance_case=nc,
                                step="warning",
                                taken_on=min(referred + dt.timedelta(days=50), end),
                                reason="Bemiddeling hielp niet; overlast gaat door.",
                                suggested="warning",
                                by=handler,
                            )
                        )
            if kind in rules.CARE_FIRST_KINDS | rules.CRIMINAL_KINDS:
                steps.append(
                    StepTaken(
                        nuisance_case=nc,
                        step="care",
                        taken_on=min(opened + dt.timedelta(days=14), end),
                        reason="Casusoverleg met zorgpartner, politie en gemeente.",
                        suggested="care",
                        by=handler,
                        follow_up_on=None
                        if plan["closed"]
                        else today + dt.timedelta(days=rng.randint(-7, 21)),
                    )
                )
            if plan["recur"]:
                reporter = reporters[0]
                report = Report(
                    nuisance_case=nc,
                    reporter=reporter,
                    source="tenant",
                    channel="TEL",
                    received_on=plan["recur"],
                    occurred_on=plan["recur"],
                    what_happened=rng.choice(WHAT[kind]),
                    frequency="weekly",
                    talked_to_neighbour="yes",
                    acknowledged_on=None if (today - plan["recur"]).days < 7 else plan["recur"],
                    entered_by=handler,
                )
                reports.append(report)
                recurrences.append((nc, report, plan["closed"]))
        Report.objects.bulk_create(reports, batch_size=2000)
        Account.objects.bulk_create(accounts, batch_size=2000)
        Invitation.objects.bulk_create(invitations, batch_size=2000)
        Incident.objects.bulk_create(incidents, batch_size=2000)
        StepTaken.objects.bulk_create(steps, batch_size=2000)
        Mediation.objects.bulk_create(mediations, batch_size=2000)
        Recurrence.objects.bulk_create(
            [
                Recurrence(
                    nuisance_case=nc,
                    previous=nc,
                    report=report,
                    action="reopened",
                    previous_closed_on=closed,
                    detected_on=report.received_on,
                )
                for nc, report, closed in recurrences
            ],
            batch_size=2000,
        )
        self.ctx.log(
            f"    nuisance: {len(reports):,} reports, {len(mediations):,} mediations, "
            f"{len(recurrences):,} recurrences"
        )


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("nuisance")
    rows = list(
        Tenancy.objects.filter(status__in=codes.ACTIVE_TENANCY_STATUSES)
        .order_by("id")
        .values_list("household_id", "unit__street", "unit__city", "unit__neighbourhood_id")
    )
    if not rows:
        return
    by_street: dict[tuple[str, str], list[int]] = defaultdict(list)
    for household_id, street, city, _n in rows:
        by_street[(street, city)].append(household_id)
    through = User.neighbourhoods.through.objects.filter(user__role="advisor").order_by("id")
    advisors: dict[int, list[int]] = defaultdict(list)
    for user_id, neighbourhood_id in through.values_list("user_id", "neighbourhood_id"):
        advisors[neighbourhood_id].append(user_id)
    users = {u.id: u for u in User.objects.filter(role="advisor")}
    fallback = ctx.advisors[0] if ctx.advisors else next(iter(users.values()), None)
    if fallback is None:
        return
    years = min(ctx.months, 36) / 12
    count = max(1, round(ctx.household_count * RATE_PER_YEAR * years))
    chosen = rng.sample(rows, k=min(count, len(rows)))
    builder = _Builder(ctx, rng)
    for household_id, street, city, neighbourhood_id in chosen:
        neighbours = [h for h in by_street[(street, city)] if h != household_id]
        neighbours = rng.sample(neighbours, k=min(len(neighbours), 6))
        pool = advisors.get(neighbourhood_id) or []
        handler = users.get(pool[0]) if pool else fallback
        opened = ctx.today - dt.timedelta(days=rng.randint(0, int(years * 365)))
        builder.plan_case(household_id, neighbours, handler or fallback, opened)
    made = builder.save()
    ctx.log(f"    nuisance: {made:,} cases")
