"""The head image becomes a library image (images.Image): existing uploads move into the
library with their files and renditions, then the per-piece file fields go."""

import django.db.models.deletion
from django.db import migrations, models

from images.legacy import move_into_library, piece_description


def forwards(apps, schema_editor):
    move_into_library(
        apps,
        "speeches",
        "speech",
        ("head_image_file", "head_image_card", "head_image_detail"),
        "head_image_id",
        piece_description,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("speeches", "0005_title_derived"),
        ("images", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("speech", "head_image", "head_image_file"),
        migrations.AddField(
            model_name="speech",
            name="head_image",
            field=models.ForeignKey(
                blank=True,
                help_text="从图片库选择，或上传一张新图片。",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="images.image",
                verbose_name="题图",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RemoveField("speech", "head_image_file"),
        migrations.RemoveField("speech", "head_image_card"),
        migrations.RemoveField("speech", "head_image_detail"),
        migrations.AlterField(
            model_name='speech',
            name='head_image_alt',
            field=models.CharField(blank=True, help_text='外部题图的替代文字。', max_length=200, verbose_name='题图说明'),
        ),
        migrations.AlterField(
            model_name='speech',
            name='head_image_url',
            field=models.URLField(blank=True, help_text='外部题图（导入时使用）；图片库中的题图优先。', max_length=500, verbose_name='题图地址'),
        ),
    ]
