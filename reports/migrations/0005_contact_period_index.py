"""An index for the reports' reads of the contact log by period (issue 12, speed at 500,000
companies): a jobcenter's done contacts of one channel in a period, with the relationship
they belong to, as the activity drill-downs ("the companies called in the period") and the
key figures' contacts of the last 30 days read them. Created here, beside the reports that
need it, as an index-only range instead of a pass over all the jobcenter's contacts."""

from django.db import migrations

INDEX = "reports_contact_done_period"


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0011_relationship_company_municipalities"),
        ("reports", "0004_activity_day_rollup"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON companies_contact "
            "(jobcenter_id, channel, occurred_at) INCLUDE (relationship_id) "
            "WHERE status = 'done'",
            f"DROP INDEX IF EXISTS {INDEX}",
        ),
    ]
