"""The roles' rights on galleries: what each may do with a piece of any type (editorial.roles)."""

from django.db import migrations

from editorial.roles import grant, revoke


class Migration(migrations.Migration):
    dependencies = [
        ("galleries", "0001_initial"),
        ("editorial", "0006_role_additions"),
    ]

    operations = [migrations.RunPython(grant("galleries", "gallery", "图集"), revoke("galleries", "gallery"))]
