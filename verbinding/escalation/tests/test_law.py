"""Issue 11: the guardrails per arrears episode, no handover without debt, the court threshold, and
what blocks a handover while help is working. Sources in each docstring; docs/law.md lists them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from verbinding.arrangements.models import InstalmentStatus
from verbinding.arrangements.reference import load_current
from verbinding.arrangements.services import (
    arrangement_decide,
    arrangement_offer_record,
    arrangement_propose,
)
from verbinding.arrears.models import ArrearsPolicy
from verbinding.contacts.services import contact_record
from verbinding.escalation import rules, services
from verbinding.escalation.selectors import guardrail_facts
from verbinding.escalation.tests.test_guardrails import signal_sent
from verbinding.letters.services import letter_record_receipt, letter_send
from verbinding.testing import factories as f

D = dt.date
TODAY = D(2026, 6, 17)
pytestmark = pytest.mark.today(TODAY)
RENT = 65000


def owe(tenancy, *months: dt.date) -> None:  # type: ignore[no-untyped-def]
    for day in months:
        f.LedgerEntryFactory(tenancy=tenancy, booked_on=day, amount_cents=RENT)


def pay(tenancy, day: dt.date, cents: int) -> None:  # type: ignore[no-untyped-def]
    f.LedgerEntryFactory(
        tenancy=tenancy, booked_on=day, kind="payment", detail="BAN", amount_cents=-cents
    )


def complete_file(cast, tenancy, *, on: dt.date):  # type: ignore[no-untyped-def]
    """A home visit, an offer, a 14-dagenbrief received, and the early signal, all on ``on``."""
    household = tenancy.household
    contact_record(
        household=household,
        channel="BEZ",
        outcome="not_home",
        actor=cast.advisor,
        occurred_at=timezone.make_aware(dt.datetime.combine(on, dt.time(10))),
    )
    arrangement_offer_record(
        household=household,
        offered_on=on,
        channel="BEZ",
        terms="6 x € 120",
        response="declined",
        actor=cast.advisor,
    )
    letter = letter_send(
        household=household, tenancy=tenancy, kind="fourteen_day", actor=cast.advisor, sent_on=on
    )
    letter_record_receipt(letter=letter, received_on=on, evidence="afgegeven", actor=cast.advisor)
    signal_sent(tenancy, on)


def facts(**kw):  # type: ignore[no-untyped-def]
    base = dict(
        episode_start=D(2026, 4, 6),
        arrears_cents=3 * RENT,
        months_of_rent=Decimal("3.00"),
        home_visits=(D(2026, 5, 1),),
        offers=(D(2026, 5, 1),),
        letters=((D(2026, 5, 1), D(2026, 5, 2)),),
    )
    base.update(kw)
    return rules.Facts(**base)


def test_evidence_from_an_earlier_cleared_episode_does_not_count(cast):
    """Issue 11 (one arrears episode at a time): a home visit, an offer and a 14-dagenbrief of an
    arrears that was cleared do not open the way to the bailiff for new arrears."""
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 1, 1), D(2026, 2, 1))
    complete_file(cast, tenancy, on=D(2026, 2, 10))
    pay(tenancy, D(2026, 3, 2), 2 * RENT)  # cleared: the episode ends
    owe(tenancy, D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1))
    got = guardrail_facts(household=cast.north_household, tenancy=tenancy, today=TODAY)
    assert got.episode_start == D(2026, 3, 6)
    checks = {c.code: c for c in rules.checks(got, TODAY)}
    for code in (rules.HOME_VISIT, rules.ARRANGEMENT_OFFERED, rules.FOURTEEN_DAY_LETTER):
        assert not checks[code].met
        assert "eerdere achterstand" in checks[code].detail  # "only from an earlier episode"
    assert not checks[rules.EARLY_SIGNAL].met
    with pytest.raises(services.GuardrailsNotMet) as refused:
        services.escalation_record(
            household=cast.north_household,
            tenancy=tenancy,
            kind="DEU",
            start_reason="ACH",
            reason="x",
            actor=cast.advisor,
            handed_over_on=TODAY,
        )
    assert rules.HOME_VISIT in refused.value.missing


def test_continuing_arrears_keep_their_evidence_when_the_oldest_month_is_paid(cast):
    """Issue 11: continuous arrears are one episode even when the oldest month is paid, so the
    file of February still counts in June."""
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 1, 1), D(2026, 2, 1))
    complete_file(cast, tenancy, on=D(2026, 2, 10))
    pay(tenancy, D(2026, 3, 3), RENT)  # January paid; February onwards still open
    owe(tenancy, D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 1), D(2026, 6, 1))
    got = guardrail_facts(household=cast.north_household, tenancy=tenancy, today=TODAY)
    assert got.episode_start == D(2026, 1, 6)
    assert rules.missing(got, TODAY, "DEU") == []


def test_no_handover_without_arrears_now_not_even_by_override(cast):
    """Issue 11 (no handover without debt): with nothing overdue today (rent due 1 June is within
    its 5 grace days on 3 June, art. 6:81 BW), even a team lead cannot record a handover."""
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 6, 1))
    with pytest.raises(services.GuardrailsNotMet) as refused:
        services.escalation_record(
            household=cast.north_household,
            tenancy=tenancy,
            kind="DEU",
            start_reason="ACH",
            reason="x",
            actor=cast.team_lead,
            handed_over_on=D(2026, 6, 3),
            override_reason="Team lead decides",
        )
    assert rules.ARREARS_NOW in refused.value.missing


def test_a_court_start_needs_more_than_the_court_threshold():
    """Issue 11; domain.md §1: "more than 3 months' arrears" is the kantonrechters' starting point
    for dissolving a lease (2006), a configurable policy. Three months is not more than three."""
    three = facts(months_of_rent=Decimal("3.00"))
    assert rules.COURT_THRESHOLD in rules.missing(three, TODAY, "COURT")
    assert rules.COURT_THRESHOLD not in rules.missing(three, TODAY, "DEU")  # court only
    assert rules.COURT_THRESHOLD not in rules.missing(
        facts(months_of_rent=Decimal("3.50")), TODAY, "COURT"
    )
    lower = facts(months_of_rent=Decimal("2.50"), court_threshold_months=Decimal("2"))
    assert rules.COURT_THRESHOLD not in rules.missing(lower, TODAY, "COURT")


def test_the_court_threshold_comes_from_the_arrears_policy(cast):
    """The threshold is the association's policy (ArrearsPolicy.months_court, dated versions)."""
    ArrearsPolicy.objects.create(valid_from=D(2026, 1, 1), months_court=Decimal("2"))
    tenancy = cast.north_household.tenancies.get()
    got = guardrail_facts(household=cast.north_household, tenancy=tenancy, today=TODAY)
    assert got.court_threshold_months == Decimal("2")


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"arrangement_kept_since": D(2026, 5, 1)}, rules.ARRANGEMENT_KEPT),
        ({"arrangement_pending_since": D(2026, 6, 10)}, rules.ARRANGEMENT_PENDING),
        ({"debt_help_accepted": (D(2026, 5, 18),)}, rules.DEBT_HELP),  # day 30 after acceptance
        (
            {"stays": (rules.Stay("WSNP", D(2026, 6, 1), None, "Rechtbank Overijssel"),)},
            rules.COLLECTION_STAY,
        ),
        ({"signals_agreed": True}, rules.EARLY_SIGNAL),
    ],
)
def test_each_blocker_blocks_and_says_why(kw, code):
    """Issue 11 (blocked while help is working): a kept arrangement (a recent arrangement can
    defeat dissolution, appelman.nl); a request at the team lead; accepted debt help (collection
    suspended up to 30 days, Landelijk Convenant Vroegsignalering); a WSNP/settlement/court stay;
    and no early signal where the municipality receives them (Besluit gemeentelijke
    schuldhulpverlening art. 2)."""
    assert rules.missing(facts(), TODAY) == []
    blocked = rules.checks(facts(**kw), TODAY)
    check = next(c for c in blocked if c.code == code)
    assert not check.met and check.blocker and check.why
    assert rules.missing(facts(**kw), TODAY) == [code]


