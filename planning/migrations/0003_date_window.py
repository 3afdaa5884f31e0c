from django.db import migrations, models

from jobcenter_crm.lib.date_repair import repair_months


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_invited_at"),
        ("planning", "0002_role_permissions"),
        ("companies", "0010_date_window"),
    ]

    operations = [
        repair_months("planning_jobcentercontactrule", "max_contact_gap_months", low=1, high=60),
        migrations.AddConstraint(
            model_name="jobcentercontactrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("max_contact_gap_months__isnull", True),
                    models.Q(
                        ("max_contact_gap_months__gte", 1), ("max_contact_gap_months__lte", 60)
                    ),
                    _connector="OR",
                ),
                name="all_companies_gap_in_window",
            ),
        ),
    ]
