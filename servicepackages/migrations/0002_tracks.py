from django.db import migrations

from servicepackages.defaults import install_tracks


class Migration(migrations.Migration):
    dependencies = [("servicepackages", "0001_initial")]

    operations = [migrations.RunPython(install_tracks, migrations.RunPython.noop)]
