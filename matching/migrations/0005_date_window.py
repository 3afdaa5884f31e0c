import datetime
from django.conf import settings
from django.db import migrations, models

from jobcenter_crm.lib.date_repair import repair_dates, repair_datetimes

# Both times clamped to the same edge of the window: the deadline a day after the receipt
# at the first edge, the receipt a day before the deadline at the last.
RESPOND_BY_AFTER_RECEIVED = """
    UPDATE matching_joborder SET respond_by = received_at + interval '1 day'
    WHERE respond_by <= received_at AND received_at < '2050-01-01';
    UPDATE matching_joborder SET received_at = respond_by - interval '1 day'
    WHERE respond_by <= received_at;
    SET CONSTRAINTS ALL IMMEDIATE;
    SET CONSTRAINTS ALL DEFERRED;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0010_date_window"),
        ("matching", "0004_search"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Issue 9.1: the rows outside the window are repaired first, as in companies 0010,
        # screening 0009 and planning 0003 (originals in companies.DateRepair; a job order's
        # description and a step's note say what was changed).
        repair_dates("matching_candidate", "unemployed_since"),
        repair_dates("matching_candidate", "available_from"),
        repair_dates("matching_joborder", "start_date", note_column="description"),
        # The two times are clamped one at a time, which may put them briefly out of order.
        migrations.RemoveConstraint(
            model_name="joborder", name="job_order_respond_by_after_received"
        ),
        repair_datetimes("matching_joborder", "received_at", note_column="description"),
        repair_datetimes("matching_joborder", "respond_by", note_column="description"),
        repair_datetimes("matching_joborder", "responded_at", note_column="description"),
        repair_datetimes("matching_joborder", "closed_at", note_column="description"),
        migrations.RunSQL(RESPOND_BY_AFTER_RECEIVED, migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name="joborder",
            constraint=models.CheckConstraint(
                condition=models.Q(respond_by__gt=models.F("received_at")),
                name="job_order_respond_by_after_received",
            ),
        ),
        repair_datetimes("matching_placementstep", "occurred_at", note_column="note"),
        migrations.AddConstraint(
            model_name="candidate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("unemployed_since__isnull", True),
                    models.Q(
                        ("unemployed_since__gte", datetime.date(2000, 1, 1)),
                        ("unemployed_since__lt", datetime.date(2100, 1, 1)),
                    ),
                    _connector="OR",
                ),
                name="candidate_unemployed_since_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="candidate",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("available_from__isnull", True),
                    models.Q(
                        ("available_from__gte", datetime.date(2000, 1, 1)),
                        ("available_from__lt", datetime.date(2100, 1, 1)),
                    ),
                    _connector="OR",
                ),
                name="candidate_available_from_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="joborder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start_date__isnull", True),
                    models.Q(
                        ("start_date__gte", datetime.date(2000, 1, 1)),
                        ("start_date__lt", datetime.date(2100, 1, 1)),
                    ),
                    _connector="OR",
                ),
                name="job_order_start_date_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="joborder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("received_at__isnull", True),
                    models.Q(
                        (
                            "received_at__gte",
                            datetime.datetime(1999, 12, 31, 23, 0, tzinfo=datetime.UTC),
                        ),
                        (
                            "received_at__lt",
                            datetime.datetime(2100, 1, 1, 0, 0, tzinfo=datetime.UTC),
                        ),
                    ),
                    _connector="OR",
                ),
                name="job_order_received_at_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="joborder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("respond_by__isnull", True),
                    models.Q(
                        (
                            "respond_by__gte",
                            datetime.datetime(1999, 12, 31, 23, 0, tzinfo=datetime.UTC),
                        ),
                        (
                            "respond_by__lt",
                            datetime.datetime(2100, 1, 1, 0, 0, tzinfo=datetime.UTC),
                        ),
                    ),
                    _connector="OR",
                ),
                name="job_order_respond_by_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="joborder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("responded_at__isnull", True),
                    models.Q(
                        (
                            "responded_at__gte",
                            datetime.datetime(1999, 12, 31, 23, 0, tzinfo=datetime.UTC),
                        ),
                        (
                            "responded_at__lt",
                            datetime.datetime(2100, 1, 1, 0, 0, tzinfo=datetime.UTC),
                        ),
                    ),
                    _connector="OR",
                ),
                name="job_order_responded_at_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="joborder",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("closed_at__isnull", True),
                    models.Q(
                        (
                            "closed_at__gte",
                            datetime.datetime(1999, 12, 31, 23, 0, tzinfo=datetime.UTC),
                        ),
                        (
                            "closed_at__lt",
                            datetime.datetime(2100, 1, 1, 0, 0, tzinfo=datetime.UTC),
                        ),
                    ),
                    _connector="OR",
                ),
                name="job_order_closed_at_in_window",
            ),
        ),
        migrations.AddConstraint(
            model_name="placementstep",
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
                name="placement_step_occurred_at_in_window",
            ),
        ),
    ]
