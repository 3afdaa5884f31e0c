from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from companies.reference import install_reference_data


class Migration(migrations.Migration):
    dependencies = [("companies", "0001_initial")]

    operations = [
        # Typo- and accent-tolerant company search (pg_trgm, unaccent).
        TrigramExtension(),
        UnaccentExtension(),
        migrations.RunPython(install_reference_data, migrations.RunPython.noop),
    ]
