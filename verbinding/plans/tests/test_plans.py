"""The joint plan: goals in own words, agreements with owners, follow-up, print and PDF."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.network.services import member_add
from verbinding.plans import services
from verbinding.plans.models import Agreement
from verbinding.plans.pdf import latin1
from verbinding.plans.worklist import AgreementsDue

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


@pytest.fixture
def plan(cast):
    return services.plan_for_household(household=cast.north_household, actor=cast.advisor)


def test_a_plan_is_made_from_goals_and_agreements_on_the_page(client, cast):
    client.force_login(cast.advisor)
    hid = cast.north_household.id
    client.post(reverse("plans:goal_add", args=[hid]), {"text": "Ik wil hier blijven wonen"})
    client.post(
        reverse("plans:agreement_add", args=[hid]),
        {"what": "Elke maand de huur op de 1e betalen", "owner": "tenant", "due_on": "2030-01-01"},
    )
    agreement = Agreement.objects.get()
    assert agreement.owner_kind == "tenant" and agreement.status == "open"
    assert agreement.history.count() == 1
    page = client.get(reverse("plans:plan", args=[hid])).text
    assert "Ik wil hier blijven wonen" in page and "Elke maand de huur" in page


def test_an_agreement_can_be_owned_by_a_network_member_or_an_agency(client, cast, plan):
    coach = member_add(
        household=cast.north_household,
        name="Budgetcoach Sanne",
        category="professionals",
        role="BUD",
        actor=cast.advisor,
    )
    oma = member_add(
        household=cast.north_household, name="Oma", category="family", actor=cast.advisor
    )
    client.force_login(cast.advisor)
    hid = cast.north_household.id
    url = reverse("plans:agreement_add", args=[hid])
    client.post(url, {"what": "Past op de kinderen", "owner": f"member:{oma.id}"})
    client.post(url, {"what": "Maakt een budgetplan", "owner": f"member:{coach.id}"})
    client.post(url, {"what": "Aanvraag toeslag", "owner": "agency", "owner_name": "Gemeente"})
    client.post(url, {"what": "Bel de verhuurder", "owner": "advisor"})
    kinds = dict(Agreement.objects.values_list("what", "owner_kind"))
    assert kinds == {
        "Past op de kinderen": "network",
        "Maakt een budgetplan": "agency",
        "Aanvraag toeslag": "agency",
        "Bel de verhuurder": "advisor",
    }
    assert Agreement.objects.get(owner_kind="advisor").owner_user == cast.advisor


def test_status_changes_are_appended_and_follow_the_allowed_transitions(cast, plan):
    a = services.agreement_add(
        plan=plan, what="Formulier invullen", owner_kind="tenant", actor=cast.advisor
    )
    services.agreement_change_status(agreement=a, status="done", actor=cast.advisor)
    services.agreement_change_status(
        agreement=a, status="open", actor=cast.advisor, note="Toch niet"
    )
    assert [h.status for h in a.history.order_by("at", "id")] == ["open", "done", "open"]
    services.agreement_change_status(agreement=a, status="cancelled", actor=cast.advisor)
    with pytest.raises(services.TransitionNotAllowed):
        services.agreement_change_status(agreement=a, status="done", actor=cast.advisor)


def test_due_agreements_reach_the_worklist_as_a_task_or_a_reminder_to_call(cast, plan):
    today = clock.today()
    services.agreement_add(
        plan=plan, what="Brief sturen", owner_kind="advisor", due_on=today - DAY, actor=cast.advisor
    )
    services.agreement_add(
        plan=plan, what="Loonstrook opsturen", owner_kind="tenant", due_on=today, actor=cast.advisor
    )
    services.agreement_add(
        plan=plan, what="Later", owner_kind="tenant", due_on=today + DAY, actor=cast.advisor
    )
    items = list(AgreementsDue().items(household_ids=[cast.north_household.id], today=today))
    assert sorted((i.kind, i.assignee_id) for i in items) == [
        ("agreement_due", cast.advisor.id),
        ("call_reminder", cast.advisor.id),
    ]
    reminder = next(i for i in items if i.kind == "call_reminder")
    assert "Loonstrook opsturen" in reminder.reason


def test_the_agreements_source_uses_a_bounded_number_of_queries(
    cast, plan, django_assert_num_queries
):
    today = clock.today()
    for i in range(6):
        services.agreement_add(
            plan=plan, what=f"A{i}", owner_kind="tenant", due_on=today - DAY, actor=cast.advisor
        )
    with django_assert_num_queries(1):
        list(AgreementsDue().items(household_ids=list(range(1, 4000)), today=today))


def test_the_printed_plan_is_in_plain_dutch_and_says_who_to_call(client, cast, plan):
    services.goal_add(plan=plan, text="Rust in mijn hoofd over geld", actor=cast.advisor)
    services.agreement_add(
        plan=plan,
        what="Post samen openen",
        owner_kind="tenant",
        due_on=dt.date(2030, 3, 2),
        actor=cast.advisor,
    )
    member_add(
        household=cast.north_household,
        name="Wijkteam Oost",
        category="professionals",
        role="wijkteam",
        phone="0570-111222",
        actor=cast.advisor,
    )
    client.force_login(cast.advisor)
    html = client.get(reverse("plans:print", args=[cast.north_household.id])).text
    assert "Ons plan" in html
    assert "Wat we hebben afgesproken" in html
    assert "Wie:" in html and "U" in html
    assert "Wie kunt u bellen?" in html
    assert "0570-111222" in html
    assert (
        "@media print"
        in open(  # noqa: SIM115
            "verbinding/plans/static/plans/print.css", encoding="utf-8"
        ).read()
    )


def test_the_plan_pdf_is_a_pdf(client, cast, plan):
    services.agreement_add(
        plan=plan,
        what="Huur betalen \u201cop tijd\u201d \u2013 \u20ac50",
        owner_kind="tenant",
        actor=cast.advisor,
    )
    client.force_login(cast.advisor)
    response = client.get(reverse("plans:pdf", args=[cast.north_household.id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export", summary="plan PDF").exists()


def test_pdf_text_is_made_latin1_safe():
    assert latin1("\u201c\u20ac 50\u201d \u2013 één \u2603").encode("latin-1")
    assert latin1("één") == "één"


def test_there_is_nothing_to_print_without_a_plan(client, cast):
    client.force_login(cast.advisor)
    assert client.get(reverse("plans:print", args=[cast.north_household.id])).status_code == 404


def test_a_plan_out_of_reach_is_not_found(client, cast):
    client.force_login(cast.advisor)
    hid = cast.south_household.id
    assert client.get(reverse("plans:plan", args=[hid])).status_code == 404
    assert client.post(reverse("plans:goal_add", args=[hid]), {"text": "x"}).status_code == 404


def test_every_change_to_the_plan_is_audited(cast, plan):
    goal = services.goal_add(plan=plan, text="Schulden weg", actor=cast.advisor)
    a = services.agreement_add(
        plan=plan, what="X", owner_kind="tenant", goal=goal, actor=cast.advisor
    )
    services.agreement_change_status(agreement=a, status="done", actor=cast.advisor)
    types = list(
        AuditEvent.objects.filter(household_id=cast.north_household.id).values_list(
            "object_type", "action"
        )
    )
    assert ("plans.plan", "create") in types
    assert ("plans.goal", "create") in types
    assert ("plans.agreement", "create") in types
    assert ("plans.agreement", "update") in types


def test_a_status_change_from_a_stale_page_is_refused_with_what_it_is_now(cast, plan, client):
    """Two tabs (or a colleague): one marks the agreement "did not work out", the other, still
    showing "open", clicks "cancel". not_done → cancelled is allowed, so without the check the
    second click silently overruled a status its user never saw."""
    a = services.agreement_add(
        plan=plan, what="Formulier invullen", owner_kind="tenant", actor=cast.advisor
    )
    client.force_login(cast.advisor)
    url = reverse("plans:agreement_status", args=[a.id])
    client.post(url, {"status": "not_done", "seen": "open"})
    response = client.post(url, {"status": "cancelled", "seen": "open"}, follow=True)
    a.refresh_from_db()
    assert a.status == "not_done"
    assert [h.status for h in a.history.order_by("at", "id")] == ["open", "not_done"]
    assert "Iemand anders heeft deze afspraak intussen veranderd" in response.text
    # from the fresh page it works
    client.post(url, {"status": "cancelled", "seen": "not_done"})
    a.refresh_from_db()
    assert a.status == "cancelled"
