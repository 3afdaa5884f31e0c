from django.db import migrations

from accounts.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("servicepackages", "0003_service_demands"),
        ("screening", "0003_segmentassessment"),
        ("companies", "0005_agreement_service_product"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
