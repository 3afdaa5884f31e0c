"""Each relationship also keeps a copy of its company's industry section, kept by the
triggers of 0011_relationship_company_municipalities (their functions now copy both), and
the index of a jobcenter's relationships by segment carries it: the company list narrowed
to a segment and a section counts and pages the few matching relationships instead of
reading the row of every company in the segment (issue 13.6). The indexes are built and
dropped without locking the relationships against writes."""

import django.db.models.deletion
from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models

TRIGGERS = """
CREATE OR REPLACE FUNCTION companies_relationship_take_codes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    SELECT municipality_codes, industry_section_id
    INTO NEW.company_municipality_codes, NEW.company_industry_section_id
    FROM companies_company WHERE id = NEW.company_id;
    RETURN NEW;
END
$$;
CREATE OR REPLACE FUNCTION companies_relationship_follow_codes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE companies_companyrelationship r
    SET company_municipality_codes = changed.municipality_codes,
        company_industry_section_id = changed.industry_section_id
    FROM changed_companies changed
    WHERE r.company_id = changed.id
      AND (r.company_municipality_codes IS DISTINCT FROM changed.municipality_codes
           OR r.company_industry_section_id IS DISTINCT FROM changed.industry_section_id);
    RETURN NULL;
END
$$;
UPDATE companies_companyrelationship r SET company_industry_section_id = c.industry_section_id
FROM companies_company c
WHERE c.id = r.company_id AND c.industry_section_id IS NOT NULL;
"""

# 0011's functions, which copy the codes only.
PREVIOUS_TRIGGERS = """
CREATE OR REPLACE FUNCTION companies_relationship_take_codes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.company_municipality_codes := (
        SELECT municipality_codes FROM companies_company WHERE id = NEW.company_id
    );
    RETURN NEW;
END
$$;
CREATE OR REPLACE FUNCTION companies_relationship_follow_codes() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE companies_companyrelationship r
    SET company_municipality_codes = changed.municipality_codes
    FROM changed_companies changed
    WHERE r.company_id = changed.id
      AND r.company_municipality_codes IS DISTINCT FROM changed.municipality_codes;
    RETURN NULL;
END
$$;
"""


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("companies", "0013_contact_timeline_all"),
    ]

    operations = [
        migrations.AddField(
            model_name="companyrelationship",
            name="company_industry_section",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="companies.industrysection",
            ),
        ),
        migrations.RunSQL(TRIGGERS, PREVIOUS_TRIGGERS),
        AddIndexConcurrently(
            model_name="companyrelationship",
            index=models.Index(
                fields=["jobcenter", "segment", "company_industry_section"],
                include=("company", "responsible"),
                name="relationship_segment_section",
            ),
        ),
        # The new index begins with the same two columns.
        RemoveIndexConcurrently(
            model_name="companyrelationship",
            name="relationship_segment",
        ),
    ]
