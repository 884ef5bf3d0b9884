"""The roles' rights on the image library: everyone who writes may upload and describe
images; deleting one (refused anyway while a live piece shows it) is the editors' call."""

from django.db import migrations

RIGHTS = {
    "作者": ["add", "change", "view"],
    "责任编辑": ["add", "change", "view", "delete"],
    "编辑部主任": ["add", "change", "view", "delete"],
    "总编辑": ["add", "change", "view", "delete"],
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="images", model="image")
    for role, actions in RIGHTS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for action in actions:
            perm, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_image", defaults={"name": f"Can {action} image"}
            )
            group.permissions.add(perm)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    perms = Permission.objects.filter(content_type__app_label="images", content_type__model="image")
    for group in Group.objects.filter(name__in=list(RIGHTS)):
        group.permissions.remove(*perms)


class Migration(migrations.Migration):
    dependencies = [
        ("images", "0001_initial"),
        ("editorial", "0003_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
