from django.db import migrations


def forwards(apps, schema_editor):
    from verbinding.letters.defaults import load

    load(apps.get_model("letters", "LetterTemplate"))


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_letters")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
