"""A person's photo becomes a library image (images.Image): existing uploads move into
the library with their files and renditions, then the per-person file fields go."""

import django.db.models.deletion
from django.db import migrations, models

from images.legacy import move_into_library, person_description


def forwards(apps, schema_editor):
    move_into_library(
        apps, "people", "person", ("photo_file", "photo_card", "photo_detail"), "photo_id", person_description
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_pinyin_order_and_former_slugs"),
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("person", "photo", "photo_file"),
        migrations.AddField(
            model_name="person",
            name="photo",
            field=models.ForeignKey(
                blank=True,
                help_text="从图片库选择，或上传一张新图片。",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="images.image",
                verbose_name="照片",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField("person", "photo_file"),
        migrations.RemoveField("person", "photo_card"),
        migrations.RemoveField("person", "photo_detail"),
    ]
