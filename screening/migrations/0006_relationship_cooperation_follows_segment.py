"""Issue 8.10: the "cooperates today" flag agrees with the segment (segments 1-2 are
partners, segment 4 wants no cooperation), so the company page never reads
"Segment 1 · Not a known company". Set-based; segment 3 and unscreened rows are left."""

from django.db import migrations


def align(apps, schema_editor):
    CompanyRelationship = apps.get_model("companies", "CompanyRelationship")
    CompanyRelationship.objects.filter(segment_id__in=[1, 2], is_known=False).update(is_known=True)
    CompanyRelationship.objects.filter(segment_id=4, is_known=True).update(is_known=False)


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0005_agreement_service_product"),
        ("screening", "0005_role_permissions"),
    ]

    operations = [migrations.RunPython(align, migrations.RunPython.noop)]
