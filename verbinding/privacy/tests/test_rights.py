"""Rectification (AVG art. 16) and erasure (AVG art. 17) by the privacy officer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from verbinding import clock
from verbinding.audit.models import AuditEvent
from verbinding.cases.models import Case
from verbinding.contacts.models import ContactMoment
from verbinding.ledger.models import LedgerEntry
from verbinding.network.models import NetworkMember
from verbinding.privacy import rights
from verbinding.testing import factories as f

pytestmark = pytest.mark.django_db


def _case(household, handler, *, status="AFG", closed_days_ago=30, note="praat over schulden"):
    today = clock.today()
    case = Case.objects.create(
        household=household,
        kind="FIN",
        detail="HUA",
        handler=handler,
        summary="schulden bij de buurman",
        status=status,
        opened_on=today - dt.timedelta(days=closed_days_ago + 90),
        closed_on=None if status == "INB" else today - dt.timedelta(days=closed_days_ago),
    )
    ContactMoment.objects.create(
        household=household,
        case=case,
        author=handler,
        channel="TEL",
        outcome="spoke",
        occurred_at=clock.now() - dt.timedelta(days=closed_days_ago + 10),
        note=note,
    )
    return case


def _all_audit_text() -> str:
    return " ".join(str(row) for row in AuditEvent.objects.values())


# --- art. 16 ---------------------------------------------------------------------------------


def test_a_phone_number_is_corrected_with_a_reason_and_the_log_keeps_neither_value(cast):
    """AVG art. 16: rectification without undue delay; the log shows the field, not the values."""
    household = cast.north_household
    person = household.members.first().person
    person.phone = "06-11112222"
    person.save()
    rights.rectify(
        actor=cast.privacy_officer,
        household=household,
        key=f"person:{person.id}:phone",
        value="06-33334444",
        reason="Verzoek huurder per brief van 1 juni, gecontroleerd aan de telefoon",
    )
    person.refresh_from_db()
    assert person.phone == "06-33334444"
    row = AuditEvent.objects.get(action="update", object_type="households.person")
    assert row.fields == ["phone"] and row.household_id == household.id
    assert row.reason.startswith("Verzoek huurder")
    text = _all_audit_text()
    assert "06-11112222" not in text and "06-33334444" not in text


def test_a_contact_note_is_corrected_and_the_old_text_is_gone_from_the_log(cast):
    case = _case(cast.north_household, cast.advisor, note="Meneer drinkt veel, zegt de buurvrouw")
    contact = ContactMoment.objects.get(case=case)
    rights.rectify(
        actor=cast.privacy_officer,
        household=cast.north_household,
        key=f"contact:{contact.id}:note",
        value="Gesprek over de huur.",
        reason="Onjuiste bewering van derde",
    )
    contact.refresh_from_db()
    assert contact.note == "Gesprek over de huur."
    assert "drinkt" not in _all_audit_text() and "Gesprek over" not in _all_audit_text()


def test_a_correction_needs_a_reason_a_valid_value_and_a_record_of_this_household(cast):
    person = cast.north_household.members.first().person
    other = cast.south_household.members.first().person
    refused = [
        (f"person:{person.id}:phone", "06-1", " "),  # no reason
        (f"person:{other.id}:phone", "06-1", "x"),  # another household's person
        (f"person:{person.id}:birth_date", "31-02-1980", "x"),  # not a date
        (f"person:{person.id}:id", "1", "x"),  # not a correctable field
    ]
    for key, value, reason in refused:
        with pytest.raises(rights.RightsError):
            rights.rectify(
                actor=cast.privacy_officer,
                household=cast.north_household,
                key=key,
                value=value,
                reason=reason,
            )
    assert not AuditEvent.objects.filter(action="update").exists()


def test_the_privacy_officer_corrects_through_the_page_and_others_cannot(client, cast):
    person = cast.north_household.members.first().person
    url = reverse("privacy:rectify", args=[cast.north_household.id])
    data = {"target": f"person:{person.id}:birth_date", "value": "1980-03-31", "reason": "ID"}
    client.force_login(cast.advisor)
    assert client.post(url, data).status_code == 403
    client.force_login(cast.privacy_officer)
    page = client.get(reverse("privacy:household", args=[cast.north_household.id]))
    assert page.status_code == 200 and "Corrigeren" in page.content.decode()
    response = client.post(url, data)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.birth_date == dt.date(1980, 3, 31)


# --- art. 17 ---------------------------------------------------------------------------------


def test_erasure_deletes_closed_casework_network_and_loose_contacts_and_logs_only_counts(cast):
    """AVG art. 17(1): erased where no ground to keep applies; the log says kind and number."""
    household = cast.north_household
    closed = _case(household, cast.advisor, note="vertrouwelijk verhaal")
    NetworkMember.objects.create(household=household, name="Vriendin Sanne", category="friends")
    ContactMoment.objects.create(
        household=household,
        author=cast.advisor,
        channel="TEL",
        outcome="spoke",
        occurred_at=clock.now() - dt.timedelta(days=3),
        note="los contact",
    )
    done = rights.erase(
        actor=cast.privacy_officer,
        household=household,
        reason="Verzoek van 1 juni",
        today=clock.today(),
    )
    assert not Case.objects.filter(id=closed.id).exists()
    assert not ContactMoment.objects.filter(household=household).exists()
    assert not NetworkMember.objects.filter(household=household).exists()
    erased = {d.kind: d.erased for d in done if d.erase}
    assert erased["casework"] == 1 and erased["network"] == 1 and erased["contacts"] == 1
    rows = AuditEvent.objects.filter(action="delete", object_type__startswith="erasure.")
    assert {r.object_type for r in rows} == {
        "erasure.casework",
        "erasure.network",
        "erasure.contacts",
    }
    text = _all_audit_text()
    assert "vertrouwelijk" not in text and "Sanne" not in text and "los contact" not in text
    assert "erasure (AVG art. 17) casework: 1 deleted" in text


def test_financial_records_are_kept_seven_years_after_the_tenancy_ended_with_the_rule(cast):
    """Art. 2:10 BW and AWR art. 52(4): the administration is kept for seven years."""
    household = cast.north_household
    tenancy = household.tenancies.get()
    today = clock.today()
    tenancy.end_date = today - dt.timedelta(days=365)
    tenancy.save()
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=today - dt.timedelta(days=400))
    decisions = {d.kind: d for d in rights.plan(household, today=today)}
    kept = decisions["financial_kept"]
    assert not kept.erase and kept.count == 1
    until = tenancy.end_date.replace(year=tenancy.end_date.year + 7).isoformat()
    assert until in str(kept.reason) and "2:10 BW" in str(kept.rule)
    rights.erase(actor=cast.privacy_officer, household=household, reason="x", today=today)
    assert LedgerEntry.objects.filter(tenancy=tenancy).count() == 1


def test_financial_records_past_the_period_are_erased(cast, settings):
    settings.RETENTION_YEARS = {"financial": 7}
    household = cast.north_household
    tenancy = household.tenancies.get()
    today = clock.today()
    tenancy.end_date = today - dt.timedelta(days=8 * 366)
    tenancy.save()
    f.LedgerEntryFactory(tenancy=tenancy, booked_on=today - dt.timedelta(days=9 * 366))
    rights.erase(actor=cast.privacy_officer, household=household, reason="x", today=today)
    assert not LedgerEntry.objects.filter(tenancy=tenancy).exists()
    assert AuditEvent.objects.filter(object_type="erasure.financial").exists()


def test_open_cases_and_the_audit_log_are_kept_with_the_reason(cast):
    household = cast.north_household
    open_case = _case(household, cast.advisor, status="INB")
    decisions = {d.kind: d for d in rights.plan(household, today=clock.today())}
    assert not decisions["open_cases"].erase and "17 lid 1" in str(decisions["open_cases"].rule)
    assert not decisions["audit"].erase and "5 lid 2" in str(decisions["audit"].rule)
    assert not decisions["register"].erase
    rights.erase(actor=cast.privacy_officer, household=household, reason="x", today=clock.today())
    assert Case.objects.filter(id=open_case.id).exists()


def test_erasure_needs_a_reason_and_a_confirmation_on_the_page(client, cast):
    closed = _case(cast.north_household, cast.advisor)
    url = reverse("privacy:erase", args=[cast.north_household.id])
    client.force_login(cast.team_lead)
    assert client.post(url, {"reason": "x", "confirm": "on"}).status_code == 403
    client.force_login(cast.privacy_officer)
    page = client.get(reverse("privacy:household", args=[cast.north_household.id]))
    assert "Wissen (AVG art. 17)" in page.content.decode()
    assert client.post(url, {"reason": "x"}).status_code == 400
    assert Case.objects.filter(id=closed.id).exists()
    assert client.post(url, {"reason": "Verzoek 1 juni", "confirm": "on"}).status_code == 302
    assert not Case.objects.filter(id=closed.id).exists()
