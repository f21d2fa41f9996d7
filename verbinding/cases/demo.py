"""Demo cases: rent-arrears cases for households with an arrears profile, a few social cases.

Deterministic for ``ctx.seed``; bulk inserts; scales with the number of tenancies.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from verbinding.cases.models import Case, CaseStatus
from verbinding.demo.context import SeedContext
from verbinding.households.models import Tenancy

TZ = ZoneInfo("Europe/Amsterdam")
BATCH = 2000

# profile -> (share of households that have an arrears case, status of that case)
ARREARS_CASES: dict[str, tuple[float, str]] = {
    "growing": (0.95, "INB"),
    "recurring": (0.9, "INB"),
    "partial": (0.45, "INB"),
    "storno": (0.3, "AAN"),
    "late": (0.15, "AAN"),
    "episode": (0.6, "AFG"),  # arrears cleared: the case is completed
}
SOCIAL_SHARE = 0.015
SOCIAL_DETAILS = ["RUZ", "GEL", "PSY", "VUI", "VER", "AGR"]
SUMMARIES = {
    "HUA": ["Huurachterstand, huisbezoek nodig", "Achterstand loopt op", "Huur niet betaald"],
    "BET": ["Betalingsregeling loopt", "Regeling afgesproken aan de keukentafel"],
    "RUZ": ["Burenruzie over parkeren", "Onenigheid met bovenburen"],
    "GEL": ["Klachten over harde muziek 's nachts"],
    "PSY": ["Zorgen over welzijn, contact met wijkteam"],
    "VUI": ["Vervuiling in en om de woning"],
    "VER": ["Vermoeden verslaving, zorg ingeschakeld"],
    "AGR": ["Dreigend gedrag naar buren"],
}
PATHS = {"AAN": ["AAN"], "INB": ["AAN", "INB"], "AFG": ["AAN", "INB", "AFG"]}


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def household_facts(ctx: SeedContext) -> list[dict[str, Any]]:
    """Every active tenancy's household with its profile and the advisors of its neighbourhood."""
    from verbinding.accounts.models import User

    by_neighbourhood: dict[int, list[int]] = defaultdict(list)
    through = User.neighbourhoods.through
    for user_id, neighbourhood_id in (
        through.objects.filter(user__role="advisor", user__is_active=True)
        .values_list("user_id", "neighbourhood_id")
        .order_by("neighbourhood_id", "user_id")
    ):
        by_neighbourhood[neighbourhood_id].append(user_id)
    rows = (
        Tenancy.objects.filter(id__in=list(ctx.payment_profiles), status__in=("LOP", "OPG"))
        .order_by("household_id", "id")
        .values_list("id", "household_id", "unit__neighbourhood_id")
    )
    facts: dict[int, dict[str, Any]] = {}
    for tenancy_id, household_id, neighbourhood_id in rows:
        facts.setdefault(
            household_id,
            {
                "household_id": household_id,
                "profile": ctx.payment_profiles[tenancy_id],
                "advisors": by_neighbourhood.get(neighbourhood_id, []),
            },
        )
    return list(facts.values())


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("cases")
    cases: list[Case] = []
    paths: list[list[str]] = []
    for fact in household_facts(ctx):
        advisors = fact["advisors"]
        handler = advisors[rng.randrange(len(advisors))] if advisors else None
        share, status = ARREARS_CASES.get(fact["profile"], (0.0, "AAN"))
        wanted: list[tuple[str, str]] = []
        if rng.random() < share:
            wanted.append(("HUA", status))
            if status == "INB" and rng.random() < 0.35:
                wanted.append(("BET", "INB"))
        if rng.random() < SOCIAL_SHARE:
            wanted.append((SOCIAL_DETAILS[rng.randrange(len(SOCIAL_DETAILS))], "INB"))
        for detail, case_status in wanted:
            opened = ctx.today - dt.timedelta(days=rng.randint(10, 150))
            closed = None
            if case_status == "AFG":
                closed = min(ctx.today, opened + dt.timedelta(days=rng.randint(20, 90)))
            options = SUMMARIES[detail]
            cases.append(
                Case(
                    household_id=fact["household_id"],
                    kind="FIN" if detail in ("HUA", "BET") else "SOC",
                    detail=detail,
                    handler_id=handler,
                    summary=options[rng.randrange(len(options))],
                    status=case_status,
                    opened_on=opened,
                    closed_on=closed,
                )
            )
            paths.append(PATHS[case_status])
    created = Case.objects.bulk_create(cases, batch_size=BATCH)
    history: list[CaseStatus] = []
    for case, path in zip(created, paths, strict=True):
        end = case.closed_on or ctx.today
        span = max(1, (end - case.opened_on).days)
        for i, status in enumerate(path):
            day = case.opened_on + dt.timedelta(days=span * i // max(1, len(path)))
            if status == "AFG" and case.closed_on:
                day = case.closed_on
            history.append(
                CaseStatus(case=case, status=status, at=at(day, 9 + i), by_id=case.handler_id)
            )
    CaseStatus.objects.bulk_create(history, batch_size=BATCH)
    ctx.log(f"    {len(created):,} cases")
