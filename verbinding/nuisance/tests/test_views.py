"""The nuisance pages: access, both sides, the complained-about party's view, the quick report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding.audit.models import AuditEvent
from verbinding.nuisance import services
from verbinding.nuisance.models import Report
from verbinding.nuisance.tests.conftest import file_report
from verbinding.testing import factories as f

pytestmark = pytest.mark.django_db

REPORTER_DETAILS = [
    "De Boer",
    "Karin",
    "06-11112222",
    "karin@example.org",
    "Lindelaan 10",
    "Öztürk",
    "Mehmet",
    "06-33334444",
    "Lindelaan 14",
]


@pytest.fixture
def heard_case(cast, street):
    """Two neighbours reported; the Jansens were invited and told their side."""
    file_report(cast, against=street.jansen, by=street.de_boer)
    nc = file_report(
        cast, against=street.jansen, by=street.ozturk, talked_to_neighbour="no"
    ).nuisance_case
    bek = nc.parties.get(role="BEK")
    services.invitation_send(party=bek, channel="BRI", actor=cast.advisor)
    services.account_record(
        party=bek,
        words="Wij hebben een baby die 's nachts huilt; muziek staat nooit aan na tienen.",
        actor=cast.advisor,
    )
    reporter = nc.parties.get(household=street.de_boer)
    services.account_record(
        party=reporter, words="Het gaat al maanden zo, ik slaap slecht.", actor=cast.advisor
    )
    services.incident_record(
        nuisance_case=nc,
        occurred_on=dt.date(2026, 3, 9),
        occurred_time=dt.time(1, 15),
        # A slip: the advisor named the reporter in a fact; the party view must still hide it.
        fact="Karin de Boer (Lindelaan 10) hoorde harde bas tot 01:15.",
        observer_kind="reporter",
        observer_party=reporter,
        observer_name="Karin de Boer",
        actor=cast.advisor,
    )
    return nc


def test_the_advisor_sees_both_accounts_side_by_side(client, cast, heard_case):
    client.force_login(cast.advisor)
    response = client.get(reverse("nuisance:detail", args=[heard_case.id]))
    assert response.status_code == 200
    html = response.text
    reporters = html[
        html.index('data-testid="side-reporters"') : html.index('data-testid="side-complained"')
    ]
    complained = html[html.index('data-testid="side-complained"') :]
    assert "Het gaat al maanden zo" in reporters and "Harde muziek" in reporters
    assert "baby die" in complained and "baby die" not in reporters
    assert "Beide kanten" in html  # Dutch by default


def test_the_page_says_when_the_other_side_has_not_been_heard(client, cast, street):
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    client.force_login(cast.advisor)
    response = client.get(reverse("nuisance:detail", args=[nc.id]))
    assert 'data-testid="not-heard"' in response.text
    assert "nog niet uitgenodigd" in response.text


def test_the_complained_about_partys_view_never_names_the_reporters(client, cast, heard_case):
    bek = heard_case.parties.get(role="BEK")
    client.force_login(cast.advisor)
    response = client.get(reverse("nuisance:party_view", args=[heard_case.id, bek.id]))
    assert response.status_code == 200
    html = response.text
    assert "baby die" in html  # their own account
    assert "harde bas tot 01:15" in html  # the facts
    for detail in REPORTER_DETAILS:
        assert detail.lower() not in html.lower(), detail
    assert AuditEvent.objects.filter(
        action="export", object_type="nuisance.nuisancecase", object_id=str(heard_case.id)
    ).exists()


def test_a_reporter_who_agreed_may_be_named_to_the_other_party(client, cast, street):
    nc = file_report(
        cast, against=street.jansen, by=street.de_boer, share_identity=True
    ).nuisance_case
    services.incident_record(
        nuisance_case=nc,
        occurred_on=dt.date(2026, 3, 9),
        fact="Karin de Boer hoorde geschreeuw.",
        observer_kind="reporter",
        actor=cast.advisor,
    )
    bek = nc.parties.get(role="BEK")
    client.force_login(cast.advisor)
    response = client.get(reverse("nuisance:party_view", args=[nc.id, bek.id]))
    assert "Karin de Boer hoorde" in response.text


def test_there_is_no_as_seen_view_of_a_reporter(client, cast, heard_case):
    reporter = heard_case.parties.filter(role="KLG").first()
    client.force_login(cast.advisor)
    assert (
        client.get(reverse("nuisance:party_view", args=[heard_case.id, reporter.id])).status_code
        == 404
    )


def test_opening_a_case_is_audited(client, cast, heard_case):
    client.force_login(cast.colleague)
    client.get(reverse("nuisance:detail", args=[heard_case.id]))
    assert AuditEvent.objects.filter(
        action="view", actor=cast.colleague, object_id=str(heard_case.id)
    ).exists()


def test_a_case_outside_reach_is_not_found(client, cast, heard_case):
    client.force_login(cast.other_advisor)
    response = client.get(reverse("nuisance:detail", args=[heard_case.id]))
    assert response.status_code == 404
    response = client.post(reverse("nuisance:incident_add", args=[heard_case.id]), {})
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["manager", "privacy_officer"])
def test_managers_get_no_nuisance_files(client, cast, heard_case, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("nuisance:detail", args=[heard_case.id])).status_code == 403
    assert client.get(reverse("nuisance:list")).status_code == 403


def test_a_case_about_a_household_elsewhere_is_seen_through_the_reporter_in_reach(
    client, cast, street
):
    nc = file_report(cast, against=cast.south_household, by=street.de_boer).nuisance_case
    client.force_login(cast.advisor)
    assert client.get(reverse("nuisance:detail", args=[nc.id])).status_code == 200
    client.force_login(cast.other_advisor)
    assert client.get(reverse("nuisance:detail", args=[nc.id])).status_code == 200


def test_a_safety_flag_shows_where_a_visit_is_planned(client, cast, street):
    f.SafetyFlagFactory(household=street.jansen, kind="AGR", detail="BEZ", note="Hond in huis")
    nc = file_report(cast, against=street.jansen, by=street.de_boer).nuisance_case
    client.force_login(cast.advisor)
    html = client.get(reverse("nuisance:detail", args=[nc.id])).text
    assert html.count('data-testid="visit-flag"') >= 3  # top, invitation, account forms
    assert "Bezoek met twee" in html and "Hond in huis" in html


def test_staff_enter_a_phoned_in_report(client, cast, street):
    client.force_login(cast.advisor)
    url = reverse("nuisance:report_new", args=[street.jansen.id])
    page = client.get(url)
    assert "Lindelaan 10" in page.text  # the neighbours are offered
    response = client.post(
        url,
        {
            "reporter_household": street.de_boer.id,
            "source": "tenant",
            "reporter_role": "KLG",
            "channel": "TEL",
            "detail": "GEL",
            "occurred_on": "2026-03-02",
            "occurred_time": "23:30",
            "place": "trappenhuis",
            "what_happened": "Geschreeuw en harde muziek.",
            "frequency": "weekly",
            "talked_to_neighbour": "no",
        },
    )
    report = Report.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("nuisance:detail", args=[report.nuisance_case_id])
    assert report.reporter.household == street.de_boer
    assert report.entered_by == cast.advisor and report.channel == "TEL"


def test_a_report_form_without_a_reporter_is_refused(client, cast, street):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("nuisance:report_new", args=[street.jansen.id]),
        {
            "source": "tenant",
            "reporter_role": "KLG",
            "channel": "TEL",
            "detail": "GEL",
            "occurred_on": "2026-03-02",
            "what_happened": "x",
            "frequency": "once",
            "talked_to_neighbour": "no",
        },
    )
    assert response.status_code == 200
    assert not Report.objects.exists()


def test_the_report_search_finds_households_in_reach_only(client, cast, street):
    client.force_login(cast.advisor)
    html = client.get(reverse("nuisance:report_start"), {"q": "Huishouden"}).text
    assert "Huishouden Jansen" in html and "El Amrani" not in html


def test_the_mediation_referral_and_outcome_through_the_page(client, cast, heard_case):
    client.force_login(cast.advisor)
    client.post(
        reverse("nuisance:mediation_add", args=[heard_case.id]),
        {
            "mediation-organisation": "Buurtbemiddeling Deventer",
            "mediation-reason": "Beide gehoord.",
            "mediation-referred_on": "2026-03-20",
        },
    )
    mediation = heard_case.mediations.get()
    client.post(
        reverse("nuisance:mediation_outcome", args=[heard_case.id, mediation.id]),
        {f"outcome{mediation.id}-outcome": "resolved", f"outcome{mediation.id}-note": "Afspraken"},
    )
    mediation.refresh_from_db()
    assert mediation.outcome == "resolved"
    html = client.get(reverse("nuisance:detail", args=[heard_case.id])).text
    assert "Opgelost" in html


def test_the_list_page_has_a_fixed_number_of_queries(
    client, cast, street, django_assert_max_num_queries
):
    for i in range(8):
        household = f.household_in(cast.north, name=f"Huishouden {i}")
        file_report(cast, against=household, by=street.de_boer)
    client.force_login(cast.advisor)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("nuisance:list"))
    assert response.text.count("Huishouden ") >= 8
    assert "Andere kant nog niet gehoord" in response.text


def test_the_case_page_has_a_fixed_number_of_queries(
    client, cast, heard_case, django_assert_max_num_queries
):
    client.force_login(cast.advisor)
    with django_assert_max_num_queries(25):
        client.get(reverse("nuisance:detail", args=[heard_case.id]))


def test_an_invalid_form_is_refused_with_a_message(client, cast, heard_case):
    client.force_login(cast.advisor)
    response = client.post(
        reverse("nuisance:step_add", args=[heard_case.id]), {"step-step": "talk"}, follow=True
    )
    assert "Niet opgeslagen" in response.text
    assert not heard_case.steps.exists()


def test_the_advisor_records_a_step_and_the_suggestion_at_the_time(client, cast, heard_case):
    client.force_login(cast.advisor)
    client.post(
        reverse("nuisance:step_add", args=[heard_case.id]),
        {"step-step": "warning", "step-reason": "Derde melding deze maand."},
    )
    step = heard_case.steps.get()
    assert (step.step, step.suggested) == ("warning", "mediation")
    html = client.get(reverse("nuisance:detail", args=[heard_case.id])).text
    assert "Derde melding deze maand." in html


def test_a_second_complained_about_household_can_be_added(client, cast, street, heard_case):
    client.force_login(cast.advisor)
    client.post(
        reverse("nuisance:party_add", args=[heard_case.id]),
        {"party-role": "BEK", "party-household": street.ozturk.id},
    )
    assert heard_case.parties.filter(role="BEK").count() == 2
    client.post(
        reverse("nuisance:party_add", args=[heard_case.id]),
        {"party-role": "OVE", "party-organisation": "GGZ Deventer", "party-contact": "0570-123"},
    )
    html = client.get(reverse("nuisance:detail", args=[heard_case.id])).text
    assert "GGZ Deventer" in html
