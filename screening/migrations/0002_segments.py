from django.db import migrations

from screening.defaults import install_segments


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(install_segments, migrations.RunPython.noop)]