def test_debt_help_blocks_for_30_days_after_acceptance_only():
    """Landelijk Convenant Vroegsignalering (domain.md §2): up to 30 days after acceptance."""
    accepted = facts(debt_help_accepted=(D(2026, 5, 18),))
    assert rules.missing(accepted, D(2026, 6, 17)) == [rules.DEBT_HELP]  # day 30
    assert rules.missing(accepted, D(2026, 6, 18)) == []  # day 31


def test_a_stay_blocks_only_while_it_runs():
    stay = rules.Stay("Schuldregeling", D(2026, 1, 1), D(2026, 6, 16), "brief gemeente")
    assert rules.missing(facts(stays=(stay,)), D(2026, 6, 16)) == [rules.COLLECTION_STAY]
    assert rules.missing(facts(stays=(stay,)), TODAY) == []


def test_kept_arrangement_blocks_a_missed_one_does_not_and_a_request_blocks(cast):
    """A running arrangement that is being kept blocks; once an instalment is missed it is no
    longer being kept. A request outside the margins waits for the team lead and blocks."""
    load_current()
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 4, 1), D(2026, 5, 1))
    arrangement = arrangement_propose(
        household=cast.north_household,
        tenancy=tenancy,
        amount_cents=2 * RENT,
        instalment_cents=26000,
        first_due_on=D(2026, 7, 1),
        actor=cast.advisor,
        on=D(2026, 6, 10),
    )
    assert arrangement.status == "ACT"
    got = guardrail_facts(household=cast.north_household, tenancy=tenancy, today=TODAY)
    assert got.arrangement_kept_since == D(2026, 6, 10)
    arrangement.instalments.filter(number=1).update(status=InstalmentStatus.MISSED)
    got = guardrail_facts(household=cast.north_household, tenancy=tenancy, today=TODAY)
    assert got.arrangement_kept_since is None


