"""A content type the shared layer has never heard of gets everything a type gets.

公告 (tests/bulletins) is installed by the test settings only (tests/settings.py). No
module outside its folder names it (test_no_type_named.py looks for it too); it declares
the contract in its own app and a data migration granting the roles' rights, and that
is all: content checks, revisions of its inline, the page cache, search and the four
roles' permissions follow from the registry.
"""

import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from editorial import cache, workflow
from editorial.models import Status
from editorial.registry import content_types
from tests.bulletins.models import Bulletin, BulletinItem
from tests.editorial.roles import users  # noqa: F401
from tests.factories import make_article
from tests.registry.test_no_type_named import ROOT, naming, shared_modules, type_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(users):  # noqa: F811
    """The role groups as their migrations leave them, this type's own migration included."""
    migration = importlib.import_module("tests.bulletins.migrations.0002_roles").Migration
    migration.operations[0].code(apps, None)
    return users


def draft(user, items, title="关于开展技能比武的公告", body="<p>各单位：</p>"):
    bulletin = Bulletin(title=title, body=body)

    def related():
        for order, (heading, text) in enumerate(items):
            BulletinItem.objects.create(bulletin=bulletin, order=order, heading=heading, text=text)

    return workflow.save_piece(bulletin, user, related=related)


def published(user, items, **fields):
    return workflow.admit(draft(user, items, **fields), Status.PUBLISHED)


def test_only_the_test_settings_install_it():
    assert Bulletin in content_types()
    assert "tests.bulletins" in settings.INSTALLED_APPS
    config = (ROOT / "config" / "settings.py").read_text(encoding="utf-8")
    assert "bulletins" not in config and "bulletins" not in (ROOT / "config" / "urls.py").read_text()


def test_no_shared_module_names_it():
    names = {model: words for model, words in type_names().items() if model is Bulletin}
    assert names[Bulletin]["identifiers"] == {"Bulletin"}
    for module in shared_modules():
        assert naming(ROOT / module, names) == set(), module


@pytest.mark.parametrize(
    ("items", "body", "expected"),
    [
        ([("一、比赛时间", "XX月XX日")], "<p>各单位：</p>", "第 1 条"),
        ([("一、比赛时间", "五月一日"), ("二、地点XXX", "")], "<p>各单位：</p>", "第 2 条"),
        ([("一、比赛时间", "五月一日")], "<p>参赛XX人</p>", "正文"),
    ],
    ids=["item-text", "second-item-heading", "body"],
)
def test_content_checks_find_placeholders_in_its_items_and_refuse_final_approval(
    roles, items, body, expected
):
    bulletin = draft(roles["zuozhe"], items, body=body)
    problems = [str(problem) for problem in workflow.content_problems(bulletin)]
    assert any(expected in problem for problem in problems), problems
    with pytest.raises(workflow.WorkflowError):
        workflow.admit(bulletin, Status.PUBLISHED)
    bulletin.refresh_from_db()
    assert bulletin.status == Status.DRAFT


def test_a_bulletin_without_items_or_body_is_refused_as_empty(roles):
    bulletin = draft(roles["zuozhe"], [], body="")
    assert workflow.content_problems(bulletin)
    clean = draft(roles["zuozhe"], [("一、比赛时间", "五月一日")], body="", title="只有条目的公告")
    assert workflow.content_problems(clean) == []


def test_a_revision_snapshots_its_items_and_restoring_it_brings_them_back(roles):
    bulletin = draft(roles["zuozhe"], [("一、时间", "五月一日"), ("二、地点", "北京")])
    original = workflow.latest_revision(bulletin)
    assert [row["heading"] for row in original.snapshot["items"]] == ["一、时间", "二、地点"]

    def replace():
        bulletin.items.all().delete()
        BulletinItem.objects.create(bulletin=bulletin, order=0, heading="一、改期", text="另行通知")

    workflow.save_piece(bulletin, roles["zuozhe"], expected_version=bulletin.version, related=replace)
    changed = workflow.latest_revision(bulletin)
    assert "items" in changed.changed_fields
    assert "另行通知" in workflow.readable_snapshot(bulletin, changed.snapshot)["items"]
    workflow.restore_revision(bulletin, original, roles["zuozhe"])
    assert list(bulletin.items.values_list("order", "heading", "text")) == [
        (0, "一、时间", "五月一日"),
        (1, "二、地点", "北京"),
    ]
    assert workflow.latest_revision(bulletin).snapshot["items"] == original.snapshot["items"]


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("zuozhe", {"add", "change", "view", "submit"}),
        ("zebian", {"add", "change", "view", "submit", "review1"}),
        ("zhuren", {"change", "view", "review2"}),
        ("zongbian", {"add", "change", "view", "delete", "review3", "publish"}),
    ],
)
def test_each_role_holds_its_rights_on_it_from_its_own_migration(roles, role, allowed):
    actions = {"add", "change", "view", "delete", "submit", "review1", "review2", "review3", "publish"}
    held = {action for action in actions if roles[role].has_perm(f"bulletins.{action}_bulletin")}
    assert held == allowed


