"""The nuisance worklist source: new reports, parties not heard, follow-ups due."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding import clock
from verbinding.nuisance import services
from verbinding.nuisance.tests.conftest import file_report
from verbinding.nuisance.worklist import NuisanceSource
from verbinding.testing import factories as f
from verbinding.worklist.sources import registered_sources

pytestmark = pytest.mark.django_db


def kinds(household_ids, today=None):
    items = NuisanceSource().items(household_ids=household_ids, today=today or clock.today())
    return sorted((i.household_id, i.kind) for i in items)


def test_the_source_is_registered():
    assert any(isinstance(s, NuisanceSource) for s in registered_sources())


def test_a_new_report_and_the_unheard_party_are_on_the_worklist_with_reasons(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    items = list(NuisanceSource().items(household_ids=[street.jansen.id], today=clock.today()))
    assert {i.kind for i in items} == {"nuisance_new_report", "nuisance_not_heard"}
    new = next(i for i in items if i.kind == "nuisance_new_report")
    assert new.reason == "Nieuwe overlastmelding over dit huishouden."
    assert new.url.endswith(f"/nuisance/{nc.id}/")
    assert all(i.suggestion for i in items)


def test_taking_up_the_report_and_inviting_the_party_clears_the_worklist(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    services.reports_acknowledge(nuisance_case=nc, actor=cast.advisor)
    services.invitation_send(party=nc.parties.get(role="BEK"), channel="BRI", actor=cast.advisor)
    assert kinds([street.jansen.id]) == []


def test_no_response_after_two_weeks_asks_for_a_second_invitation(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    services.reports_acknowledge(nuisance_case=nc, actor=cast.advisor)
    sent = clock.today() - dt.timedelta(days=15)
    services.invitation_send(
        party=nc.parties.get(role="BEK"), channel="BRI", sent_on=sent, actor=cast.advisor
    )
    items = list(NuisanceSource().items(household_ids=[street.jansen.id], today=clock.today()))
    assert [i.kind for i in items] == ["nuisance_not_heard"]
    assert "tweede uitnodiging" in items[0].suggestion
    assert items[0].since == sent


def test_a_mediation_without_outcome_after_six_weeks_is_a_follow_up(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    services.account_record(
        party=nc.parties.get(role="BEK"), words="Onze kant.", actor=cast.advisor
    )
    referred = clock.today() - dt.timedelta(days=50)
    services.mediation_refer(
        nuisance_case=nc,
        organisation="Buurtbemiddeling",
        reason="Beide gehoord.",
        referred_on=referred,
        actor=cast.advisor,
    )
    assert kinds([street.jansen.id]) == [(street.jansen.id, "nuisance_follow_up")]
    services.mediation_outcome_record(
        mediation=nc.mediations.get(), outcome="resolved", actor=cast.advisor
    )
    assert kinds([street.jansen.id]) == []


def test_closed_cases_and_households_out_of_the_list_stay_off(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    assert kinds([street.de_boer.id]) == []
    services.nuisance_close(nuisance_case=nc, note="Ongegrond.", actor=cast.advisor)
    assert kinds([street.jansen.id]) == []


def test_the_source_uses_a_fixed_number_of_queries(cast, street, django_assert_max_num_queries):
    ids = []
    for i in range(12):
        household = f.household_in(cast.north, name=f"Huishouden {i}")
        nc = file_report(cast, against=household, by=street.de_boer).nuisance_case
        services.step_record(
            nuisance_case=nc,
            step="own",
            reason="Zelf praten.",
            follow_up_on=clock.today(),
            actor=cast.advisor,
        )
        ids.append(household.id)
    with django_assert_max_num_queries(1):
        items = list(NuisanceSource().items(household_ids=ids, today=clock.today()))
    assert len(items) == 24  # not heard + follow-up, for each


def test_one_follow_up_per_case_the_earliest_due_with_its_step(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    today = clock.today()
    for step, days_ago in (("own", 3), ("own", 20), ("own", -5)):
        services.step_record(
            nuisance_case=nc,
            step=step,
            reason="Zelf praten.",
            follow_up_on=today - dt.timedelta(days=days_ago),
            actor=cast.advisor,
        )
    items = list(NuisanceSource().items(household_ids=[street.jansen.id], today=today))
    follow_ups = [i for i in items if i.kind == "nuisance_follow_up"]
    assert [i.since for i in follow_ups] == [today - dt.timedelta(days=20)]
    assert follow_ups[0].url.endswith(f"/nuisance/{nc.id}/")
    assert follow_ups[0].household_id == street.jansen.id


def test_every_complained_about_household_must_be_heard(cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    services.reports_acknowledge(nuisance_case=nc, actor=cast.advisor)
    services.account_record(
        party=nc.parties.get(role="BEK"), words="Onze kant.", actor=cast.advisor
    )
    assert kinds([street.jansen.id]) == []
    services.party_add(nuisance_case=nc, role="BEK", household=street.ozturk, actor=cast.advisor)
    assert kinds([street.jansen.id]) == [(street.jansen.id, "nuisance_not_heard")]
