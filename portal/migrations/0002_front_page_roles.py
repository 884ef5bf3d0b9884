"""The three fixed home-page slots, and who arranges slots and 专题.

编辑部主任 and 总编辑 arrange the front page (portal.arrange_slot) and edit 专题;
nobody else does unless given the permission. Column blocks are added by them in the
admin (one per chosen 栏目).
"""

from django.db import migrations

FIXED_SLOTS = [("lead", 1, 0), ("focus", 5, 1), ("top", 8, 2)]
ARRANGERS = ["编辑部主任", "总编辑"]
PERMISSIONS = [
    ("slot", "arrange_slot", "编排推荐位（选稿、排序、设置到期）"),
    ("slot", "view_slot", "Can view slot"),
    ("topic", "add_topic", "Can add topic"),
    ("topic", "change_topic", "Can change topic"),
    ("topic", "delete_topic", "Can delete topic"),
    ("topic", "view_topic", "Can view topic"),
]


def create_slots_and_rights(apps, schema_editor):
    Slot = apps.get_model("portal", "Slot")
    for kind, size, position in FIXED_SLOTS:
        Slot.objects.get_or_create(kind=kind, defaults={"size": size, "position": position})
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    perms = []
    for model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="portal", model=model)
        perm, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        perms.append(perm)
    for role in ARRANGERS:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*perms)


def remove_rights(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=ARRANGERS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="portal", codename__in=[p[1] for p in PERMISSIONS])
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("editorial", "0003_roles"),
    ]

    operations = [migrations.RunPython(create_slots_and_rights, remove_rights)]
