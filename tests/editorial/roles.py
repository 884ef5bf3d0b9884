"""Users in each role (the groups created by editorial/migrations/0003_roles.py) and draft pieces.

Imported by the workflow test modules: `from tests.editorial.roles import *`.
"""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from editorial.models import Status
from tests.factories import make_article, make_speech

ROLE_NAMES = {"zuozhe": "作者", "zebian": "责任编辑", "zhuren": "编辑部主任", "zongbian": "总编辑"}


def ensure_roles():
    """Re-create the role groups: transactional tests (live_server) flush the migration's data."""
    importlib.import_module("editorial.migrations.0003_roles").create_roles(apps, None)
    importlib.import_module("editorial.migrations.0006_role_additions").add_permissions(apps, None)
    importlib.import_module("images.migrations.0002_roles").grant(apps, None)


def make_user(django_user_model, username, group=None, **extra):
    extra.setdefault("is_staff", True)  # admin access; the group decides what they may do
    user = django_user_model.objects.create_user(username, f"{username}@example.cn", "pass-123456", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def users(db, django_user_model):
    ensure_roles()
    people = {name: make_user(django_user_model, name, group) for name, group in ROLE_NAMES.items()}
    people["inactive"] = make_user(django_user_model, "inactive", "总编辑", is_active=False)
    people["superuser"] = django_user_model.objects.create_superuser("root", "root@example.cn", "pass-123456")
    # A second reviewer per stage, so stage tests can use distinct people.
    people["zebian2"] = make_user(django_user_model, "zebian2", "责任编辑")
    people["zhuren2"] = make_user(django_user_model, "zhuren2", "编辑部主任")
    people["zongbian2"] = make_user(django_user_model, "zongbian2", "总编辑")
    return people


def draft_article(author, **kwargs):
    kwargs.setdefault("status", Status.DRAFT)
    kwargs.setdefault("publish_at", None)
    return make_article(created_by=author, **kwargs)


def draft_speech(author, **kwargs):
    kwargs.setdefault("status", Status.DRAFT)
    kwargs.setdefault("publish_at", None)
    return make_speech(created_by=author, **kwargs)
