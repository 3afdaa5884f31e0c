from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models

# Built without locking the contact log against writes (millions of rows in production).


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("companies", "0012_company_list_covering_index"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="contact",
            index=models.Index(
                fields=["relationship", "-occurred_at", "-id"], name="contact_timeline_all"
            ),
        ),
    ]
