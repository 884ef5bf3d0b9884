"""No lost update: the change form carries its version; a stale save is refused with a diff."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.models import AuditEntry
from tests.editorial.admin_forms import change_form_data
from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db


def _url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def test_form_carries_the_loaded_version(staff_client):
    article = draft_article(None, title="铁人精神永放光芒")
    html = staff_client.get(_url(article)).content.decode()
    assert f'name="loaded_version" value="{article.version}"' in html


def test_stale_save_is_refused_keeps_input_and_shows_the_diff(client, users):  # noqa: F811
    article = draft_article(users["zebian"], title="铁人精神永放光芒", body="<p>大庆油田的老会战们</p>")
    client.force_login(users["zebian"])
    mine = change_form_data(client, article, body="<p>大庆油田的老会战们干劲十足</p>")
    # Someone else saves in between.
    other = Article.objects.get(pk=article.pk)
    other.body = "<p>大庆油田的石油工人们</p>"
    workflow.save_piece(other, users["zhuren"], expected_version=other.version)

    response = client.post(_url(article), mine)

    assert response.status_code == 200
    html = response.content.decode()
    assert "已被他人保存" in html
    assert "干劲十足" in html  # the user's input is still in the form
    assert "<ins>" in html and "<del>" in html  # a diff against the newer version
    assert 'id="conflict-panel"' in html
    article.refresh_from_db()
    assert article.body == "<p>大庆油田的石油工人们</p>"
    assert article.version == other.version


def test_explicit_overwrite_wins_and_is_audited(client, users):  # noqa: F811
    article = draft_article(users["zebian"], body="<p>原稿</p>")
    client.force_login(users["zebian"])
    mine = change_form_data(client, article, body="<p>我的改稿</p>")
    other = Article.objects.get(pk=article.pk)
    other.body = "<p>他人改稿</p>"
    workflow.save_piece(other, users["zhuren"], expected_version=other.version)

    response = client.post(_url(article), {**mine, "overwrite": "on"})

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>我的改稿</p>"
    entry = AuditEntry.objects.first()
    assert entry.code == "gongjiang.article.overwritten" and entry.actor == users["zebian"]
    assert "body" in entry.changed_fields


def test_two_consecutive_saves_in_the_same_form_never_conflict(client, users):  # noqa: F811
    article = draft_article(users["zebian"], body="<p>第一稿</p>")
    client.force_login(users["zebian"])
    first = change_form_data(client, article, body="<p>第二稿</p>", _continue="1")
    response = client.post(_url(article), first)
    assert response.status_code == 302
    # "Save and continue" reloads the form: it must now carry the new version.
    second = change_form_data(client, article, body="<p>第三稿</p>", _continue="1")
    assert int(second["loaded_version"]) == int(first["loaded_version"]) + 1
    response = client.post(_url(article), second)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>第三稿</p>"
    assert not AuditEntry.objects.filter(code="gongjiang.article.overwritten").exists()


def test_save_piece_refuses_a_stale_version_on_the_shell_too(users):  # noqa: F811
    article = draft_article(users["zebian"])
    loaded = article.version
    workflow.save_piece(Article.objects.get(pk=article.pk), users["zhuren"], expected_version=loaded)
    article.title = "改了标题"
    with pytest.raises(workflow.ConflictError):
        workflow.save_piece(article, users["zebian"], expected_version=loaded)
    assert Article.objects.get(pk=article.pk).title != "改了标题"


def test_each_save_increments_the_version_once(users):  # noqa: F811
    article = draft_article(users["zebian"])
    start = article.version
    for n in range(3):
        workflow.save_piece(article, users["zebian"], expected_version=article.version)
        assert Article.objects.get(pk=article.pk).version == start + n + 1


def test_conflict_shows_what_the_other_person_changed_to_merge_by_hand(client, users):  # noqa: F811
    article = draft_article(users["zebian"], title="铁人精神永放光芒", body="<p>大庆油田的老会战们</p>")
    # A revision at the version the form loads: what the merge view compares against.
    workflow.save_piece(article, users["zebian"], expected_version=article.version)
    client.force_login(users["zebian"])
    mine = change_form_data(client, article, body="<p>大庆油田的老会战们干劲十足</p>")
    other = Article.objects.get(pk=article.pk)
    other.title = "铁人精神永远放光芒"
    workflow.save_piece(other, users["zhuren"], expected_version=other.version)

    html = client.post(_url(article), mine).content.decode()

    theirs = html.split('id="conflict-theirs"')[1].split("</dl>")[0]
    assert "主题" in theirs and "<ins>永远</ins>" in theirs
    assert "干劲十足" not in theirs  # that is the user's own change, not theirs
    assert "干劲十足" in html.split('id="conflict-mine"')[1].split("</dl>")[0]
