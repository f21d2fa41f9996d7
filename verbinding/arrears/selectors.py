"""Reads of the arrears app. ``arrears_for_tenancy`` is the API other apps call."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from verbinding import clock
from verbinding.arrears import history, rules
from verbinding.arrears.models import ArrearsPolicy, ArrearsSignal, TenancyArrears
from verbinding.db.prepared import INT, Prepared
from verbinding.households.models import Tenancy


def policy_on(day: dt.date | None = None) -> ArrearsPolicy:
    """The policy version in force on ``day`` (defaults, unsaved, when none was ever set)."""
    return history.policy_on(day or clock.today())


def policy_history() -> list[ArrearsPolicy]:
    return list(ArrearsPolicy.objects.select_related("created_by").order_by("-valid_from", "-id"))


@dataclass(frozen=True)
class ArrearsState:
    """The arrears of one tenancy, derived from its ledger."""

    tenancy_id: int
    balance_cents: int
    arrears_cents: int
    rent_cents: int
    months_of_rent: Decimal
    arose_on: dt.date | None  # ontstaansdatum: due date of the oldest unpaid charge (FIFO)
    days_overdue: int
    trend: str  # growing / shrinking / stable
    usual_payment_day: int | None
    usual_method: str  # VERA BETAALWIJZESOORT, "" when unknown
    last_payment_on: dt.date | None
    computed_on: dt.date | None  # None: computed live, not stored yet

    @property
    def in_arrears(self) -> bool:
        return self.arrears_cents > 0

    @property
    def pending_cents(self) -> int:
        """Charged but still within the payment term (due date + grace days): not arrears."""
        return max(max(self.balance_cents, 0) - self.arrears_cents, 0)

    @property
    def usual_method_label(self) -> str:
        from verbinding.vera.codes import BetaalwijzeSoort

        if self.usual_method in BetaalwijzeSoort.values:
            return str(BetaalwijzeSoort(self.usual_method).label)
        return self.usual_method


def _from_row(row: TenancyArrears, today: dt.date) -> ArrearsState:
    return ArrearsState(
        tenancy_id=row.tenancy_id,
        balance_cents=row.balance_cents,
        arrears_cents=row.arrears_cents,
        rent_cents=row.rent_cents,
        months_of_rent=row.months_of_rent,
        arose_on=row.arose_on,
        days_overdue=(today - row.arose_on).days if row.arose_on else 0,
        trend=row.trend,
        usual_payment_day=row.usual_payment_day,
        usual_method=row.usual_method,
        last_payment_on=row.last_payment_on,
        computed_on=row.computed_on,
    )


# compiled once per connection (verbinding.db.prepared): read on every household page
STORED_STATE = Prepared(
    lambda tenancy: TenancyArrears.objects.filter(tenancy_id=tenancy).order_by("pk")[:1],
    tenancy=INT,
)
TENANCY_SIGNALS = Prepared(
    # one tenancy: its signals by kind, as the model's ordering (without its join)
    lambda tenancy: ArrearsSignal.objects.filter(tenancy_id=tenancy).order_by("kind"),
    tenancy=INT,
)


def arrears_for_tenancy(tenancy: Tenancy, *, today: dt.date | None = None) -> ArrearsState:
    """The stored arrears state of a tenancy; computed live (not stored) if there is none yet.

    ``days_overdue`` always counts to ``today``. The caller has already checked access.
    """
    from verbinding.arrears import compute  # local: compute imports models only

    day = today or clock.today()
    rows = STORED_STATE.objects(tenancy=tenancy.pk)
    if rows:
        return _from_row(rows[0], day)
    policy = policy_on(day)
    facts = compute.load_facts(compute.Batch(ids=(tenancy.pk,)), day, policy)
    f = facts.get(tenancy.pk) or rules.Facts(
        tenancy.pk, tenancy.household_id, tenancy.rent_cents, 0, 0
    )
    d = rules.derive(f, day, policy)
    return ArrearsState(
        tenancy_id=tenancy.pk,
        balance_cents=d.balance_cents,
        arrears_cents=d.arrears_cents,
        rent_cents=f.rent_cents,
        months_of_rent=d.months_of_rent,
        arose_on=d.arose_on,
        days_overdue=(day - d.arose_on).days if d.arose_on else 0,
        trend=d.trend,
        usual_payment_day=d.usual_payment_day,
        usual_method=d.usual_method,
        last_payment_on=d.last_payment_on,
        computed_on=None,
    )


def signals_for_households(household_ids: list[int]) -> list[ArrearsSignal]:
    """The current signals of these households (the caller has applied access rules)."""
    return list(ArrearsSignal.objects.filter(household_id__in=household_ids))


@dataclass(frozen=True)
class SignalView:
    kind: str
    label: str
    reason: str
    suggestion: str
    started_on: dt.date


@dataclass(frozen=True)
class DueDayInForce:
    """The agreed due day in force (what the household page shows of ``RentDueDay``)."""

    day: int
    valid_from: dt.date


@dataclass(frozen=True)
class HouseholdSection:
    """What the household page shows about arrears: state, signals, chart and the ledger page."""

    state: ArrearsState
    signals: list[SignalView]
    chart: Any
    ledger_page: Any  # None when asked without the ledger (the household page links to it)
    due_day: DueDayInForce | None  # the agreed due day in force (None: the 1st, as usual)
    due_day_form: Any  # the HTML of the unbound DueDayForm (as_div)
    grace_days: int
    pending_counts_from: dt.date | None  # when what is within its payment term becomes arrears


def household_section(
    *,
    tenancy: Tenancy,
    page: str | None = None,
    today: dt.date | None = None,
    ledger: bool = True,
) -> HouseholdSection:
    """For the household page (the caller has passed the household access check).

    ``ledger=False``: without the paged ledger (``ledger_page`` is None; saves its count query)."""
    from django.core.paginator import Paginator

    from verbinding.arrears import texts
    from verbinding.arrears.chart import arrears_chart
    from verbinding.arrears.models import SignalKind
    from verbinding.arrears.worklist import RANKS
    from verbinding.households.present import absent
    from verbinding.ledger.models import LedgerEntry

    day = today or clock.today()
    state = arrears_for_tenancy(tenancy, today=day)
    policy = policy_on(day)
    # the household page read which parts have rows at all (households.present)
    household = tenancy.household if Tenancy.household.is_cached(tenancy) else None
    signals = sorted(
        (
            SignalView(
                s.kind,
                str(SignalKind(s.kind).label),
                texts.reason(s.kind, s.params),
                texts.suggestion(s.kind),
                s.started_on,
            )
            for s in (
                [] if absent(household, "signals") else TENANCY_SIGNALS.objects(tenancy=tenancy.pk)
            )
        ),
        key=lambda s: RANKS.get(s.kind, 90),
    )
    first = rules.add_months(day.replace(day=1), -23)
    versions = {} if absent(household, "due_days") else history.due_days([tenancy.pk])
    entries = history.tenancy_entries(tenancy.pk, upto=day, versions=versions.get(tenancy.pk, ()))
    before = sum(e.amount_cents for e in entries if e.booked_on < first)
    pending = [
        e
        for e, _part in rules.unpaid_charges(entries, state.balance_cents)
        if not rules.in_default(e, day, policy.grace_days)
    ]
    counts_from = pending[0].due + dt.timedelta(days=policy.grace_days) if pending else None
    recent = [e for e in entries if e.booked_on >= first]
    opening = [rules.Entry(first - dt.timedelta(days=1), "opening", int(before))]
    chart = arrears_chart(
        opening + recent,
        today=day,
        rent_cents=tenancy.rent_cents,
        home_visit_months=float(policy.months_home_visit),
        court_months=float(policy.months_court),
        grace_days=policy.grace_days,
        months_now=state.months_of_rent,
    )
    from verbinding.arrears.forms import DueDayForm
    from verbinding.web import formhtml

    in_force = [(since, d) for since, d in versions.get(tenancy.pk, ()) if since <= day]
    due_day = DueDayInForce(day=in_force[-1][1], valid_from=in_force[-1][0]) if in_force else None
    # the unbound form, drawn once per process and day (web/formhtml.py)
    form = formhtml.as_div(DueDayForm, {"day": due_day.day if due_day else 1, "valid_from": day})
    ledger_page = None
    if ledger:
        rows = LedgerEntry.objects.filter(tenancy=tenancy).order_by("-booked_on", "-id")
        ledger_page = Paginator(rows, 20).get_page(page)
    return HouseholdSection(
        state,
        signals,
        chart,
        ledger_page,
        due_day if due_day and due_day.day != 1 else None,
        form,
        policy.grace_days,
        counts_from,
    )
