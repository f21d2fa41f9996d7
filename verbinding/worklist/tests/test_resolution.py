"""The worklist reacts to what the advisor did: one test per source for what takes its items off
(docs/worklist.md, "What takes an item off the list")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings

from verbinding import clock
from verbinding.arrangements import services as arrangements
from verbinding.arrangements.models import Instalment
from verbinding.arrangements.reference import load_current
from verbinding.arrears.services import recompute
from verbinding.contacts import services as contacts
from verbinding.contacts.models import ContactMoment
from verbinding.letters.models import Letter, LetterTemplate
from verbinding.nuisance import services as nuisance
from verbinding.nuisance.tests.conftest import file_report, street  # noqa: F401 - fixture
from verbinding.plans import services as plans
from verbinding.worklist import resolution, selectors
from verbinding.worklist.sources import registered_sources
from verbinding.worklist.tests.test_worklist import months_unpaid

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


def kinds(user, household, today=None):  # type: ignore[no-untyped-def]
    worklist = selectors.worklist_for(user=user, today=today or clock.today(), recent_days=30)
    row = next((r for r in worklist.rows if r.household_id == household.id), None)
    return {i.kind: i for i in row.items} if row else {}


def contact(household, author, *, days_ago: int = 0, channel: str = "BEZ", outcome="spoke"):  # type: ignore[no-untyped-def]
    return ContactMoment.objects.create(
        household=household,
        author=author,
        occurred_at=clock.now() - dt.timedelta(days=days_ago),
        channel=channel,
        outcome=outcome,
    )


def letter(household, author, *, kind: str, sent_on: dt.date, received_on=None):  # type: ignore[no-untyped-def]
    template, _ = LetterTemplate.objects.get_or_create(
        kind=kind, version=1, defaults={"subject": "Brief", "body": "Tekst"}
    )
    return Letter.objects.create(
        household=household,
        tenancy=household.tenancies.get(),
        kind=kind,
        template=template,
        addressee="Huurder",
        address_lines="Straat 1",
        subject="Brief",
        body="Tekst",
        sent_on=sent_on,
        received_on=received_on,
        created_by=author,
    )


@pytest.fixture
def court(cast):  # type: ignore[no-untyped-def]
    """A household past the court threshold: 'visit before anything goes to court'."""
    today = clock.today()
    months_unpaid(cast.north_household, 3, today=today)
    recompute(today=today)
    return cast.north_household


def test_every_source_says_what_resolves_its_items():
    for source in registered_sources():
        stated = getattr(source, "resolved_by", None)
        assert stated is not None or source.name in resolution.DEFAULT_RESOLUTIONS, source.name
        for actions in resolution.resolutions_of(source).values():
            assert set(actions) <= set(resolution.ACTIONS), source.name
    docs = Path(settings.BASE_DIR, "docs", "worklist.md").read_text(encoding="utf-8")
    for source in registered_sources():
        assert f"`{source.name}`" in docs, f"{source.name} is not documented in docs/worklist.md"


# --- arrears (verbinding.arrears.worklist.ArrearsSource) ------------------------------------


def test_arrears_a_home_visit_satisfies_visit_before_court(cast, court):
    assert "arrears_3m" in kinds(cast.advisor, court)
    contact(court, cast.advisor, channel="TEL")  # a call is not the visit it asks for
    assert "arrears_3m" in kinds(cast.advisor, court)
    contact(court, cast.advisor, channel="BEZ", outcome="not_home")  # an attempt at the door
    assert "arrears_3m" not in kinds(cast.advisor, court)


def test_arrears_a_visit_long_ago_does_not_count(cast, court):
    contact(court, cast.advisor, channel="BEZ", days_ago=45)  # before the 30 recent days
    assert "arrears_3m" in kinds(cast.advisor, court)


def test_arrears_an_arrangement_agreed_satisfies_discuss_an_arrangement(cast, court):
    load_current()
    tenancy = court.tenancies.get()
    arrangements.arrangement_propose(
        household=court,
        tenancy=tenancy,
        amount_cents=tenancy.rent_cents * 3,
        instalment_cents=tenancy.rent_cents // 2,
        first_due_on=clock.today() + DAY,
        actor=cast.advisor,
        exception_reason="Alleen zo haalbaar",
    )
    assert "arrears_3m" not in kinds(cast.advisor, court)


def test_arrears_a_letter_moves_the_item_to_its_deadline(cast, court):
    since = kinds(cast.advisor, court)["arrears_3m"].since
    letter(court, cast.advisor, kind="fourteen_day", sent_on=since, received_on=since + DAY)
    # the 14 days run from the day after receipt: the term's last day is since + 15
    assert "arrears_3m" not in kinds(cast.advisor, court, today=since + 15 * DAY)
    item = kinds(cast.advisor, court, today=since + 16 * DAY)["arrears_3m"]
    assert item.since == since + 15 * DAY  # back, dated at the letter's deadline
    # a reminder without a receipt date waits 14 days after sending
    letter(court, cast.advisor, kind="reminder", sent_on=since + 16 * DAY)
    assert "arrears_3m" not in kinds(cast.advisor, court, today=since + 20 * DAY)


# --- arrangements (verbinding.arrangements.worklist.ArrangementSource) ----------------------


def test_arrangements_a_call_resolves_a_missed_instalment_a_visit_one_missed_again(cast):
    load_current()
    household = cast.north_household
    tenancy = household.tenancies.get()
    today = clock.today()
    arrangement = arrangements.arrangement_propose(
        household=household,
        tenancy=tenancy,
        amount_cents=60000,
        instalment_cents=10000,
        first_due_on=today - 40 * DAY,
        actor=cast.advisor,
        on=today - 50 * DAY,
    )
    first, second = arrangement.instalments.order_by("number")[:2]
    Instalment.objects.filter(id=first.id).update(status="missed")
    assert "instalment_missed" in kinds(cast.advisor, household)
    contact(household, cast.advisor, channel="TEL")
    assert "instalment_missed" not in kinds(cast.advisor, household)
    Instalment.objects.filter(id=second.id).update(status="missed")
    assert "instalment_missed_again" in kinds(cast.advisor, household)  # a call is not enough
    contact(household, cast.advisor, channel="BEZ")
    assert "instalment_missed_again" not in kinds(cast.advisor, household)


# --- contacts (verbinding.contacts.worklist.FollowUpDue) ------------------------------------


def test_contacts_a_follow_up_is_off_when_done_or_after_a_personal_contact(cast):
    household = cast.north_household
    today = clock.today()
    agreed = contact(household, cast.advisor, days_ago=10, channel="TEL")
    agreed.follow_up_on = today - 2 * DAY
    agreed.save()
    assert "follow_up_due" in kinds(cast.advisor, household)
    contact(household, cast.advisor, channel="EMA", days_ago=1)  # an e-mail: not personal
    assert "follow_up_due" in kinds(cast.advisor, household)
    call = contact(household, cast.advisor, channel="TEL")
    assert "follow_up_due" not in kinds(cast.advisor, household)
    call.delete()
    contacts.contact_follow_up_done(contact=agreed, actor=cast.advisor)
    assert "follow_up_due" not in kinds(cast.advisor, household)


# --- plans (verbinding.plans.worklist.AgreementsDue) ----------------------------------------


def test_plans_a_task_is_off_when_done_a_reminder_after_a_call(cast):
    household = cast.north_household
    today = clock.today()
    plan = plans.plan_for_household(household=household, actor=cast.advisor)
    task = plans.agreement_add(
        plan=plan, what="Brief sturen", owner_kind="advisor", owner_user=cast.advisor,
        due_on=today - DAY, actor=cast.advisor,
    )  # fmt: skip
    plans.agreement_add(
        plan=plan, what="Loonstrook opsturen", owner_kind="tenant", due_on=today - DAY,
        actor=cast.advisor,
    )  # fmt: skip
    assert {"agreement_due", "call_reminder"} <= set(kinds(cast.advisor, household))
    contact(household, cast.advisor, channel="TEL")
    found = kinds(cast.advisor, household)
    assert "call_reminder" not in found and "agreement_due" in found  # a call is not the task
    plans.agreement_change_status(agreement=task, status="done", actor=cast.advisor)
    assert "agreement_due" not in kinds(cast.advisor, household)


# --- nuisance (verbinding.nuisance.worklist.NuisanceSource) ---------------------------------


def test_nuisance_items_are_off_when_the_report_is_taken_up_and_the_party_invited(
    cast,
    street,  # noqa: F811
):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    found = kinds(cast.advisor, street.jansen)
    assert {"nuisance_new_report", "nuisance_not_heard"} <= set(found)
    contact(street.jansen, cast.advisor, channel="BEZ")  # a visit alone does not take them off
    assert "nuisance_new_report" in kinds(cast.advisor, street.jansen)
    nuisance.reports_acknowledge(nuisance_case=nc, actor=cast.advisor)
    nuisance.invitation_send(party=nc.parties.get(role="BEK"), channel="BRI", actor=cast.advisor)
    assert kinds(cast.advisor, street.jansen) == {}
