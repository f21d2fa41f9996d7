"""Demo escalations: bailiff handovers and court starts for households whose arrears grew, some
judgments, most evictions avoided (domain.md §1: 3 of 4 after judgment), about one in four
carried out; and past arrears episodes where the bailiff or the court case was withdrawn once the
debt was paid.

Everything goes through the services, so the guardrails, the arrears at the time and the audit
rows hold. For most households the advisor first completes the file (a home visit, an arrangement
offered, a 14-dagenbrief received and expired, through those apps' services); for the rest the
neighbourhood's team lead goes ahead with a reason, as a team lead may; those steps show in the
override report.

Timeline (days after the arrears arose, domain.md §1): handover to the bailiff ~50, court
summons ~2-3 weeks later, judgment ~4-7 weeks after that, eviction ~2-3 weeks after judgment.
An eviction carried out ends the tenancy (status ONT, as the ERP's register import would).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from verbinding.accounts.models import Team, User
from verbinding.arrangements.services import arrangement_offer_record
from verbinding.arrears.history import arrears_bulk, arrears_for
from verbinding.contacts.services import contact_record
from verbinding.demo.context import SeedContext
from verbinding.earlysignals.services import evidence_record, signals_export
from verbinding.escalation import rules, services
from verbinding.escalation.models import Escalation, LegalOutcomeKind
from verbinding.escalation.selectors import guardrail_facts
from verbinding.households.models import Tenancy
from verbinding.ledger.models import LedgerEntry
from verbinding.letters.services import LetterError, letter_record_receipt, letter_send

CALLED_OFF = LegalOutcomeKind.EVICTION_CALLED_OFF
CHUNK = 400
COMPLETE_FILE = 0.85  # the share of handovers whose file is complete (the rest: an override)  # SQLite refuses a query whose IN-list expression tree is too deep
OVERRIDE = "Dossier staat in het ERP; bezoek en brieven daar vastgelegd (demo)."
EXECUTED_SHARE = 0.25  # of the evictions decided after a dissolution judgment (domain.md §1)
CALLED_OFF_NOTES = [
    "Schuld betaald met hulp van schuldhulpverlening.",
    "Betalingsregeling na vonnis; ontruiming opgeschort.",
    "Gemeente staat garant voor de achterstand.",
]


@dataclass
class Plan:
    tenancy_id: int
    handover_on: dt.date
    reason: str
    start_reason: str = "ACH"
    court_on: dt.date | None = None
    # (kind, date, note) after the court start (or after the handover when there is no court)
    outcomes: list[tuple[str, dt.date, str]] = field(default_factory=list)


def _days(rng: random.Random, low: int, high: int) -> dt.timedelta:
    return dt.timedelta(days=rng.randint(low, high))


def _month_start(day: dt.date, back: int) -> dt.date:
    index = day.year * 12 + day.month - 1 - back
    return dt.date(index // 12, index % 12 + 1, 1)


def _growing(ctx: SeedContext, rng: random.Random, limit: int) -> list[Plan]:
    """Tenants who stopped paying: the longest arrears go furthest."""
    ids = sorted(t for t, p in ctx.payment_profiles.items() if p == "growing")
    facts = arrears_bulk(ids, today=ctx.today)
    rent = _rents(ids)
    plans: list[Plan] = []
    # The longest arrears first: they went furthest.
    ids = sorted(
        (t for t in ids if t in facts and facts[t].arose_on is not None),
        key=lambda t: (facts[t].arose_on, t),
    )
    for tid in ids:
        fact = facts[tid]
        if fact.arose_on is None or fact.arrears_cents < 2 * rent[tid]:
            continue
        handover = fact.arose_on + _days(rng, 45, 55)
        if handover > ctx.today - dt.timedelta(days=2) or rng.random() >= 0.7:
            continue
        plan = Plan(
            tid,
            handover,
            "Huurachterstand loopt op, geen reactie op brieven en bezoek (demo).",
            start_reason="RNN" if rng.random() < 0.2 else "ACH",
        )
        # The court start waits for the court threshold where the arrears reach it in time;
        # otherwise the team lead goes ahead earlier, with a reason (an override in the report).
        soon = handover + _days(rng, 14, 21)
        court = _court_day(tid, soon, ctx.today - dt.timedelta(days=50))
        if court is None and fact.arrears_cents >= 3 * rent[tid] and soon <= ctx.today:
            court = soon
        if court is not None and rng.random() < 0.8:
            plan.court_on = court
            judgment = court + _days(rng, 28, 49)
            if judgment < ctx.today:
                if rng.random() < 0.15:
                    plan.outcomes.append(
                        (LegalOutcomeKind.PAYMENT_JUDGMENT, judgment, "Veroordeeld tot betalen.")
                    )
                else:
                    plan.outcomes.append(
                        (LegalOutcomeKind.DISSOLUTION, judgment, "Ontbinding en ontruiming.")
                    )
                    after = judgment + _days(rng, 14, 21)
                    if after <= ctx.today:  # carried out or called off: decided in seed()
                        plan.outcomes.append((LegalOutcomeKind.EVICTION_CALLED_OFF, after, ""))
        plans.append(plan)
        if len(plans) >= limit:
            break
    return plans


def _court_day(tenancy_id: int, earliest: dt.date, last: dt.date) -> dt.date | None:
    """The first day from ``earliest`` (looking a few months on) on which the arrears are above
    the court threshold, more than 3 months' rent (docs/law.md); None when not before ``last``."""
    day = earliest
    while day <= min(last, earliest + dt.timedelta(days=150)):
        if arrears_for(tenancy_id, today=day).terms > 3:
            return day
        day += dt.timedelta(days=7)
    return None


