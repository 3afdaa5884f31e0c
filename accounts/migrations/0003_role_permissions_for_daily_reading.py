from django.db import migrations

from accounts.roles import sync_role_groups


class Migration(migrations.Migration):
    """Consultants and team leads read the catalogue, segments and demand history."""

    dependencies = [
        ("accounts", "0002_role_groups"),
        ("servicepackages", "0005_catalogue_administration"),
        ("screening", "0005_role_permissions"),
        ("planning", "0002_role_permissions"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
