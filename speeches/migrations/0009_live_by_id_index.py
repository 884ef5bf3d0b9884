from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0008_admin_sort_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="speech",
            index=models.Index(fields=["id", "publish_at", "status", "expire_at"], name="speech_live_by_id"),
        ),
    ]