def _episodes(ctx: SeedContext, rng: random.Random, limit: int) -> list[Plan]:
    """Past arrears of two or three months that were paid in one go: the bailiff or the court
    case was withdrawn, or the eviction called off after the judgment."""
    ids = sorted(t for t, p in ctx.payment_profiles.items() if p in ("episode", "recurring"))
    rent = _rents(ids)
    catch_up: dict[int, tuple[dt.date, int]] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        rows = (
            LedgerEntry.objects.filter(tenancy_id__in=part, amount_cents__lt=0)
            .order_by("tenancy_id", "booked_on")
            .values_list("tenancy_id", "booked_on", "amount_cents")
        )
        for tid, day, cents in rows:
            months = round(-cents / rent[tid]) - 1 if rent[tid] else 0
            if months >= 2 and tid not in catch_up:
                catch_up[tid] = (day, months)
    plans: list[Plan] = []
    for tid in ids:
        if tid not in catch_up or rng.random() >= 0.5:
            continue
        paid_on, months = catch_up[tid]
        arose = _month_start(paid_on, months + 1)
        handover = arose + _days(rng, 45, 55)
        if handover >= paid_on - dt.timedelta(days=3):
            continue
        plan = Plan(tid, handover, "Twee maanden achterstand, geen afspraak gemaakt (demo).")
        court = _court_day(tid, handover + _days(rng, 14, 21), paid_on - dt.timedelta(days=1))
        judgment = (court or paid_on) + _days(rng, 28, 35)
        if court is not None and rng.random() < 0.6:
            plan.court_on = court
            if judgment < paid_on:
                plan.outcomes += [
                    (LegalOutcomeKind.DISSOLUTION, judgment, "Ontbinding en ontruiming."),
                    (LegalOutcomeKind.EVICTION_CALLED_OFF, paid_on, "Hele achterstand betaald."),
                ]
            else:
                plan.outcomes.append(
                    (LegalOutcomeKind.WITHDRAWN, paid_on, "Betaald voor de zitting; ingetrokken.")
                )
        else:
            plan.outcomes.append(
                (LegalOutcomeKind.WITHDRAWN, paid_on, "Achterstand betaald; dossier teruggehaald.")
            )
        plans.append(plan)
        if len(plans) >= limit:
            break
    return plans


