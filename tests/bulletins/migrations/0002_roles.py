"""The roles' rights on bulletins, granted as every type grants them (editorial.roles)."""

from django.db import migrations

from editorial.roles import grant, revoke


class Migration(migrations.Migration):
    dependencies = [
        ("bulletins", "0001_initial"),
        ("editorial", "0006_role_additions"),
    ]

    operations = [migrations.RunPython(grant("bulletins", "bulletin", "公告"), revoke("bulletins", "bulletin"))]
