from django.db import migrations

from accounts.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("companies", "0002_reference_data"),
        ("screening", "0002_segments"),
        ("servicepackages", "0002_tracks"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
