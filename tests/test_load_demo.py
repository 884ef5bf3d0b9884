"""`load_demo`: accounts and Chinese demo content, the same after two runs."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Column
from editorial.models import Status
from events.models import Event
from people.models import Person
from speeches.models import Speech

pytestmark = pytest.mark.django_db

ROLES = {"zuozhe": "作者", "zebian": "责任编辑", "zhuren": "编辑部主任", "zongbian": "总编辑"}


def _run():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts():
    return (
        get_user_model().objects.count(),
        Article.objects.count(),
        Speech.objects.count(),
        Person.objects.count(),
        Event.objects.count(),
        Column.objects.count(),
    )


def test_load_demo_creates_accounts_that_can_log_in_and_prints_them(client):
    output = _run()
    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("gongjiang-demo")
    for username, role in ROLES.items():
        user = User.objects.get(username=username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.check_password("gongjiang-demo")
        assert username in output and role in output
    assert "gongjiang-demo" in output
    assert client.login(username="zebian", password="gongjiang-demo")


def test_load_demo_publishes_the_samples_and_leaves_one_draft_for_review():
    _run()
    live = Article.objects.live()
    # The public content is the publisher's samples only (tests/ingest/test_demo.py checks them).
    assert live.count() == 4 and not live.filter(original_filename="").exists()
    assert Speech.objects.live().count() == 0  # the speech sample's placeholders hold it back
    assert Person.objects.get(name="王进喜").alias_list == ["铁人"]
    assert Person.objects.get(name="孟泰").alias_list == ["高炉卫士"]
    assert not Person.objects.filter(name__in=["张华", "李明", "陈静"]).exists()
    frontier = Column.objects.get(name="工运前沿")
    assert str(frontier) == "中工理论 › 工运前沿"
    assert live.filter(column=frontier).exists()  # sample 003 lands in its printed column
    congress = Event.objects.get(name="全国劳动模范和先进工作者表彰大会")
    assert congress.start_date.isoformat() == "2020-11-24"
    drafts = Article.objects.filter(status=Status.DRAFT)
    assert drafts.count() == 2 and not live.filter(pk__in=drafts.values("pk")).exists()
    assert set(drafts.values_list("created_by__username", flat=True)) == {"zuozhe"}
    # A piece at each review stage, so every role's desk has work at first login.
    stages = dict(
        Article.objects.filter(status__in=[Status.REVIEW_1, Status.REVIEW_2, Status.REVIEW_3]).values_list(
            "status", "title"
        )
    )
    assert stages == {
        Status.REVIEW_1: "班组长的一天",
        Status.REVIEW_2: "技能比武场上的年轻人",
        Status.REVIEW_3: "一线工人谈技能提升",
    }


def test_load_demo_twice_changes_nothing():
    _run()
    before = _counts()
    statuses = list(Article.objects.order_by("pk").values_list("status", "slug"))
    output = _run()
    assert _counts() == before
    assert list(Article.objects.order_by("pk").values_list("status", "slug")) == statuses
    assert "已存在" in output


def test_load_demo_leaves_a_changed_password_alone():
    _run()
    User = get_user_model()
    user = User.objects.get(username="zuozhe")
    user.set_password("my-own-password-123")
    user.save()
    _run()
    user.refresh_from_db()
    assert user.check_password("my-own-password-123")
