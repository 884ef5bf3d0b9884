"""What the roles of 0003_roles lacked in use: a 作者 adds the 人物 of a new byline (but
deletes none), and the 总编辑 writes articles and speeches as well as signing them."""

import importlib

from django.db import migrations

roles = importlib.import_module("editorial.migrations.0003_roles")

ADDITIONS = {
    "作者": [("people", "person", "add", "person")],
    "总编辑": [(app_label, model, "add", label) for app_label, model, label in roles.CONTENT],
}


def add_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, grants in ADDITIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *(
                roles.permission(apps, app_label, model, action, label)
                for app_label, model, action, label in grants
            )
        )


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, grants in ADDITIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for app_label, model, action, _label in grants:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename=f"{action}_{model}")
            )


class Migration(migrations.Migration):
    dependencies = [("editorial", "0005_correction")]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
