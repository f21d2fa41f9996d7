"""Issue 11: the reminder announces the early signal's waiting days and data set from the settings;
the 14-dagenbrief claims only rent in default, month by month, with costs over the principal, how
to pay, whom to call, and "we wrote to you before" only when a reminder was sent. Added as a new
version of each text (letters keep theirs)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from django.db.models import Max

    from verbinding.letters import defaults

    template = apps.get_model("letters", "LetterTemplate")
    for kind, subject, body, offers in defaults.DEFAULTS:
        if kind == "confirmation":
            continue
        latest = template.objects.filter(kind=kind).order_by("-version").first()
        if latest is None or latest.body == body:
            continue
        version = template.objects.filter(kind=kind).aggregate(v=Max("version"))["v"] or 0
        template.objects.create(
            kind=kind,
            version=version + 1,
            subject=subject,
            body=body,
            offers_signal=offers,
            note=defaults.LAW_NOTE,
        )


class Migration(migrations.Migration):
    dependencies = [("letters", "0002_default_texts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
