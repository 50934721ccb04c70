from django.db import migrations


def load(apps, schema_editor):
    from divisions.loader import load_divisions

    load_divisions(division_model=apps.get_model("divisions", "Division"),
                   name_model=apps.get_model("divisions", "DivisionName"))


class Migration(migrations.Migration):
    """The GB/T 2260 table is reference data every database needs, so migrating loads it."""

    dependencies = [("divisions", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
