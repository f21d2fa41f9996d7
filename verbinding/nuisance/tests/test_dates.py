"""What happened cannot have happened tomorrow: reports, accounts, invitations, incidents and
referrals dated after today are refused by the form and by the service."""

from __future__ import annotations

import datetime as dt

import pytest

from verbinding import clock
from verbinding.nuisance import forms, services
from verbinding.nuisance.models import Report
from verbinding.nuisance.tests.conftest import file_report

pytestmark = pytest.mark.django_db


def test_a_report_about_tomorrow_is_refused_and_nothing_is_written(cast, street):
    tomorrow = clock.today() + dt.timedelta(days=1)
    with pytest.raises(services.NuisanceError, match=r"future|toekomst"):
        file_report(cast, against=street.jansen, by=street.de_boer, occurred_on=tomorrow)
    with pytest.raises(services.NuisanceError, match=r"future|toekomst"):
        file_report(cast, against=street.jansen, by=street.de_boer, received_on=tomorrow)
    assert not Report.objects.exists()
    # today is fine
    file_report(cast, against=street.jansen, by=street.de_boer, occurred_on=clock.today())
    assert Report.objects.count() == 1


def test_accounts_invitations_incidents_and_referrals_dated_tomorrow_are_refused(cast, street):
    report = file_report(cast, against=street.jansen, by=street.de_boer)
    nuisance_case = report.nuisance_case
    party = nuisance_case.parties.get(role="BEK")
    tomorrow = clock.today() + dt.timedelta(days=1)
    calls = [
        lambda: services.account_record(
            party=party, words="Het was niet zo hard.", actor=cast.advisor, heard_on=tomorrow
        ),
        lambda: services.invitation_send(
            party=party, channel="BRI", actor=cast.advisor, sent_on=tomorrow
        ),
        lambda: services.incident_record(
            nuisance_case=nuisance_case,
            occurred_on=tomorrow,
            fact="Muziek om 01:00",
            observer_kind="staff",
            actor=cast.advisor,
        ),
        lambda: services.mediation_refer(
            nuisance_case=nuisance_case,
            organisation="Buurtbemiddeling",
            reason="Beide partijen willen praten",
            actor=cast.advisor,
            referred_on=tomorrow,
        ),
    ]
    for call in calls:
        with pytest.raises(services.NuisanceError, match=r"future|toekomst"):
            call()
    assert not nuisance_case.incidents.exists()
    assert not party.accounts.exists()


@pytest.mark.parametrize(
    ("form_class", "field"),
    [
        (forms.IncidentForm, "occurred_on"),
        (forms.InvitationForm, "sent_on"),
        (forms.MediationForm, "referred_on"),
    ],
)
def test_the_forms_say_the_date_cannot_be_in_the_future(form_class, field):
    tomorrow = clock.today() + dt.timedelta(days=1)
    form = form_class(data={field: tomorrow.isoformat()})
    form.is_valid()
    assert "De datum kan niet in de toekomst liggen." in form.errors[field]
    form = form_class(data={field: clock.today().isoformat()})
    form.is_valid()
    assert field not in form.errors
