from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("galleries", "0003_admin_sort_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="gallery",
            index=models.Index(fields=["id", "publish_at", "status", "expire_at"], name="gallery_live_by_id"),
        ),
    ]
