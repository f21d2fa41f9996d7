"""Reports, parties, both accounts, mediation and recurrence, through the services."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.nuisance import services
from verbinding.nuisance.models import NuisanceCase, Party, Recurrence
from verbinding.nuisance.selectors import recurrence_stats
from verbinding.nuisance.tests.conftest import file_report

pytestmark = pytest.mark.django_db


def test_two_neighbours_reporting_the_same_household_share_one_case(cast, street):
    first = file_report(cast, against=street.jansen, by=street.de_boer)
    second = file_report(
        cast, against=street.jansen, by=street.ozturk, talked_to_neighbour="no", channel="BAL"
    )
    assert first.nuisance_case_id == second.nuisance_case_id
    nc = first.nuisance_case
    roles = sorted((p.role, p.household_id) for p in nc.parties.all())
    assert roles == sorted(
        [("BEK", street.jansen.id), ("KLG", street.de_boer.id), ("KLG", street.ozturk.id)]
    )
    assert nc.case.household == street.jansen
    assert nc.case.kind == "SOC" and nc.case.detail == "GEL"
    assert nc.case.status == "AAN"


def test_a_second_report_by_the_same_neighbour_reuses_their_party(cast, street):
    file_report(cast, against=street.jansen, by=street.de_boer)
    report = file_report(cast, against=street.jansen, by=street.de_boer)
    assert report.nuisance_case.parties.filter(role="KLG").count() == 1
    assert report.nuisance_case.reports.count() == 2


def test_a_household_can_complain_in_one_case_and_be_complained_about_in_another(cast, street):
    one = file_report(cast, against=street.jansen, by=street.de_boer)
    other = file_report(cast, against=street.de_boer, by=street.jansen, detail="RUZ")
    assert one.nuisance_case_id != other.nuisance_case_id
    assert set(Party.objects.filter(household=street.de_boer).values_list("role", flat=True)) == {
        "KLG",
        "BEK",
    }


def test_police_can_report_without_being_a_tenant(cast, street):
    report = file_report(
        cast,
        against=street.jansen,
        reporter_organisation="Politie Oost-Nederland",
        reporter_name="wijkagent R. Kok",
        reporter_contact="0900-8844",
        reporter_role="MEL",
        source="police",
    )
    party = report.reporter
    assert party.household is None and party.role == "MEL"
    assert party.label == "wijkagent R. Kok, Politie Oost-Nederland"


def test_a_household_cannot_report_itself(cast, street):
    with pytest.raises(services.NuisanceError):
        file_report(cast, against=street.jansen, by=street.jansen)


def test_a_report_needs_a_reporter(cast, street):
    with pytest.raises(services.NuisanceError):
        file_report(cast, against=street.jansen)


def test_hearing_the_complained_about_tenant_puts_the_case_in_progress(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    bek = nc.parties.get(role="BEK")
    services.invitation_send(party=bek, channel="BRI", actor=cast.advisor)
    services.account_record(
        party=bek, words="Ik werk 's nachts, de muziek is van de bovenburen.", actor=cast.advisor
    )
    nc.case.refresh_from_db()
    assert nc.case.status == "INB"
    assert bek.accounts.get().words.startswith("Ik werk")
    assert list(nc.case.history.values_list("status", flat=True)) == ["AAN", "INB"]


def test_every_change_is_audited_against_the_complained_about_household(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    bek = nc.parties.get(role="BEK")
    services.account_record(party=bek, words="Mijn kant.", actor=cast.advisor)
    services.incident_record(
        nuisance_case=nc,
        occurred_on=dt.date(2026, 3, 3),
        fact="Om 01:10 harde bas gehoord in het trappenhuis.",
        observer_kind="staff",
        actor=cast.advisor,
    )
    services.step_record(nuisance_case=nc, step="talk", reason="Eerst praten.", actor=cast.advisor)
    types = set(
        AuditEvent.objects.filter(household_id=street.jansen.id).values_list(
            "object_type", flat=True
        )
    )
    assert {
        "nuisance.report",
        "nuisance.party",
        "nuisance.account",
        "nuisance.incident",
        "nuisance.steptaken",
        "nuisance.nuisancecase",
        "cases.case",
    } <= types
    # The reporter's own file shows they reported (subject access).
    assert AuditEvent.objects.filter(
        household_id=street.de_boer.id, object_type="nuisance.report"
    ).exists()


def test_a_step_needs_a_reason_and_takes_up_the_new_reports(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    with pytest.raises(services.NuisanceError):
        services.step_record(nuisance_case=nc, step="talk", reason=" ", actor=cast.advisor)
    services.step_record(
        nuisance_case=nc, step="own", reason="Melder gaat zelf aanbellen.", actor=cast.advisor
    )
    assert not nc.reports.filter(acknowledged_on=None).exists()


def test_a_mediation_referral_and_its_outcome_are_recorded(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    mediation = services.mediation_refer(
        nuisance_case=nc,
        organisation="Buurtbemiddeling Deventer",
        reason="Beide kanten gehoord; burenruzie.",
        actor=cast.advisor,
    )
    step = nc.steps.get(step="mediation")
    assert step.follow_up_on == mediation.referred_on + dt.timedelta(days=42)
    services.mediation_outcome_record(
        mediation=mediation,
        outcome="partly",
        note="Afspraak over muziek na 22:00.",
        actor=cast.advisor,
    )
    mediation.refresh_from_db()
    assert mediation.outcome == "partly" and mediation.outcome_on == clock.today()
    step.refresh_from_db()
    assert step.follow_up_done
    with pytest.raises(services.NuisanceError):
        services.mediation_outcome_record(
            mediation=mediation, outcome="resolved", actor=cast.advisor
        )


def noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo("Europe/Amsterdam"))


def _closed_case(cast, street) -> NuisanceCase:
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    return services.nuisance_close(nuisance_case=nc, note="Opgelost.", actor=cast.advisor)


def test_a_new_report_within_12_months_reopens_the_case_and_counts_as_recurrence(
    cast, street, _frozen_clock
):
    nc = _closed_case(cast, street)
    closed_on = nc.case.closed_on
    _frozen_clock.move_to(noon(closed_on + dt.timedelta(days=200)))  # received the day it comes in
    report = file_report(
        cast,
        against=street.jansen,
        by=street.ozturk,
        received_on=closed_on + dt.timedelta(days=200),
    )
    assert report.nuisance_case_id == nc.id
    nc.case.refresh_from_db()
    assert nc.case.status == "INB"
    recurrence = Recurrence.objects.get()
    assert recurrence.action == "reopened"
    assert recurrence.previous_closed_on == closed_on
    stats = recurrence_stats(start=closed_on, end=closed_on)
    assert (stats.closures, stats.recurred, stats.rate) == (1, 1, 1.0)


def test_a_new_report_of_another_kind_is_a_new_case_linked_to_the_closed_one(cast, street):
    nc = _closed_case(cast, street)
    report = file_report(cast, against=street.jansen, by=street.ozturk, detail="VUI")
    assert report.nuisance_case_id != nc.id
    assert report.nuisance_case.previous_id == nc.id
    assert Recurrence.objects.get().action == "linked"


def test_a_report_more_than_12_months_later_is_not_a_recurrence(cast, street, _frozen_clock):
    nc = _closed_case(cast, street)
    _frozen_clock.move_to(noon(nc.case.closed_on + dt.timedelta(days=366)))
    report = file_report(
        cast,
        against=street.jansen,
        by=street.ozturk,
        received_on=nc.case.closed_on + dt.timedelta(days=366),
    )
    assert report.nuisance_case_id != nc.id
    assert report.nuisance_case.previous_id is None
    assert not Recurrence.objects.exists()
    stats = recurrence_stats(start=nc.case.closed_on, end=nc.case.closed_on)
    assert (stats.closures, stats.recurred) == (1, 0)


def test_recurrence_stats_can_be_limited_to_some_households(cast, street):
    nc = _closed_case(cast, street)
    file_report(cast, against=street.jansen, by=street.ozturk)
    day = nc.case.closed_on
    assert recurrence_stats(start=day, end=day, household_ids=[street.jansen.id]).recurred == 1
    mine = recurrence_stats(start=day, end=day, household_ids=[street.de_boer.id])
    assert (mine.closures, mine.recurred, mine.rate) == (0, 0, None)