def test_a_declined_arrangement_is_not_an_offer_but_a_declined_offer_is(cast):
    """Issue 11: an offer is recorded as offered to the tenant (date, terms) whether or not it was
    accepted; a proposal the team lead declined was never offered to the tenant."""
    load_current()
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 4, 1), D(2026, 5, 1))
    request = arrangement_propose(
        household=cast.north_household,
        tenancy=tenancy,
        amount_cents=2 * RENT,
        instalment_cents=5000,  # 26 months: outside the margins, the team lead decides
        first_due_on=D(2026, 7, 1),
        actor=cast.advisor,
        exception_reason="Laag inkomen",
        on=D(2026, 6, 1),
    )
    got = guardrail_facts(household=cast.north_household, tenancy=tenancy, today=TODAY)
    assert got.arrangement_pending_since == D(2026, 6, 1) and got.offers == ()
    arrangement_decide(arrangement=request, approve=False, actor=cast.team_lead, on=D(2026, 6, 2))
    got = guardrail_facts(household=cast.north_household, tenancy=tenancy, today=TODAY)
    assert got.offers == () and got.arrangement_pending_since is None
    offer = arrangement_offer_record(
        household=cast.north_household,
        offered_on=D(2026, 6, 3),
        channel="TEL",
        terms="4 x € 325 bovenop de huur",
        response="declined",
        actor=cast.advisor,
    )
    assert offer.terms and offer.response == "declined"
    got = guardrail_facts(household=cast.north_household, tenancy=tenancy, today=TODAY)
    assert got.offers == (D(2026, 6, 3),)


def test_the_screen_names_each_blocker_and_its_reason(cast, client):
    """Issue 11: the guardrail screen says which condition blocks and why; a stay is recorded with
    its source through the small form."""
    tenancy = cast.north_household.tenancies.get()
    owe(tenancy, D(2026, 3, 1), D(2026, 4, 1), D(2026, 5, 1))
    client.force_login(cast.advisor)
    url = reverse("escalation:household", args=[cast.north_household.id])
    response = client.post(
        url,
        {
            "stay-kind": "wsnp",
            "stay-starts_on": "2026-06-01",
            "stay-ends_on": "",
            "stay-source": "Uitspraak rechtbank 1 juni",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-check="collection_stay" data-met="no"' in page
    assert "Uitspraak rechtbank 1 juni" in page and "WSNP" in page
    assert 'data-check="early_signal" data-met="no"' in page
    assert "Besluit gemeentelijke schuldhulpverlening art. 2" in page


def test_a_stay_that_has_not_begun_is_refused_in_the_service_and_the_form(cast, client):
    """A stay is recorded once it exists (the court's decision, the day the tenant accepted debt
    help): a start after today would make the handover look blocked, or free, on the wrong days."""
    from verbinding.escalation.models import CollectionStay

    tomorrow = TODAY + dt.timedelta(days=1)
    with pytest.raises(services.EscalationError, match=r"future|toekomst"):
        services.stay_record(
            household=cast.north_household,
            kind="wsnp",
            starts_on=tomorrow,
            source="Uitspraak rechtbank",
            actor=cast.advisor,
        )
    client.force_login(cast.advisor)
    response = client.post(
        reverse("escalation:household", args=[cast.north_household.id]),
        {
            "stay-kind": "wsnp",
            "stay-starts_on": tomorrow.isoformat(),
            "stay-ends_on": "",
            "stay-source": "Uitspraak rechtbank",
        },
    )
    assert response.status_code == 200
    assert "De datum kan niet in de toekomst liggen" in response.content.decode()
    assert not CollectionStay.objects.exists()
