"""我的工作台 (the admin index) per user and role, the header figures, and their query budget."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import Status
from editorial.registry import content_types
from speeches.models import Speech
from tests.editorial.roles import draft_article, draft_speech, make_user, users  # noqa: F401

pytestmark = pytest.mark.django_db

INDEX = "/admin/"


def _section(html, name):
    """The HTML of one desk section (id="desk-<name>")."""
    return html.split(f'id="desk-{name}"')[1].split("</section>")[0]


@pytest.fixture
def desk(users):  # noqa: F811
    """One piece at every point of the desk, by zuozhe unless said otherwise."""
    author = users["zuozhe"]
    pieces = {
        "draft": draft_article(author, title="作者的草稿"),
        "sent_back": draft_article(author, title="被退回的稿件"),
        "stage1": draft_article(author, title="初审中的文章"),
        "stage1_speech": draft_speech(author, title="初审中的讲话"),
        "stage2": draft_article(author, title="复审中的文章"),
        "stage3": draft_article(author, title="终审中的文章", body="<p>共有XX人参加。</p>"),
        "scheduled": draft_article(
            users["zebian"],
            title="定时发布的文章",
            status=Status.APPROVED,
            publish_at=timezone.now() + timedelta(days=1),
        ),
        "other_draft": draft_article(users["zebian"], title="编辑的草稿", body="<p>XX月底完成。</p>"),
    }
    workflow.transition(pieces["sent_back"], "submit", author)
    workflow.transition(pieces["sent_back"], "send_back", users["zebian"], "请补充第二段的数据来源")
    for key, stage in (("stage1", 1), ("stage1_speech", 1), ("stage2", 2), ("stage3", 3)):
        workflow.transition(pieces[key], "submit", author)
        for reviewer in ["zebian", "zhuren"][: stage - 1]:
            workflow.transition(pieces[key], "approve", users[reviewer])
    published = draft_article(author, title="已发布的文章", status=Status.APPROVED)
    workflow.transition(published, "publish", users["zongbian"])
    pieces["published"] = published
    return pieces


def test_the_author_sees_own_drafts_the_opinion_of_a_send_back_and_nothing_to_review(client, users, desk):  # noqa: F811
    client.force_login(users["zuozhe"])
    html = client.get(INDEX).content.decode()
    assert 'id="desk-awaiting"' not in html  # a 作者 signs nothing
    mine = _section(html, "mine")
    assert "作者的草稿" in mine and "被退回的稿件" in mine and "请补充第二段的数据来源" in mine
    assert mine.index("被退回的稿件") < mine.index("作者的草稿")  # sent back comes first
    assert "编辑的草稿" not in html  # others' pieces are not the author's business
    url = reverse("admin:articles_article_change", args=[desk["sent_back"].pk])
    assert f'href="{url}"' in mine
    assert "已发布的文章" in _section(html, "recent")
    # The header, on every admin page: one piece sent back to this author.
    page = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert 'id="desk-count-sent-back"' in page and 'id="desk-count-awaiting"' not in page
    assert page.split('id="desk-count-sent-back"')[1].split("</a>")[0].endswith('gj-count-on">1</span>')


@pytest.mark.parametrize(
    ("role", "expected", "absent"),
    [
        ("zebian", ["初审中的文章", "初审中的讲话"], ["复审中的文章", "终审中的文章"]),
        ("zhuren", ["复审中的文章"], ["初审中的文章", "终审中的文章"]),
        ("zongbian", ["终审中的文章"], ["初审中的文章", "复审中的文章"]),
    ],
)
def test_each_reviewer_sees_what_awaits_their_signature_across_content_types(
    client,
    users,  # noqa: F811
    desk,
    role,
    expected,
    absent,
):
    client.force_login(users[role])
    html = client.get(INDEX).content.decode()
    awaiting = _section(html, "awaiting")
    for title in expected:
        assert title in awaiting
    for title in absent:
        assert title not in awaiting
    # The desk and the signing rule never disagree.
    rule = sum(
        workflow.awaiting_review(model.objects.all(), users[role]).count() for model in (Article, Speech)
    )
    assert len(expected) == rule
    assert f'gj-count-on">{rule}</span>' in html.split('id="desk-count-awaiting"')[1].split("</a>")[0]
    assert "已等" in awaiting


def test_the_editor_in_chief_sees_scheduled_recent_with_publisher_and_problems(client, users, desk):  # noqa: F811
    client.force_login(users["zongbian"])
    html = client.get(INDEX).content.decode()
    assert "定时发布的文章" in _section(html, "scheduled")
    recent = _section(html, "recent")
    assert "已发布的文章" in recent and "zongbian 发布" in recent
    problems = _section(html, "problems")
    # 总编辑 may edit the piece at 终审 and the drafts: each with its problem.
    assert "终审中的文章" in problems and "编辑的草稿" in problems and "占位符" in problems
    assert "初审中的文章" not in problems  # passes the checks


def test_a_first_stage_reviewer_sees_problems_only_in_pieces_they_may_edit(client, users, desk):  # noqa: F811
    client.force_login(users["zebian"])
    problems = _section(client.get(INDEX).content.decode(), "problems")
    assert "编辑的草稿" in problems  # a draft: editors may edit it
    assert "终审中的文章" not in problems  # at 终审: not theirs to change


def test_a_user_in_two_roles_sees_both_stages_but_never_a_stage_after_signing_another(
    client,
    users,  # noqa: F811
    django_user_model,
    desk,
):
    both = make_user(django_user_model, "liangge", "责任编辑")
    both.groups.add(Group.objects.get(name="编辑部主任"))
    piece = draft_article(users["zuozhe"], title="两个角色审的稿")
    workflow.transition(piece, "submit", users["zuozhe"])
    client.force_login(both)
    awaiting = _section(client.get(INDEX).content.decode(), "awaiting")
    assert "初审中的文章" in awaiting and "复审中的文章" in awaiting and "两个角色审的稿" in awaiting
    workflow.transition(piece, "approve", both)  # signs 初审: may not sign its 复审
    awaiting = _section(client.get(INDEX).content.decode(), "awaiting")
    assert "两个角色审的稿" not in awaiting and "复审中的文章" in awaiting


def _awaiting_figure(html):
    return html.split('id="desk-count-awaiting"')[1].split("</a>")[0].rsplit(">", 2)[-2].split("<")[0]


def test_kept_figures_and_checks_follow_each_change_and_a_change_of_rights(
    client,
    users,  # noqa: F811
    django_user_model,
    desk,
):
    """The header's figures and the desk's checked pieces are kept between changes
    (editorial.cache.fresh_memo): an edit, a submission and new rights show at once."""
    editor = make_user(django_user_model, "xinren", "责任编辑")  # signed nothing yet
    client.force_login(editor)
    html = client.get(INDEX).content.decode()
    assert _awaiting_figure(html) == "2"  # 初审中的文章, 初审中的讲话
    assert "作者的草稿" not in _section(html, "problems")
    draft = Article.objects.get(pk=desk["draft"].pk)
    draft.body = "<p>共有XX人参加。</p>"
    draft.save()
    workflow.transition(draft_article(users["zuozhe"], title="新交的稿"), "submit", users["zuozhe"])
    html = client.get(INDEX).content.decode()
    assert _awaiting_figure(html) == "3"
    assert "作者的草稿" in _section(html, "problems")
    editor.groups.add(Group.objects.get(name="编辑部主任"))  # no content changes: rights do
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert _awaiting_figure(html) == "4"  # and 复审中的文章, signed at 初审 by another


def test_after_a_change_the_desk_checks_again_only_the_pieces_changed(client, users, desk, monkeypatch):  # noqa: F811
    """Each piece's checks are kept with its version: a save renews the desk, but only the
    piece saved is read and checked again (every other verdict stays)."""
    client.force_login(users["zongbian"])
    problems = _section(client.get(INDEX).content.decode(), "problems")
    assert "终审中的文章" in problems and "编辑的草稿" in problems
    checked = []
    content_problems = workflow.content_problems

    def counted(piece, *args, **kwargs):
        checked.append(piece.title)
        return content_problems(piece, *args, **kwargs)

    monkeypatch.setattr(workflow, "content_problems", counted)
    piece = Article.objects.get(pk=desk["stage3"].pk)
    piece.body = piece.summary = "<p>共有三十人参加。</p>"
    piece.save()
    problems = _section(client.get(INDEX).content.decode(), "problems")
    assert checked == ["终审中的文章"]
    assert "终审中的文章" not in problems and "编辑的草稿" in problems
    # A workflow step moves the version on too: the piece is checked again.
    other = Article.objects.get(pk=desk["other_draft"].pk)
    workflow.transition(other, "submit", users["zebian"])
    problems = _section(client.get(INDEX).content.decode(), "problems")
    assert checked == ["终审中的文章", "编辑的草稿"]
    row = problems.split("编辑的草稿")[1].split("</li></ul>")[0]
    assert "文章 · 初审" in row and "占位符" in row  # its stage now, its problems still


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def _add_pieces(users, n):  # noqa: F811
    for i in range(n):
        for stage in (1, 2):
            piece = draft_speech(users["zuozhe"], title=f"批量讲话{stage}-{i}", body="<p>共有XX人。</p>")
            workflow.transition(piece, "submit", users["zuozhe"])
            if stage == 2:
                workflow.transition(piece, "approve", users["zebian"])
        draft_article(users["zhuren"], title=f"主任草稿{i}", body="<p>XX月底。</p>")
        draft_article(
            users["zuozhe"],
            title=f"定时{i}",
            status=Status.APPROVED,
            publish_at=timezone.now() + timedelta(days=1),
        )
        draft_article(users["zuozhe"], title=f"已发布{i}", status=Status.PUBLISHED, publish_at=timezone.now())


@pytest.mark.parametrize("role", ["zuozhe", "zhuren", "zongbian"])
def test_the_desk_and_the_header_run_a_fixed_number_of_queries(client, users, role):  # noqa: F811
    client.force_login(users[role])
    _add_pieces(users, 5)
    small, html = _queries(client, INDEX)
    changelist = reverse("admin:articles_article_changelist")
    small_list, _ = _queries(client, changelist)
    _add_pieces(users, 45)
    large, html = _queries(client, INDEX)
    large_list, _ = _queries(client, changelist)
    assert small == large, f"{role}: {small} queries with 5 pieces per section, {large} with 50"
    assert small_list == large_list
    # Each content type's desk sections and header figures: 30 with three types.
    assert large <= 9 + 7 * len(content_types())
    if role == "zhuren":
        assert _section(html, "awaiting").count("批量讲话2-") == 20  # the section's length limit


def test_the_content_types_come_first_in_the_newsroom_order_not_by_code_point(admin_client):
    """稿件与资料 and the navigation sidebar: 文章, 讲话, 图集 (the content types; the tests add one),
    then the picture library, people, events, the front page, the desk's records, accounts and lockouts."""
    apps = [app["app_label"] for app in admin_client.get(INDEX).context["app_list"]]
    content = list(dict.fromkeys(model._meta.app_label for model in content_types()))
    assert content[:3] == ["articles", "speeches", "galleries"]  # INSTALLED_APPS order
    assert apps == [*content, "images", "people", "events", "portal", "editorial", "auth", "axes"]
    # The sidebar on any other page lists them the same way.
    html = admin_client.get(reverse("admin:people_person_changelist")).content.decode()
    sidebar = html.split('id="nav-sidebar"')[1]
    positions = [sidebar.index(f'class="app-{label} ') for label in apps]
    assert positions == sorted(positions)
