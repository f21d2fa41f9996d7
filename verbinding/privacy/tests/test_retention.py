"""Retention: records past their period are deleted; the log says what kind and how many."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from verbinding import clock
from verbinding.audit import chain
from verbinding.audit.models import AuditEvent
from verbinding.audit.services import audit_record
from verbinding.cases.models import Case
from verbinding.contacts.models import ContactMoment
from verbinding.privacy import retention

pytestmark = pytest.mark.django_db


def _case(cast, closed_on, summary):
    case = Case.objects.create(
        household=cast.north_household,
        kind="FIN",
        detail="HUA",
        handler=cast.advisor,
        summary=summary,
        status="AFG",
        opened_on=closed_on - dt.timedelta(days=90),
        closed_on=closed_on,
    )
    ContactMoment.objects.create(
        household=cast.north_household,
        case=case,
        author=cast.advisor,
        channel="TEL",
        outcome="spoke",
        occurred_at=clock.now() - dt.timedelta(days=900),
        note="oude notitie",
    )
    return case


def test_closed_casework_older_than_two_years_is_deleted_and_only_counted_in_the_log(cast):
    today = clock.today()
    old = _case(cast, today - dt.timedelta(days=2 * 366 + 5), "schulden bij de buurman")
    recent = _case(cast, today - dt.timedelta(days=300), "nog bewaren")
    out = io.StringIO()
    call_command("retention", "--dry-run", stdout=out)
    assert "casework" in out.getvalue() and Case.objects.count() == 2
    assert not AuditEvent.objects.filter(action="delete").exists()

    call_command("retention", stdout=io.StringIO())
    assert list(Case.objects.all()) == [recent]
    assert not ContactMoment.objects.filter(case_id=old.id).exists()
    event = AuditEvent.objects.get(action="delete", object_type="retention.casework")
    assert "1 deleted" in event.summary and "schulden" not in str(event.__dict__)


def test_periods_are_configurable(cast, settings):
    settings.RETENTION_YEARS = {"casework": 10}
    today = clock.today()
    _case(cast, today - dt.timedelta(days=5 * 366), "x")
    retention.run(today=today, dry_run=False)
    assert Case.objects.count() == 1
    assert retention.years("financial") == 7


def test_deleting_old_audit_rows_keeps_the_chain_verifiable(cast, time_machine):
    time_machine.move_to(clock.now() - dt.timedelta(days=6 * 366))
    for i in range(3):
        audit_record(actor=cast.advisor, action="view", object_type="x", object_id=i)
    time_machine.move_to(clock.now() + dt.timedelta(days=6 * 366))
    audit_record(actor=cast.advisor, action="view", object_type="x", object_id=9)
    from verbinding.conftest import _app_role

    _app_role(False)  # the owner runs the audit part (docs/deployment.md)
    try:
        results = retention.run(today=clock.today(), dry_run=False, audit=True)
    finally:
        _app_role(True)
    assert results[-1].deleted == 3
    assert AuditEvent.objects.count() == 2
    assert chain.verify()[1] is None