def _rents(ids: list[int]) -> dict[int, int]:
    rent: dict[int, int] = {}
    for start in range(0, len(ids), CHUNK):
        rent.update(
            Tenancy.objects.filter(id__in=ids[start : start + CHUNK]).values_list(
                "id", "rent_cents"
            )
        )
    return rent


def _leads(ctx: SeedContext) -> dict[int, Any]:
    """The team lead for each neighbourhood."""
    by_team = {u.team_id: u for u in ctx.team_leads}
    return {
        hood: by_team[team]
        for team, hood in Team.objects.filter(id__in=list(by_team)).values_list(
            "id", "neighbourhoods"
        )
        if hood is not None
    }


def _advisors(ctx: SeedContext) -> dict[int, Any]:
    """An advisor for each neighbourhood (the first one assigned)."""
    by_id = {u.id: u for u in ctx.advisors}
    out: dict[int, Any] = {}
    for user_id, hood in User.objects.filter(id__in=list(by_id)).values_list(
        "id", "neighbourhoods"
    ):
        if hood is not None:
            out.setdefault(hood, by_id[user_id])
    return out


def _prepare_file(rng: random.Random, plan: Plan, tenancy: Tenancy, advisor: Any) -> None:
    """Most advisors complete the file before the bailiff: a home visit, an arrangement offered,
    a 14-dagenbrief with a receipt date whose term has expired (the guardrails)."""
    household = tenancy.household
    missing = rules.missing(
        guardrail_facts(household=household, tenancy=tenancy, today=plan.handover_on),
        plan.handover_on,
    )
    if rules.HOME_VISIT in missing:
        at = dt.datetime.combine(plan.handover_on - _days(rng, 20, 30), dt.time(10, 30))
        contact_record(
            household=household,
            channel="BEZ",
            outcome=rng.choice(["spoke", "not_home", "card_left"]),
            actor=advisor,
            occurred_at=timezone.make_aware(at),
            note="Huisbezoek over de huurachterstand (demo).",
        )
    if rules.ARRANGEMENT_OFFERED in missing:
        arrangement_offer_record(
            household=household,
            offered_on=plan.handover_on - _days(rng, 15, 19),
            channel="BEZ",
            actor=advisor,
            terms="6 termijnen bovenop de huur (demo).",
            response="declined",
            note="Regeling aangeboden; niet op ingegaan (demo).",
        )
    if rules.EARLY_SIGNAL in missing:
        _signal_first(plan, tenancy, advisor)
    if rules.FOURTEEN_DAY_LETTER in missing:
        sent = plan.handover_on - _days(rng, 20, 24)
        try:
            letter = letter_send(
                household=household,
                tenancy=tenancy,
                kind="fourteen_day",
                actor=advisor,
                sent_on=sent,
            )
        except LetterError:
            return  # nothing owed on that day by the letters app's count: the team lead decides
        letter_record_receipt(
            letter=letter,
            received_on=sent + dt.timedelta(days=2),
            evidence="Aangetekend verstuurd, track en trace",
            actor=advisor,
        )


def _signal_first(plan: Plan, tenancy: Tenancy, advisor: Any) -> None:
    """Where the municipality receives early signals, the file has one from this episode: a
    reminder that offers to pass on the contact details, debt help pointed out, and the signal
    sent once the reminder's waiting period has passed (Besluit gemeentelijke
    schuldhulpverlening art. 2)."""
    household = tenancy.household
    try:
        letter_send(
            household=household,
            tenancy=tenancy,
            kind="reminder",
            actor=advisor,
            sent_on=plan.handover_on - dt.timedelta(days=34),
        )
    except LetterError:
        return
    evidence_record(
        household=household,
        kind="debt_help",
        on=plan.handover_on - dt.timedelta(days=32),
        note="Gewezen op schuldhulp van de gemeente (demo).",
        actor=advisor,
    )
    signals_export(
        adapter="generic",
        file_format="json",
        actor=advisor,
        today=plan.handover_on - dt.timedelta(days=8),
        household_ids=[household.id],
    )


