from django.db import migrations

from accounts.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [("planning", "0001_reminders"), ("accounts", "0002_role_groups")]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
