"""Roles as Django groups (作者, 责任编辑, 编辑部主任, 总编辑) with their permissions.

Created here, never by a command someone must remember. The workflow permissions
(submit, one per review stage, publish) are created here too rather than in the
content models' Meta, so each content app keeps its model file free of workflow
detail; editorial.workflow checks them as "<app>.<codename>_<model>".
"""

from django.db import migrations

CONTENT = [("articles", "article", "文章"), ("speeches", "speech", "讲话")]

WORKFLOW_PERMISSIONS = {
    "submit": "提交送审",
    "review1": "初审",
    "review2": "复审",
    "review3": "终审",
    "publish": "发布、撤回和归档",
}

DEFAULT_PERMISSIONS = {"add": "添加", "change": "修改", "delete": "删除", "view": "查看"}

# Supporting models editors pick from on the content form (autocomplete needs view).
SUPPORT = [
    ("people", "person"),
    ("events", "event"),
    ("articles", "column"),
    ("articles", "source"),
    ("editorial", "tag"),
]

ROLES = {
    "作者": {"content": ["add", "change", "view", "submit"], "support": ["view"], "audit": False},
    "责任编辑": {
        "content": ["add", "change", "view", "submit", "review1"],
        "support": ["add", "change", "view"],
        "audit": True,
    },
    "编辑部主任": {"content": ["change", "view", "review2"], "support": ["add", "change", "view"], "audit": True},
    "总编辑": {
        "content": ["change", "view", "delete", "review3", "publish"],
        "support": ["add", "change", "view"],
        "audit": True,
    },
}


def permission(apps, app_label, model, action, label):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    codename = f"{action}_{model}"
    name = WORKFLOW_PERMISSIONS.get(action) or f"Can {action} {model}"
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": f"{name}（{label}）"}
    )
    return perm


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for role, spec in ROLES.items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for app_label, model, label in CONTENT:
            perms += [permission(apps, app_label, model, action, label) for action in spec["content"]]
        for app_label, model in SUPPORT:
            perms += [permission(apps, app_label, model, action, model) for action in spec["support"]]
        if spec["audit"]:
            perms.append(permission(apps, "editorial", "auditentry", "view", "auditentry"))
        group.permissions.add(*perms)


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("editorial", "0002_workflow_records"),
        ("articles", "0002_initial"),
        ("speeches", "0001_initial"),
        ("people", "0001_initial"),
        ("events", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
