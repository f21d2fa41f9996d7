"""Every dashboard figure, reproduced from a small hand-built data set with known answers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from verbinding.arrangements.models import ArrangementPolicy, PaymentArrangement
from verbinding.arrears.models import ArrearsSignal, TenancyArrears
from verbinding.cases.models import Case, CaseStatus
from verbinding.contacts.models import ContactMoment
from verbinding.escalation.models import Escalation, LegalOutcome
from verbinding.feedback import services as feedback
from verbinding.ledger.models import LedgerEntry
from verbinding.nuisance.models import Mediation, NuisanceCase
from verbinding.outcomes import arrears, case_figures, contact_figures
from verbinding.outcomes.ledger_months import refresh
from verbinding.outcomes.scope import Scope
from verbinding.testing import factories as f

TODAY = dt.date(2025, 4, 15)
pytestmark = [pytest.mark.django_db, pytest.mark.today(TODAY)]
RENT = 65000


def scope(cast=None, team=False, start=dt.date(2025, 1, 1), end=TODAY):
    return Scope(start=start, end=end, today=TODAY, team_id=cast.north_team.id if team else None)


def tenancy_of(household):
    return household.tenancies.get()


def month(y, m):
    return dt.date(y, m, 1)


def book(tenancy, months, pay):
    """Charge the rent on the 1st of each month; pay ``pay[i]`` on the 20th (0 = nothing)."""
    for i, first in enumerate(months):
        LedgerEntry.objects.create(
            tenancy=tenancy, booked_on=first, kind="charge", amount_cents=RENT, source="t"
        )
        if pay[i]:
            LedgerEntry.objects.create(
                tenancy=tenancy,
                booked_on=first.replace(day=20),
                kind="payment",
                amount_cents=-pay[i],
                source="t",
            )


def months_from(y, m, n):
    out = []
    for i in range(n):
        idx = y * 12 + m - 1 + i
        out.append(dt.date(idx // 12, idx % 12 + 1, 1))
    return out


def state(household, months_of_rent):
    t = tenancy_of(household)
    cents = int(Decimal(months_of_rent) * RENT)
    return TenancyArrears.objects.create(
        tenancy=t,
        household=household,
        rent_cents=RENT,
        balance_cents=cents,
        arrears_cents=cents,
        months_of_rent=Decimal(months_of_rent),
        trend="stable",
        computed_on=TODAY,
    )


def test_households_in_arrears_now_by_band_and_neighbourhood(cast):
    a, b, c = (f.household_in(cast.north) for _ in range(3))
    state(a, "0.5")
    state(b, "2.5")
    state(c, "3.2")
    state(cast.south_household, "1.5")
    state(cast.north_household, "0")  # no arrears: not counted
    fig = arrears.arrears_now(scope(cast))
    assert [h[1] for h in fig.headline] == [4, 500500, round(500500 / (4 * RENT), 2)]
    assert [r[1] for r in fig.rows] == [1, 1, 1, 1]
    team = arrears.arrears_now(scope(cast, team=True))
    assert team.headline[0][1] == 3
    assert {r[0]: r[1] for r in fig.extra["rows"]} == {"Noorderkwartier": 3, "Zuiderpark": 1}
    assert set(
        arrears.arrears_now_households(scope(cast), "3plus").values_list("household_id", flat=True)
    ) == {c.id}


def test_the_arrears_trend_counts_positive_balances_at_each_month_end(cast):
    late = tenancy_of(cast.north_household)
    book(late, months_from(2025, 1, 3), [RENT, 0, 0])
    book(tenancy_of(cast.south_household), months_from(2025, 1, 3), [RENT, RENT, RENT])
    refresh(today=TODAY)
    fig = arrears.arrears_trend(Scope(start=month(2025, 1), end=dt.date(2025, 3, 31), today=TODAY))
    assert fig.rows == [
        ["2025-01", 0, 0, None],
        ["2025-02", 1, RENT, 1.0],
        ["2025-03", 1, 2 * RENT, 2.0],
    ]


def test_arrears_cleared_and_still_paying_a_year_later(cast):
    steady, relapse = tenancy_of(cast.north_household), tenancy_of(cast.south_household)
    months = months_from(2024, 1, 15)  # Jan 2024 .. Mar 2025
    # Both miss January 2024 and catch up in February (cleared at the end of February).
    book(steady, months, [0, 2 * RENT] + [RENT] * 13)
    book(relapse, months, [0, 2 * RENT, RENT, RENT, RENT] + [0] * 10)  # stops paying in June 2024
    refresh(today=TODAY)
    fig = arrears.cleared_still_paying(scope(cast))
    assert fig.headline[0][1] == 2
    assert [r[1] for r in fig.rows] == [1, 1, 0]
    assert fig.headline[1][1] == 50.0


def step(cast, household, kind, on):
    return Escalation.objects.create(
        household=household,
        tenancy=tenancy_of(household),
        kind=kind,
        start_reason="ACH",
        handed_over_on=on,
        reason="r",
        created_by=cast.team_lead,
    )


def outcome(cast, escalation, kind, on):
    return LegalOutcome.objects.create(
        escalation=escalation,
        household_id=escalation.household_id,
        tenancy_id=escalation.tenancy_id,
        kind=kind,
        occurred_on=on,
        created_by=cast.advisor,
    )


def test_court_threshold_reached_and_eviction_prevented(cast):
    """Six tenancies with known answers: reached the threshold by the ledger or went to court."""
    saved, still = tenancy_of(cast.north_household), tenancy_of(cast.south_household)
    book(saved, months_from(2025, 1, 3), [0, 0, 0])  # 3 months at the end of March
    book(still, months_from(2025, 1, 3), [0, 0, 0])
    book(tenancy_of(f.household_in(cast.north)), months_from(2025, 1, 3), [0, 0, RENT])  # only 2
    state(cast.north_household, "0.4")
    state(cast.south_household, "3.2")
    # Evicted: judgment in February, eviction carried out in March (the ERP has not ended the
    # tenancy yet; the recorded eviction counts).
    evicted = f.household_in(cast.north)
    court = step(cast, evicted, "COURT", dt.date(2024, 12, 1))
    outcome(cast, court, "dissolution", dt.date(2025, 2, 10))
    outcome(cast, court, "eviction_executed", dt.date(2025, 3, 5))
    # Called off after the judgment (debt paid): prevented, no arrears now.
    called_off = f.household_in(cast.north)
    court = step(cast, called_off, "DEU", dt.date(2024, 11, 1))
    outcome(cast, court, "dissolution", dt.date(2025, 1, 20))
    outcome(cast, court, "eviction_called_off", dt.date(2025, 2, 5))
    # A court start without a judgment yet, 1.5 months of arrears now: prevented (so far).
    pending = f.household_in(cast.south)
    step(cast, pending, "COURT", dt.date(2025, 3, 20))
    state(pending, "1.5")
    # A court start before the period, nothing since: not in the figure.
    step(cast, f.household_in(cast.north), "COURT", dt.date(2024, 6, 1))
    # Reached the threshold, then the tenancy ended without an eviction.
    moved = f.household_in(cast.south)
    book(tenancy_of(moved), months_from(2025, 1, 3), [0, 0, 0])
    moved.tenancies.update(status="BEE", end_date=dt.date(2025, 4, 1))
    refresh(today=TODAY)
    fig = arrears.evictions_prevented(scope(cast))
    # reached: saved, still, evicted, called off, pending, moved = 6; prevented: 4 of 6.
    assert [h[1] for h in fig.headline] == [6, 4, 66.7, 1]
    assert [r[1] for r in fig.rows] == [2, 2, 1, 1]  # resolved, still, evicted, ended
    households = set(
        arrears.prevented_households(scope(cast), "prevented").values_list(
            "household_id", flat=True
        )
    )
    assert households == {
        cast.north_household.id,
        cast.south_household.id,
        called_off.id,
        pending.id,
    }
    assert list(
        arrears.prevented_households(scope(cast), "evicted").values_list("household_id", flat=True)
    ) == [evicted.id]
    team = arrears.evictions_prevented(scope(cast, team=True))  # Team Noord: the north only
    assert [h[1] for h in team.headline] == [3, 2, 66.7, 1]


def contact(household, author, channel, outcome, on):
    return ContactMoment.objects.create(
        household=household,
        author=author,
        channel=channel,
        outcome=outcome,
        occurred_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10))),
    )


def signal(household, on):
    ArrearsSignal.objects.create(
        tenancy=tenancy_of(household),
        household=household,
        kind="arrears_1m",
        started_on=on,
        computed_on=TODAY,
    )


def test_time_from_first_signal_to_first_personal_contact(cast):
    a, b, c = cast.north_household, cast.south_household, f.household_in(cast.north)
    for h in (a, b, c):
        signal(h, dt.date(2025, 3, 1))
    contact(a, cast.advisor, "BEZ", "spoke", dt.date(2025, 3, 11))  # 10 days
    contact(b, cast.other_advisor, "TEL", "no_answer", dt.date(2025, 3, 2))  # failed: no
    contact(b, cast.other_advisor, "BEZ", "spoke", dt.date(2025, 3, 5))  # 4 days
    contact(c, cast.advisor, "EMA", "sent", dt.date(2025, 3, 2))  # not personal: waiting
    fig = contact_figures.time_to_contact(scope(cast))
    assert [h[1] for h in fig.headline] == [7.0, "5.5-8.5", 2, 1]
    assert [r[1] for r in fig.rows] == [1, 1, 0, 0, 0, 1]
    assert contact_figures.time_to_contact_households(scope(cast), "waiting") == [c.id]


def test_share_of_personal_contacts_per_advisor_and_team(cast):
    on = dt.date(2025, 2, 1)
    for channel in ("BEZ", "TEL", "EMA"):
        contact(cast.north_household, cast.advisor, channel, "spoke", on)
    contact(cast.north_household, cast.colleague, "BRI", "sent", on)
    contact(cast.south_household, cast.other_advisor, "BEZ", "spoke", on)
    fig = contact_figures.personal_share(scope(cast))
    assert {r[0]: (r[2], r[3], r[4]) for r in fig.rows} == {
        "Anna de Vries": (3, 2, 66.7),
        "Bram Bakker": (1, 0, 0.0),
        "Chris Smit": (1, 1, 100.0),
    }
    assert {r[0]: r[3] for r in fig.extra["rows"]} == {"Team Noord": 50.0, "Team Zuid": 100.0}
    team = contact_figures.personal_share(scope(cast, team=True))
    assert [h[1] for h in team.headline] == [4, 50.0]


def test_appreciation_per_channel_with_the_number_of_answers(cast):
    on = dt.date(2025, 2, 1)
    for channel, grades in (("BEZ", [8, 9, 7, 8, 8]), ("EMA", [6, 7, 5, 6, 6]), ("BRI", [9])):
        for g in grades:
            c = contact(cast.north_household, cast.advisor, channel, "spoke", on)
            feedback.appreciation_give(
                contact=c, grade=g, via="link", at=timezone.make_aware(dt.datetime(2025, 2, 2, 12))
            )
    fig = case_figures.appreciation(scope(cast))
    assert [h[1] for h in fig.headline] == [8.0, 6.5, 11]  # other: (6+7+5+6+6+9)/6
    assert [(r[2], r[3]) for r in fig.rows] == [(5, 8.0), (5, 6.0), (1, None)]


def arrangement(cast, household, inside, status, on=dt.date(2025, 2, 1)):
    return PaymentArrangement.objects.create(
        household=household,
        tenancy=tenancy_of(household),
        policy=ArrangementPolicy.objects.first(),
        amount_cents=130000,
        instalment_cents=21700,
        first_due_on=on,
        term_months=6,
        rent_cents=RENT,
        inside_margins=inside,
        status=status,
        created_by=cast.advisor,
        created_on=on,
    )


def test_arrangements_inside_and_outside_the_margins_and_how_they_turned_out(cast):
    if ArrangementPolicy.objects.first() is None:
        pytest.skip("no arrangement policy")
    h = cast.north_household
    for status in ("BEE", "BEE", "ANN", "ACT"):
        arrangement(cast, h, True, status)
    for status in ("ANN", "BEE", "VER"):
        arrangement(cast, h, False, status)
    # one arrangement in play per tenancy (h has a running one): the request is another's
    arrangement(cast, f.household_in(cast.north), False, "AAN")
    arrangement(cast, h, True, "BEE", on=dt.date(2024, 1, 1))  # before the period
    fig = case_figures.arrangements(scope(cast))
    assert fig.rows[0][1:] == [4, 2, 1, 1, 66.7]
    assert fig.rows[1][1:] == [2, 1, 1, 0, 50.0]
    assert fig.headline[0][1] == 6


def case(household, kind, status, opened, closed=None, detail="HUA"):
    return Case.objects.create(
        household=household,
        kind=kind,
        detail=detail,
        status=status,
        opened_on=opened,
        closed_on=closed,
    )


def test_durable_solutions_after_six_and_twelve_months(cast):
    h1, h2, h3 = cast.north_household, cast.south_household, f.household_in(cast.north)
    closed = dt.date(2024, 3, 1)
    for h in (h1, h2, h3):
        case(h, "FIN", "AFG", dt.date(2024, 1, 1), closed)
    case(h2, "FIN", "INB", dt.date(2024, 5, 1))  # recurred after 2 months
    case(h3, "FIN", "INB", dt.date(2024, 12, 1))  # recurred after 9 months
    case(h1, "SOC", "INB", dt.date(2024, 5, 1), detail="GEL")  # another kind: not a recurrence
    case(h1, "FIN", "GEA", dt.date(2024, 1, 1), closed)  # cancelled: not counted
    fig = case_figures.durable_cases(scope(cast, start=dt.date(2024, 1, 1)))
    assert fig.rows[0][1:] == [3, 2, 1, 66.7]
    assert fig.rows[1][1:] == [3, 1, 2, 33.3]


def test_handovers_court_cases_judgments_and_evictions_in_the_period(cast):
    h = cast.north_household
    steps = {}
    for key, kind, on in (
        ("a", "DEU", dt.date(2025, 2, 1)),
        ("b", "DEU", dt.date(2025, 3, 1)),
        ("c", "COURT", dt.date(2025, 3, 2)),
        ("d", "INC", dt.date(2024, 6, 1)),  # before the period
        ("e", "COURT", dt.date(2024, 10, 1)),  # before the period, its outcomes in it
    ):
        steps[key] = step(cast, h, kind, on)
    outcome(cast, steps["e"], "dissolution", dt.date(2024, 12, 15))  # before the period
    outcome(cast, steps["e"], "eviction_executed", dt.date(2025, 1, 10))
    outcome(cast, steps["a"], "dissolution", dt.date(2025, 3, 1))
    outcome(cast, steps["a"], "eviction_called_off", dt.date(2025, 3, 20))
    outcome(cast, steps["c"], "payment_judgment", dt.date(2025, 4, 1))
    outcome(cast, steps["d"], "withdrawn", dt.date(2024, 8, 1))  # before the period
    fig = case_figures.escalations(scope(cast))
    # DEU, INC, COURT, then dissolution, payment, executed, called off, withdrawn
    assert [r[1] for r in fig.rows] == [2, 0, 1, 1, 1, 1, 1, 0]
    assert [h[1] for h in fig.headline] == [3, 2, 1]
    assert list(
        case_figures.escalation_households(scope(cast), "out_eviction_executed").values_list(
            "household_id", flat=True
        )
    ) == [h.id]
    assert fig.rows[5][0] == "Ontruiming uitgevoerd"  # Dutch by default


def test_nuisance_resolved_and_mediation_outcomes(cast):
    c = case(
        cast.north_household, "SOC", "AFG", dt.date(2025, 1, 5), dt.date(2025, 3, 1), detail="GEL"
    )
    CaseStatus.objects.create(
        case=c, status="AFG", at=timezone.make_aware(dt.datetime(2025, 3, 1, 12))
    )
    nc = NuisanceCase.objects.create(case=c)
    Mediation.objects.create(
        nuisance_case=nc,
        referred_on=dt.date(2025, 1, 10),
        organisation="Buurtbemiddeling",
        outcome="resolved",
        outcome_on=dt.date(2025, 2, 20),
        referred_by=cast.advisor,
    )
    Mediation.objects.create(
        nuisance_case=nc,
        referred_on=dt.date(2025, 1, 10),
        organisation="Buurtbemiddeling",
        referred_by=cast.advisor,
    )  # no outcome yet
    fig = case_figures.nuisance(scope(cast))
    assert fig.rows[0][1] == 1
    assert fig.rows[1][1] == 1 and sum(r[1] for r in fig.rows[2:5]) == 0
    assert fig.headline[1][1] == 0.0
