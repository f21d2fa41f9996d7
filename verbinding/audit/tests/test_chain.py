"""The audit log is tamper-evident and keeps no content."""

from __future__ import annotations

import os
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from verbinding import clock
from verbinding.audit import chain, triggers
from verbinding.audit.models import AuditEvent
from verbinding.audit.services import audit_change, audit_record, snapshot

pytestmark = pytest.mark.django_db


def _rows(cast, n=3):
    return [
        audit_record(actor=cast.advisor, action="view", object_type="x", object_id=i)
        for i in range(n)
    ]


def test_each_row_chains_onto_the_one_before(cast):
    first, second, third = _rows(cast)
    assert first.prev_hash == chain.GENESIS
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert chain.verify() == (3, None)


def _behind_the_apps_back(sql, params):
    """What someone with the owner's database access would do: lift the trigger, edit, put it
    back. (The app's own role cannot: see test_the_app_role_cannot_touch_audit_rows.)"""
    from verbinding.conftest import _app_role

    _app_role(False)
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    triggers.install(connection)
    _app_role(True)


def test_verify_names_the_first_row_edited_behind_the_apps_back(cast, capsys):
    rows = _rows(cast, 5)
    call_command("audit", "verify")
    assert "5 rows" in capsys.readouterr().out
    _behind_the_apps_back(
        "UPDATE audit_auditevent SET actor_label = 'someone else' WHERE id = %s", [rows[2].id]
    )
    with pytest.raises(CommandError, match=f"row {rows[2].id}: its content was changed"):
        call_command("audit", "verify")


def test_verify_notices_a_deleted_row(cast):
    rows = _rows(cast, 4)
    _behind_the_apps_back("DELETE FROM audit_auditevent WHERE id = %s", [rows[1].id])
    _checked, broken = chain.verify()
    assert broken is not None and broken.id == rows[2].id
    assert "removed" in broken.problem


def test_verify_notices_a_recomputed_hash_that_no_longer_links(cast):
    rows = _rows(cast, 3)
    original = AuditEvent.objects.filter(id=rows[1].id).values().get()
    forged = chain.row_hash(rows[1].prev_hash, {**original, "summary": "forged"})
    _behind_the_apps_back(
        "UPDATE audit_auditevent SET summary = 'forged', hash = %s WHERE id = %s",
        [forged, rows[1].id],
    )
    assert chain.verify()[1].id == rows[2].id


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's REPLACE INTO")
def test_replace_into_cannot_rewrite_a_row_on_sqlite(cast):
    (event,) = _rows(cast, 1)
    for verb in ("REPLACE INTO", "INSERT OR REPLACE INTO"):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"{verb} audit_auditevent (id, at, actor_label, action, object_type, object_id,"
                " summary, reason, fields, prev_hash, hash)"
                " VALUES (%s, '2026-01-01', 'x', 'view', 'x', '1', 'forged', '', '[]', '', '')",
                [event.id],
            )
    assert AuditEvent.objects.get(id=event.id).summary == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's TRUNCATE")
def test_truncate_is_refused_on_postgresql(cast):
    _rows(cast, 1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_auditevent")
    assert AuditEvent.objects.count() == 1


def test_a_change_keeps_field_names_and_references_not_the_text(cast):
    from verbinding.households.models import SafetyFlag

    flag = SafetyFlag.objects.create(
        household=cast.north_household,
        kind="AGR",
        note="dreigt met mes, 06-12345678",
        start_date=clock.today(),
    )
    before = snapshot(flag)
    flag.note = "dreigt met mes en hond"
    flag.save()
    event = audit_change(actor=cast.advisor, obj=flag, before=before)
    assert event.fields == ["note"]
    created = audit_change(actor=cast.advisor, obj=flag, before=None)
    assert created.after["household_id"] == cast.north_household.id
    for row in AuditEvent.objects.values():
        assert "mes" not in str(row) and "06-1234" not in str(row)


def test_a_failed_login_for_an_unknown_name_keeps_only_a_hash(client, cast):
    client.post("/account/login/", {"username": "MijnGeheimWachtwoord!", "password": "x"})
    client.post("/account/login/", {"username": "anna", "password": "wrong"})
    unknown, known = AuditEvent.objects.filter(action="login_failed").order_by("id")
    assert "MijnGeheim" not in str(unknown.__dict__)
    assert unknown.summary.startswith("unknown username #") and len(unknown.summary) == 34
    assert known.object_id == str(cast.advisor.pk) and "anna" not in known.summary


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    from django.db import connections

    barrier = threading.Barrier(6)

    def write() -> None:
        try:
            barrier.wait()
            for i in range(5):
                audit_record(actor=None, action="view", object_type="x", object_id=i)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert chain.verify() == (30, None)
    assert AuditEvent.objects.values("prev_hash").distinct().count() == 30


@pytest.mark.skipif(
    connection.vendor != "postgresql" or not os.environ.get("DATABASE_APP_ROLE"),
    reason="the two PostgreSQL roles (DATABASE_APP_ROLE, as in .ci/run)",
)
def test_the_app_role_cannot_touch_audit_rows(cast):
    (event,) = _rows(cast, 1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone()[0] == os.environ["DATABASE_APP_ROLE"]
    for sql in (
        "UPDATE audit_auditevent SET summary = 'x'",
        "DELETE FROM audit_auditevent",
        "TRUNCATE audit_auditevent",
        "DROP TRIGGER audit_auditevent_append_only ON audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
    ):
        with (
            pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEvent.objects.get().id == event.id
