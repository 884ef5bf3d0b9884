"""The roles' rights on a content type, for the type's own data migration to grant.

The groups (作者, 责任编辑, 编辑部主任, 总编辑) come from editorial/migrations/0003_roles.py;
what each may do with a piece is the same for every type, so a new type declares its
workflow permissions in its ``Meta`` (``workflow_permissions``) and its first data
migration calls ``grant_content_permissions`` — no role is left without its rights:

    migrations.RunPython(grant(app_label="galleries", model="gallery"), revoke(...))
"""

WORKFLOW_PERMISSIONS = {
    "submit": "提交送审",
    "review1": "初审",
    "review2": "复审",
    "review3": "终审",
    "publish": "发布、撤回和归档",
}

# What each role may do with a piece of any type (0003_roles and 0006_role_additions).
ROLE_CONTENT_PERMISSIONS = {
    "作者": ("add", "change", "view", "submit"),
    "责任编辑": ("add", "change", "view", "submit", "review1"),
    "编辑部主任": ("change", "view", "review2"),
    "总编辑": ("add", "change", "view", "delete", "review3", "publish"),
}


def workflow_permissions(model, label):
    """``Meta.permissions`` of a content type: its workflow actions, named for editors."""
    return [(f"{action}_{model}", f"{name}（{label}）") for action, name in WORKFLOW_PERMISSIONS.items()]


def grant_content_permissions(apps, app_label, model, label):
    """Give each role its rights on ``app_label.model`` (idempotent; for a data migration)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    for role, actions in ROLE_CONTENT_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for action in actions:
            name = WORKFLOW_PERMISSIONS.get(action) or f"Can {action} {model}"
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"{name}（{label}）"},
            )
            permissions.append(permission)
        group.permissions.add(*permissions)


def revoke_content_permissions(apps, app_label, model):
    """Take the roles' rights on ``app_label.model`` back (the migration's reverse)."""
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permissions = Permission.objects.filter(content_type__app_label=app_label, content_type__model=model)
    for group in Group.objects.filter(name__in=list(ROLE_CONTENT_PERMISSIONS)):
        group.permissions.remove(*permissions)


def grant(app_label, model, label):
    """A RunPython function granting the roles' rights on one type."""

    def run(apps, schema_editor):
        grant_content_permissions(apps, app_label, model, label)

    return run


def revoke(app_label, model):
    def run(apps, schema_editor):
        revoke_content_permissions(apps, app_label, model)

    return run