def test_it_goes_through_the_three_reviews_and_each_role_may_sign_only_its_stage(roles, client):
    bulletin = draft(roles["zuozhe"], [("一、时间", "五月一日")])
    with pytest.raises(workflow.WorkflowError):
        workflow.transition(bulletin, "approve", roles["zuozhe"])  # an author cannot review
    workflow.transition(bulletin, "submit", roles["zuozhe"])
    for wrong, right, status in [
        ("zhuren", "zebian", Status.REVIEW_2),
        ("zebian2", "zhuren", Status.REVIEW_3),
        ("zhuren", "zongbian", Status.APPROVED),
    ]:
        with pytest.raises(workflow.WorkflowError):
            workflow.transition(bulletin, "approve", roles[wrong])
        workflow.transition(bulletin, "approve", roles[right])
        assert bulletin.status == status
    assert client.get(bulletin.get_absolute_url()).status_code == 404
    workflow.transition(bulletin, "publish", roles["zongbian"])
    page = client.get(bulletin.get_absolute_url())
    assert page.status_code == 200 and "五月一日" in page.content.decode()


def test_search_finds_it_by_the_text_of_an_item_and_filters_by_its_kind(roles, client):
    published(roles["zongbian"], [("一、报名", "请向工会女工委员会报名")], title="技能比武公告")
    make_article(title="另一篇稿件", body="<p>与报名无关</p>")
    html = client.get(reverse("search:results"), {"q": "女工委员会"}).content.decode()
    assert "技能比武公告" in html and "另一篇稿件" not in html
    only = client.get(reverse("search:results"), {"q": "报名", "type": Bulletin.kind()}).content.decode()
    assert "技能比武公告" in only and "另一篇稿件" not in only


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_a_change_of_its_item_renews_its_pages_and_leaves_unrelated_ones_cached(roles, client, page_cache):
    bulletin = published(roles["zongbian"], [("一、时间", "五月一日")])
    other = make_article(title="不相干的文章")
    pages = [bulletin.get_absolute_url(), reverse("bulletins:list"), other.get_absolute_url()]
    for url in pages:
        read(client, url)
        assert read(client, url)["X-Page-Cache"] == "hit", url
    before = cache.current_generation()
    item = bulletin.items.get()
    item.text = "改为五月二日"
    item.save()  # the inline alone, as the admin's inline form saves it
    assert cache.current_generation() != before
    detail = read(client, bulletin.get_absolute_url())
    assert detail["X-Page-Cache"] == "miss" and "改为五月二日" in detail.content.decode()
    assert read(client, other.get_absolute_url())["X-Page-Cache"] == "hit"


def test_saving_it_purges_its_own_keys_and_its_list(roles, client, page_cache):
    bulletin = published(roles["zongbian"], [("一、时间", "五月一日")])
    other = make_article(title="不相干的文章")
    for url in (bulletin.get_absolute_url(), reverse("bulletins:list"), other.get_absolute_url()):
        read(client, url)
    bulletin.title = "更正后的公告标题"
    workflow.save_piece(bulletin, roles["zongbian"], expected_version=bulletin.version)
    listing = read(client, reverse("bulletins:list"))
    assert listing["X-Page-Cache"] == "miss" and "更正后的公告标题" in listing.content.decode()
    assert read(client, bulletin.get_absolute_url())["X-Page-Cache"] == "miss"
    assert read(client, other.get_absolute_url())["X-Page-Cache"] == "hit"
    assert f"{Bulletin.SURROGATE_PREFIX}{bulletin.pk}" in bulletin.surrogate_listing_keys()
