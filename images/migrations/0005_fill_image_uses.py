"""Fill images.ImageUse from what the pieces store (head images, bodies, inline rows)."""

from django.db import migrations


def fill(apps, schema_editor):
    from images.links import fill

    fill(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0004_image_use"),
        # The content types' tables as they stand now: the rule reads their image fields.
        ("articles", "0009_admin_scale_indexes"),
        ("speeches", "0007_admin_scale_indexes"),
        ("galleries", "0002_roles"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
