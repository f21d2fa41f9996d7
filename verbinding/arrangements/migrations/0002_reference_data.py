from django.db import migrations


def forwards(apps, schema_editor):
    from verbinding.arrangements.reference import load

    load(apps.get_model("arrangements", "ProtectedIncome"), apps.get_model("arrangements", "ArrangementPolicy"))


class Migration(migrations.Migration):
    dependencies = [("arrangements", "0001_payment_arrangements")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
