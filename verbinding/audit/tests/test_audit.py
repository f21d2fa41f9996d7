from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from verbinding.audit.models import AuditEvent
from verbinding.audit.services import audit_record

pytestmark = pytest.mark.django_db


def test_an_audit_row_cannot_be_changed_through_the_model(cast):
    event = audit_record(actor=cast.advisor, action="view", object_type="x", object_id=1)
    event.summary = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(summary="x")


def test_the_database_itself_refuses_updates_and_deletes(cast):
    event = audit_record(actor=cast.advisor, action="view", object_type="x", object_id=1)
    for sql in (
        "UPDATE audit_auditevent SET summary = 'tampered' WHERE id = %s",
        "DELETE FROM audit_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [event.id])
    assert AuditEvent.objects.get(id=event.id).summary == ""


def test_a_service_that_fails_leaves_no_audit_row(cast):
    from verbinding.households.services import safety_flag_add

    with pytest.raises(ValueError):
        safety_flag_add(household=cast.north_household, kind="NOPE", actor=cast.advisor)
    assert not AuditEvent.objects.exists()


def test_logins_and_failed_logins_are_recorded(client, cast):
    from verbinding.testing.factories import PASSWORD

    client.post("/account/login/", {"username": "anna", "password": "wrong"})
    client.post("/account/login/", {"username": "anna", "password": PASSWORD})
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["login_failed", "login"]


def test_the_privacy_officer_reads_the_log_per_household(client, cast):
    client.force_login(cast.advisor)
    client.get(f"/households/{cast.north_household.id}/")
    client.force_login(cast.privacy_officer)
    response = client.get("/audit/", {"household": str(cast.north_household.id)})
    assert response.status_code == 200
    assert "Anna de Vries" in response.text
