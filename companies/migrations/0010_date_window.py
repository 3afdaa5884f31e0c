import datetime
from django.conf import settings
from django.db import migrations, models

from jobcenter_crm.lib.date_repair import repair_dates, repair_datetimes


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_invited_at"),
        ("companies", "0009_contact_corrections"),
        ("servicepackages", "0005_catalogue_administration"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="DateRepair",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("table_name", models.CharField(max_length=100)),
                ("row_id", models.BigIntegerField()),
                ("column_name", models.CharField(max_length=100)),
                ("original", models.TextField()),
                ("repaired_to", models.TextField()),
                ("repaired_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "repaired date",
                "verbose_name_plural": "repaired dates",
            },
        ),
        repair_datetimes("companies_contact", "occurred_at", note_column="summary"),
        repair_dates("companies_agreement", "deadline", note_column="description"),
        migrations.AddConstraint(
            model_name="agreement",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("deadline__isnull", True),
                    models.Q(
                        ("deadline__gte", datetime.date(2000, 1, 1)),
                        ("deadline__lt", datetime.date(2100, 1, 1)),
                    ),
                    _connector="OR",
                ),
                name="agreement_deadline_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="contact",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("occurred_at__isnull", True),
                    models.Q(
                        (
                            "occurred_at__gte",
                            datetime.datetime(1999, 12, 31, 23, 0, tzinfo=datetime.UTC),
                        ),
                        (
                            "occurred_at__lt",
                            datetime.datetime(2100, 1, 1, 0, 0, tzinfo=datetime.UTC),
                        ),
                    ),
                    _connector="OR",
                ),
                name="contact_occurred_at_in_window",
            ),
        ),
    ]
