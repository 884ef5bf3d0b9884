import pytest
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.diff import diff_html
from editorial.models import AuditEntry, Revision
from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db


def _save(piece, user, **fields):
    for name, value in fields.items():
        setattr(piece, name, value)
    return workflow.save_piece(piece, user, expected_version=piece.version)


def test_every_save_stores_a_snapshot_with_who_and_what_changed(users):  # noqa: F811
    piece = draft_article(users["zebian"], title="劳动最光荣")
    _save(piece, users["zebian"], title="劳动最光荣最伟大")
    revision = Revision.for_piece(piece).first()
    assert revision.snapshot["title"] == "劳动最光荣最伟大"
    assert revision.created_by == users["zebian"]
    assert revision.changed_fields == ["title"]
    entry = AuditEntry.objects.first()
    assert entry.code == "gongjiang.article.saved" and entry.changed_fields == ["title"]


@pytest.mark.parametrize(
    ("old", "new", "deleted", "inserted"),
    [
        ("今天我们召开劳模座谈会", "今天我们隆重召开全国劳模座谈会", [], ["隆重", "全国"]),
        ("王进喜是铁人", "王进喜是石油工人", ["铁人"], ["石油工人"]),
        ("<script>x</script>劳模", "<script>y</script>劳模", ["x"], ["y"]),
    ],
)
def test_diff_is_word_level_for_chinese_and_escaped(old, new, deleted, inserted):
    html = str(diff_html(old, new))
    for word in deleted:
        assert f"<del>{word}</del>" in html or word in html.split("<del>")[1]
    for word in inserted:
        assert word in "".join(part.split("</ins>")[0] for part in html.split("<ins>")[1:])
    assert "<script>" not in html
    assert "今天我们" not in "".join(html.split("<del>")[1:]).split("</del>")[0]  # unchanged text stays plain


def test_history_view_shows_a_readable_diff(client, users):  # noqa: F811
    piece = draft_article(users["zebian"], body="<p>铁人精神代代相传</p>")
    _save(piece, users["zebian"], body="<p>铁人精神永远代代相传</p>")
    client.force_login(users["zebian"])
    html = client.get(reverse("admin:articles_article_revisions", args=[piece.pk])).content.decode()
    assert "<ins>永远</ins>" in html
    assert "gongjiang.article.saved" in html


def test_restore_creates_a_new_revision_and_an_audit_entry(client, users):  # noqa: F811
    piece = draft_article(users["zebian"], title="第一版标题")
    _save(piece, users["zebian"], title="第二版标题")
    first = Revision.for_piece(piece).order_by("created_at", "pk").first()
    count = Revision.for_piece(piece).count()
    client.force_login(users["zebian"])
    response = client.post(reverse("admin:articles_article_restore", args=[piece.pk, first.pk]))
    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.title == "第一版标题"
    assert Revision.for_piece(piece).count() == count + 1
    newest = Revision.for_piece(piece).first()
    assert newest.snapshot["title"] == "第一版标题" and newest.version == piece.version
    entry = AuditEntry.objects.first()
    assert entry.code == "gongjiang.article.restored" and "title" in entry.changed_fields


def test_restore_is_refused_to_a_user_without_change_right(client, users):  # noqa: F811
    piece = draft_article(users["zebian"], title="第一版标题")
    _save(piece, users["zebian"], title="第二版标题")
    first = Revision.for_piece(piece).order_by("created_at", "pk").first()
    client.force_login(users["zuozhe"])  # an author; not theirs
    response = client.post(reverse("admin:articles_article_restore", args=[piece.pk, first.pk]))
    assert response.status_code in (403, 404) or "/login/" in response.get("Location", "")
    assert Article.objects.get(pk=piece.pk).title == "第二版标题"


def test_restore_brings_back_tags_and_bylines(users):  # noqa: F811
    from tests.factories import make_person

    piece = draft_article(users["zebian"], tags=["劳模"])
    person = make_person(name="王进喜")
    piece.bylines.create(person=person, position="记者", order=0)
    _save(piece, users["zebian"])
    first = Revision.for_piece(piece).first()
    piece.tags.set(["工匠"])
    piece.bylines.all().delete()
    _save(piece, users["zebian"])
    workflow.restore_revision(piece, first, users["zebian"])
    assert list(piece.tags.names()) == ["劳模"]
    assert list(piece.bylines.values_list("person__name", "position")) == [("王进喜", "记者")]


def test_diff_shows_names_and_local_times_not_ids(client, users):  # noqa: F811
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from tests.factories import make_column

    piece = draft_article(users["zebian"])
    piece.column = make_column(name="工运前沿")
    piece.is_repost = True
    piece.publish_at = datetime(2025, 5, 1, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    workflow.save_piece(piece, users["zebian"], expected_version=piece.version)
    client.force_login(users["zebian"])
    html = client.get(reverse("admin:articles_article_revisions", args=[piece.pk])).content.decode()
    diff = html.split('id="revision-diff"')[1].split("</dl>")[0]
    assert "<ins>工运前沿</ins>" in diff
    assert "2025-05-01 08:00:00" in diff and "+00:00" not in diff
    assert "是" in diff and f">{piece.column_id}<" not in diff
    audit = html.split('id="revision-audit"')[1].split("</ul>")[0]
    assert "栏目" in audit and "column" not in audit


def test_a_reviewer_sees_what_changed_since_sending_the_piece_back(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], body="<p>各地工会开展劳动竞赛。</p>")
    workflow.transition(piece, "submit", users["zuozhe"])
    workflow.transition(piece, "approve", users["zebian"])
    workflow.transition(piece, "send_back", users["zhuren"], "请补充参赛人数")
    piece.body = "<p>各地工会开展劳动竞赛，参赛职工逾千万人次。</p>"
    workflow.save_piece(piece, users["zuozhe"], expected_version=piece.version)
    workflow.transition(piece, "submit", users["zuozhe"])  # resumes at 复审
    client.force_login(users["zhuren"])
    html = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    link = html.split('id="workflow-since-sent-back"><a href="')[1].split('"')[0].replace("&amp;", "&")
    diff = client.get(link).content.decode().split('id="revision-diff"')[1].split("</dl>")[0]
    assert "参赛职工" in diff.split("<ins>")[1]
    # The default comparison skips revisions that only record a state change.
    default = client.get(reverse("admin:articles_article_revisions", args=[piece.pk])).content.decode()
    assert "参赛职工" in default.split('id="revision-diff"')[1].split("</dl>")[0]
