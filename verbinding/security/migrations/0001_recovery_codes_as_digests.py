"""Recovery codes made before they were stored as digests (``security/recovery.py``) become
digests too: the codes the users hold keep working, the database no longer holds them."""

from django.db import migrations


def to_digests(apps, schema_editor):  # type: ignore[no-untyped-def]
    from verbinding.security.recovery import PREFIX, digest

    StaticToken = apps.get_model("otp_static", "StaticToken")
    for token in StaticToken.objects.exclude(token__startswith=PREFIX).iterator():
        if token.token.isdigit():
            token.token = digest(token.token)
            token.save(update_fields=["token"])


class Migration(migrations.Migration):
    dependencies = [("otp_static", "0003_add_timestamps")]
    operations = [migrations.RunPython(to_digests, migrations.RunPython.noop)]
