from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0009_date_window"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="visit",
            name="claimed_sequence",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
    ]