def _record(ctx: SeedContext, plan: Plan, tenancy: Tenancy, lead: Any) -> Escalation:
    step = services.escalation_record(
        household=tenancy.household,
        tenancy=tenancy,
        kind="DEU",
        start_reason=plan.start_reason,
        reason=plan.reason,
        actor=lead,
        handed_over_on=plan.handover_on,
        override_reason=OVERRIDE,
    )
    if plan.court_on is not None:
        step = services.escalation_record(
            household=tenancy.household,
            tenancy=tenancy,
            kind="COURT",
            start_reason=plan.start_reason,
            reason="Deurwaarder dagvaardt: ontbinding en ontruiming gevraagd (demo).",
            actor=lead,
            handed_over_on=plan.court_on,
            override_reason=OVERRIDE,
        )
    for kind, day, note in plan.outcomes:
        services.legal_outcome_record(
            escalation=step, kind=kind, occurred_on=day, note=note, actor=lead, today=ctx.today
        )
        if kind == LegalOutcomeKind.EVICTION_EXECUTED:
            Tenancy.objects.filter(id=tenancy.id).update(status="ONT", end_date=day)
    return step


def _decide_evictions(rng: random.Random, growing: list[Plan], episodes: list[Plan]) -> None:
    """About one in four evictions decided after a judgment is carried out. The past episodes
    were paid (called off); the rest of the quarter comes from the growing arrears, whose other
    evictions are called off with a reason."""
    open_ = [p for p in growing if p.outcomes and p.outcomes[-1][0] == CALLED_OFF]
    paid = sum(1 for p in episodes for k, _d, _n in p.outcomes if k == CALLED_OFF)
    carried_out = min(
        len(open_), max(int(bool(open_)), round(EXECUTED_SHARE * (len(open_) + paid)))
    )
    chosen = set(rng.sample(range(len(open_)), carried_out))
    for i, plan in enumerate(open_):
        _kind, day, _note = plan.outcomes[-1]
        plan.outcomes[-1] = (
            (LegalOutcomeKind.EVICTION_EXECUTED, day, "Woning ontruimd.")
            if i in chosen
            else (CALLED_OFF, day, rng.choice(CALLED_OFF_NOTES))
        )


def seed(ctx: SeedContext) -> None:
    rng = ctx.rng_for("escalation")
    leads = _leads(ctx)
    if not leads:
        return
    n = ctx.household_count
    growing = _growing(ctx, rng, max(3, n // 150))
    episodes = _episodes(ctx, rng, max(2, n // 250))
    _decide_evictions(rng, growing, episodes)
    plans = growing + episodes
    tenancies: dict[int, Tenancy] = {}
    ids = sorted({p.tenancy_id for p in plans})
    for start in range(0, len(ids), CHUNK):
        tenancies.update(
            Tenancy.objects.select_related("household", "unit").in_bulk(ids[start : start + CHUNK])
        )
    fallback = next(iter(leads.values()))
    advisors = _advisors(ctx)
    counts: dict[str, int] = {}
    for plan in plans:
        t = tenancies[plan.tenancy_id]
        advisor = advisors.get(t.unit.neighbourhood_id)
        if advisor is not None and rng.random() < COMPLETE_FILE:
            _prepare_file(rng, plan, t, advisor)
        _record(ctx, plan, t, leads.get(t.unit.neighbourhood_id, fallback))
        for key in ["DEU", "COURT" if plan.court_on else "", *(k for k, _d, _n in plan.outcomes)]:
            if key:
                counts[key] = counts.get(key, 0) + 1
    ctx.log("    escalations: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
