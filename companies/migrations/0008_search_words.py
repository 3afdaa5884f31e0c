"""The dictionary of search words (companies.search), kept by statement-level triggers on
the company table: one set-based INSERT per statement, also for the generator's COPY and
the CVR import's bulk writes. The collapsed form must match search.collapse_repeats."""

from django.db import migrations, models

COLLECT = """
CREATE FUNCTION companies_searchword_collect() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO companies_searchword (word, collapsed)
    SELECT DISTINCT word, regexp_replace(word, '(.)\\1+', '\\1', 'g')
    FROM changed_companies, regexp_split_to_table(changed_companies.search_text, ' ') AS word
    WHERE length(word) >= 3 AND word !~ '[0-9_]'
    ON CONFLICT (word) DO NOTHING;
    RETURN NULL;
END
$$;
CREATE TRIGGER companies_searchword_insert AFTER INSERT ON companies_company
    REFERENCING NEW TABLE AS changed_companies
    FOR EACH STATEMENT EXECUTE FUNCTION companies_searchword_collect();
CREATE TRIGGER companies_searchword_update AFTER UPDATE ON companies_company
    REFERENCING NEW TABLE AS changed_companies
    FOR EACH STATEMENT EXECUTE FUNCTION companies_searchword_collect();
INSERT INTO companies_searchword (word, collapsed)
SELECT DISTINCT word, regexp_replace(word, '(.)\\1+', '\\1', 'g')
FROM companies_company, regexp_split_to_table(companies_company.search_text, ' ') AS word
WHERE length(word) >= 3 AND word !~ '[0-9_]'
ON CONFLICT (word) DO NOTHING;
"""

DROP = """
DROP TRIGGER companies_searchword_update ON companies_company;
DROP TRIGGER companies_searchword_insert ON companies_company;
DROP FUNCTION companies_searchword_collect();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0007_merge_requests"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("word", models.TextField(primary_key=True, serialize=False)),
                ("collapsed", models.TextField(db_index=True)),
            ],
            options={
                "verbose_name": "search word",
                "verbose_name_plural": "search words",
            },
        ),
        migrations.RunSQL(COLLECT, DROP),
    ]
