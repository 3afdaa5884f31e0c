"""Each relationship keeps a copy of its company's municipality codes, kept by triggers:
a row trigger whenever a relationship is written (also the generator's COPY, a merge's
re-pointing, and a save of a relationship read before its company changed), a statement trigger when companies change (the CVR import's bulk writes).
visible_to then finds the jobcenter's related companies outside its area from the
relationships alone, instead of reading every related company's row."""

import django.contrib.postgres.fields
from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION companies_relationship_take_codes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.company_municipality_codes := (
        SELECT municipality_codes FROM companies_company WHERE id = NEW.company_id
    );
    RETURN NEW;
END
$$;
CREATE TRIGGER companies_relationship_codes BEFORE INSERT OR UPDATE
    ON companies_companyrelationship
    FOR EACH ROW EXECUTE FUNCTION companies_relationship_take_codes();
CREATE FUNCTION companies_relationship_follow_codes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE companies_companyrelationship r
    SET company_municipality_codes = changed.municipality_codes
    FROM changed_companies changed
    WHERE r.company_id = changed.id
      AND r.company_municipality_codes IS DISTINCT FROM changed.municipality_codes;
    RETURN NULL;
END
$$;
CREATE TRIGGER companies_relationship_follow AFTER UPDATE ON companies_company
    REFERENCING NEW TABLE AS changed_companies
    FOR EACH STATEMENT EXECUTE FUNCTION companies_relationship_follow_codes();
UPDATE companies_companyrelationship r SET company_municipality_codes = c.municipality_codes
FROM companies_company c WHERE c.id = r.company_id;
"""

DROP = """
DROP TRIGGER companies_relationship_follow ON companies_company;
DROP FUNCTION companies_relationship_follow_codes();
DROP TRIGGER companies_relationship_codes ON companies_companyrelationship;
DROP FUNCTION companies_relationship_take_codes();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0010_date_window"),
    ]

    operations = [
        migrations.AddField(
            model_name="companyrelationship",
            name="company_municipality_codes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.CharField(max_length=4), default=list, editable=False, size=None
            ),
        ),
        migrations.RunSQL(TRIGGERS, DROP),
        migrations.AddIndex(
            model_name="companyrelationship",
            index=models.Index(
                fields=["jobcenter"],
                include=("company", "company_municipality_codes"),
                name="relationship_area",
            ),
        ),
    ]
