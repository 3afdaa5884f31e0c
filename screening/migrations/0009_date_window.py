import datetime
from django.conf import settings
from django.db import migrations, models

from jobcenter_crm.lib.date_repair import repair_dates, repair_datetimes, repair_months


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_invited_at"),
        ("companies", "0010_date_window"),
        ("screening", "0008_campaign_company_one_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The two dates are clamped one at a time, which may put them briefly out of order.
        migrations.RemoveConstraint(model_name="campaign", name="campaign_ends_after_start"),
        repair_dates("screening_campaign", "starts_on"),
        repair_dates("screening_campaign", "ends_on"),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_ends_after_start",
            ),
        ),
        repair_datetimes("screening_campaigncompany", "call_back_at"),
        repair_months("screening_segmentrule", "visit_period_months", low=1, high=60),
        repair_months("screening_segmentrule", "max_contact_gap_months", low=1, high=60),
        repair_months("screening_segmentrule", "demand_update_months", low=1, high=60),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("starts_on__isnull", True),
                    models.Q(
                        ("starts_on__gte", datetime.date(2000, 1, 1)),
                        ("starts_on__lt", datetime.date(2100, 1, 1)),
                    ),
                    _connector="OR",
                ),
                name="campaign_starts_on_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("ends_on__isnull", True),
                    models.Q(
                        ("ends_on__gte", datetime.date(2000, 1, 1)),
                        ("ends_on__lt", datetime.date(2100, 1, 1)),
                    ),
                    _connector="OR",
                ),
                name="campaign_ends_on_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="campaigncompany",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("call_back_at__isnull", True),
                    models.Q(
                        (
                            "call_back_at__gte",
                            datetime.datetime(1999, 12, 31, 23, 0, tzinfo=datetime.UTC),
                        ),
                        (
                            "call_back_at__lt",
                            datetime.datetime(2100, 1, 1, 0, 0, tzinfo=datetime.UTC),
                        ),
                    ),
                    _connector="OR",
                ),
                name="call_back_at_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="segmentrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("visit_period_months__isnull", True),
                    models.Q(("visit_period_months__gte", 1), ("visit_period_months__lte", 60)),
                    _connector="OR",
                ),
                name="visit_period_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="segmentrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("max_contact_gap_months__isnull", True),
                    models.Q(
                        ("max_contact_gap_months__gte", 1), ("max_contact_gap_months__lte", 60)
                    ),
                    _connector="OR",
                ),
                name="segment_contact_gap_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="segmentrule",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("demand_update_months__isnull", True),
                    models.Q(("demand_update_months__gte", 1), ("demand_update_months__lte", 60)),
                    _connector="OR",
                ),
                name="demand_update_in_window",
            ),
        ),
    ]
