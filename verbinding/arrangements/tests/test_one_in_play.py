"""One payment arrangement in play (requested, running or frozen) per tenancy: in the database, in
the service (under a lock), on the page; a replaced request cannot be approved any more."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from verbinding.arrangements import services
from verbinding.arrangements.models import ApprovalState, PaymentArrangement
from verbinding.arrangements.tests.conftest import book
from verbinding.audit.models import AuditEvent

pytestmark = pytest.mark.usefixtures("reference")

FEB_10 = dt.date(2026, 2, 10)


def in_arrears(household, months: int = 2):  # type: ignore[no-untyped-def]
    tenancy = household.tenancies.get()
    for m in range(1, months + 1):
        book(tenancy, dt.date(2026, m, 1), 65000, kind="charge")
    return tenancy


def propose(cast, tenancy, instalment: int, *, reason: str = "", replaces=None):  # type: ignore[no-untyped-def]
    return services.arrangement_propose(
        household=cast.north_household,
        tenancy=tenancy,
        amount_cents=130000,
        instalment_cents=instalment,
        first_due_on=dt.date(2026, 3, 1),
        actor=cast.advisor,
        exception_reason=reason,
        on=FEB_10,
        replaces=replaces,
    )


def test_a_second_arrangement_is_refused_while_one_runs(cast):
    tenancy = in_arrears(cast.north_household)
    first = propose(cast, tenancy, 13000)
    assert first.status == "ACT"
    with pytest.raises(services.ArrangementInPlay) as refused:
        propose(cast, tenancy, 20000)
    assert refused.value.existing == first
    assert "Er is al een betalingsregeling" in str(refused.value)
    assert PaymentArrangement.objects.filter(tenancy=tenancy).count() == 1


def test_a_new_proposal_replaces_the_running_one_only_when_confirmed(cast):
    tenancy = in_arrears(cast.north_household)
    first = propose(cast, tenancy, 13000)
    # a second arrangement within a year is outside the margins: the team lead decides
    second = propose(cast, tenancy, 22000, reason="Nieuwe baan, lager loon", replaces=first)
    first.refresh_from_db()
    assert (first.status, first.end_reason) == ("ANN", "VOL")
    assert (second.status, second.approval) == ("AAN", ApprovalState.PENDING)
    assert services.arrangement_in_play(tenancy=tenancy) == second
    assert AuditEvent.objects.filter(summary="arrangement replaced").count() == 1


def test_the_database_refuses_a_second_arrangement_in_play(cast):
    tenancy = in_arrears(cast.north_household)
    first = propose(cast, tenancy, 13000)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentArrangement.objects.create(
            household=first.household,
            tenancy=tenancy,
            policy=first.policy,
            amount_cents=1000,
            instalment_cents=1000,
            first_due_on=FEB_10,
            term_months=1,
            rent_cents=65000,
            inside_margins=True,
            status="BEV",
            created_by=cast.advisor,
            created_on=FEB_10,
        )


def test_a_team_lead_cannot_approve_a_request_that_a_newer_arrangement_replaced(cast):
    tenancy = in_arrears(cast.north_household)
    request = propose(cast, tenancy, 5500, reason="Inkomen laag")  # 24 months: outside
    assert (request.status, request.approval) == ("AAN", ApprovalState.PENDING)
    newer = propose(cast, tenancy, 22000, replaces=request)  # inside: runs at once
    request.refresh_from_db()
    assert (request.status, request.approval) == ("VER", ApprovalState.REPLACED)
    with pytest.raises(services.ArrangementError, match="vervangen"):
        services.arrangement_decide(arrangement=request, approve=True, actor=cast.team_lead)
    assert services.arrangement_in_play(tenancy=tenancy) == newer


def test_the_page_asks_whether_the_proposal_replaces_the_current_one(client, cast):
    tenancy = in_arrears(cast.north_household)
    first = propose(cast, tenancy, 13000)
    client.force_login(cast.advisor)
    url = reverse("arrangements:new", args=[cast.north_household.id])
    page = client.get(url)
    assert 'data-testid="existing-arrangement"' in page.text
    data = {
        "amount": "1300,00",
        "instalment": "220,00",
        "first_due_on": "2026-07-01",
        "exception_reason": "Tweede regeling dit jaar",
    }
    checked = client.post(url, {**data, "action": "check"})
    assert 'name="replaces"' in checked.text and 'id="verdict"' in checked.text
    refused = client.post(url, {**data, "action": "save"})
    assert refused.status_code == 200
    assert "Vink het vakje aan" in refused.text
    assert PaymentArrangement.objects.filter(tenancy=tenancy).count() == 1
    saved = client.post(url, {**data, "action": "save", "replaces": str(first.id)})
    assert saved.status_code == 302
    first.refresh_from_db()
    assert first.status == "ANN"


def test_what_would_fit_is_shown_next_to_the_verdict(client, cast):
    in_arrears(cast.north_household)
    client.force_login(cast.advisor)
    url = reverse("arrangements:new", args=[cast.north_household.id])
    data = {"amount": "1300,00", "instalment": "55,00", "first_due_on": "2026-07-01"}
    text = client.post(url, {**data, "action": "check"}).text
    # €1,300 is 2 months of rent: at most 12 months, so at least €108,34 a month
    assert "Wat wel past: een termijn van minstens € 108,34 per maand" in text
    assert "hoogstens 12 maanden" in text
    assert text.index('data-testid="what-fits"') < text.index('data-testid="save"')
    assert text.index('data-testid="save"') < text.index('data-testid="schedule"')


@pytest.mark.django_db(transaction=True)
def test_two_proposals_at_once_one_wins_the_other_gets_a_clear_message(cast):
    """On PostgreSQL two threads really race: the tenancy row lock makes the second wait and then
    find the first arrangement; it is refused with the Dutch message, never a 500."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers)")
    from verbinding.arrangements.reference import load_current

    load_current()
    tenancy = in_arrears(cast.north_household)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def run(instalment: int) -> None:
        from django.db import connections

        try:
            barrier.wait()
            results.append(propose(cast, tenancy, instalment))
        except services.ArrangementError as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in (13000, 22000)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = [r for r in results if isinstance(r, PaymentArrangement)]
    refused = [r for r in results if isinstance(r, services.ArrangementError)]
    assert len(saved) == 1 and len(refused) == 1
    assert "betalingsregeling" in str(refused[0])
    assert PaymentArrangement.objects.filter(tenancy=tenancy, status="ACT").count() == 1
