from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_admin_sort_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["id", "publish_at", "status", "expire_at"], name="article_live_by_id"),
        ),
    ]
