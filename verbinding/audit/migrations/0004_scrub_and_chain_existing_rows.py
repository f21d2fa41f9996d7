"""Existing rows: keep only field names and references (no free text), then chain them.

The append-only triggers are lifted for the length of this migration (it runs as the table's
owner) and put back, with the new TRUNCATE / REPLACE INTO guards."""

from django.db import migrations


def forwards(apps, schema_editor):
    from verbinding.audit import chain, triggers
    from verbinding.audit.services import scrub

    AuditEvent = apps.get_model("audit", "AuditEvent")
    connection = schema_editor.connection
    triggers.remove(connection)
    prev = chain.GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        model = None
        if "." in event.object_type:
            try:
                model = apps.get_model(event.object_type)
            except LookupError:
                model = None
        before, before_names = scrub(model, event.before)
        after, after_names = scrub(model, event.after)
        event.before, event.after = before, after
        event.fields = sorted(set(before_names) | set(after_names))
        if event.action == "login_failed":
            event.summary = ""
        event.prev_hash = prev
        row = {name: getattr(event, name) for name in chain.HASHED_FIELDS}
        event.hash = chain.row_hash(prev, row)
        prev = event.hash
        AuditEvent.objects.filter(id=event.id).update(
            before=event.before,
            after=event.after,
            fields=event.fields,
            summary=event.summary,
            prev_hash=event.prev_hash,
            hash=event.hash,
        )
    triggers.install(connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_hash_chain_and_changed_fields")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
