"""Catalogue administration: UUID public codes for packages and products (added in three
steps so existing rows get distinct values), a delivery-standard text, and a positive
response time."""

import uuid

from django.db import migrations, models


def fill_public_codes(apps, schema_editor):
    for model_name in ("Package", "Product"):
        model = apps.get_model("servicepackages", model_name)
        for row in model.objects.filter(public_code__isnull=True).only("pk"):
            row.public_code = uuid.uuid4()
            row.save(update_fields=["public_code"])


class Migration(migrations.Migration):
    dependencies = [("servicepackages", "0004_role_permissions")]

    operations = [
        migrations.AddField(
            model_name="package",
            name="public_code",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.AddField(
            model_name="product",
            name="public_code",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(fill_public_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="package",
            name="public_code",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="product",
            name="public_code",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AddField(
            model_name="product",
            name="delivery_standard",
            field=models.TextField(blank=True, verbose_name="delivery standard"),
        ),
        migrations.AddConstraint(
            model_name="product",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("response_hours__isnull", True), ("response_hours__gte", 1), _connector="OR"
                ),
                name="product_response_hours_positive",
            ),
        ),
    ]
