"""Demo joint plans for about half of the households with an open arrears case."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from verbinding.cases.demo import at
from verbinding.cases.models import Case
from verbinding.demo.context import SeedContext
from verbinding.network.models import NetworkMember
from verbinding.plans.models import Agreement, AgreementStatus, Goal, Plan

BATCH = 2000
SHARE_WITH_PLAN = 0.5
GOALS = [
    "Ik wil hier blijven wonen met de kinderen.",
    "Ik wil weer overzicht over mijn geld.",
    "Geen brieven meer van de deurwaarder.",
    "Rust in mijn hoofd.",
    "Elke maand de huur op tijd betalen.",
]
TENANT = [
    "Huur elke maand op de 1e overmaken",
    "Loonstrook en bankafschriften opsturen",
    "Toeslagen aanvragen met hulp",
    "Post elke week samen openen",
]
ADVISOR = ["Betalingsregeling voorstellen", "Budgetcoach bellen", "Terugkomen voor gesprek"]
NETWORK = ["Helpt met de papieren", "Gaat mee naar de afspraak bij de gemeente"]
AGENCY = ["Budgetplan maken", "Aanmelding schuldhulpverlening afronden"]


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("plans")
    open_cases = (
        Case.objects.filter(detail="HUA", status__in=("AAN", "INB"), handler__isnull=False)
        .order_by("household_id", "id")
        .values_list("household_id", "handler_id", "opened_on")
    )
    first: dict[int, tuple[int, dt.date]] = {}
    for household_id, handler_id, opened_on in open_cases:
        first.setdefault(household_id, (handler_id, opened_on))
    members: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for mid, hid, name, category in (
        NetworkMember.objects.filter(household_id__in=list(first))
        .values_list("id", "household_id", "name", "category")
        .order_by("id")
    ):
        members[hid].append((mid, name, category))
    chosen = [h for h in sorted(first) if rng.random() < SHARE_WITH_PLAN]
    plans = Plan.objects.bulk_create(
        [Plan(household_id=h, advisor_id=first[h][0], created_by_id=first[h][0]) for h in chosen],
        batch_size=BATCH,
    )
    goals: list[Goal] = []
    agreements: list[Agreement] = []
    for plan in plans:
        advisor = plan.advisor_id
        for text in rng.sample(GOALS, rng.randint(1, 2)):
            goals.append(Goal(plan=plan, text=text, created_by_id=advisor))
        due = lambda: ctx.today + dt.timedelta(days=rng.randint(-25, 40))  # noqa: E731
        agreements.append(
            Agreement(
                plan=plan,
                what=rng.choice(TENANT),
                owner_kind="tenant",
                due_on=due(),
                created_by_id=advisor,
            )
        )
        agreements.append(
            Agreement(
                plan=plan,
                what=rng.choice(ADVISOR),
                owner_kind="advisor",
                owner_user_id=advisor,
                due_on=due(),
                created_by_id=advisor,
            )
        )
        people = members.get(plan.household_id, [])
        if people and rng.random() < 0.6:
            mid, name, category = rng.choice(people)
            pro = category == "professionals"
            agreements.append(
                Agreement(
                    plan=plan,
                    what=rng.choice(AGENCY if pro else NETWORK),
                    owner_kind="agency" if pro else "network",
                    owner_member_id=mid,
                    owner_name=name,
                    due_on=due(),
                    created_by_id=advisor,
                )
            )
    Goal.objects.bulk_create(goals, batch_size=BATCH)
    created = Agreement.objects.bulk_create(agreements, batch_size=BATCH)
    history: list[AgreementStatus] = []
    updates: list[Agreement] = []
    for a in created:
        start = min(ctx.today, (a.due_on or ctx.today) - dt.timedelta(days=30))
        history.append(
            AgreementStatus(agreement=a, status="open", at=at(start), by_id=a.created_by_id)
        )
        if a.due_on and a.due_on < ctx.today and rng.random() < 0.6:
            status = "done" if rng.random() < 0.8 else "not_done"
            history.append(
                AgreementStatus(
                    agreement=a, status=status, at=at(a.due_on, 15), by_id=a.created_by_id
                )
            )
            a.status = status
            updates.append(a)
    AgreementStatus.objects.bulk_create(history, batch_size=BATCH)
    Agreement.objects.bulk_update(updates, ["status"], batch_size=BATCH)
    ctx.log(f"    {len(plans):,} plans, {len(created):,} agreements")
