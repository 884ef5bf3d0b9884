"""The audit trail also holds what did not happen: refused actions (who, what, why), refused
conflicting saves, and every deletion of a piece. Entries stay unchangeable (test_audit.py)."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial import workflow
from editorial.models import AuditEntry, Status
from speeches.models import Speech
from tests.editorial.admin_forms import change_form_data
from tests.editorial.roles import draft_article, draft_speech, users  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_refused_action_on_the_change_page_is_audited_with_who_what_why(client, users):  # noqa: F811
    piece = draft_article(users["zebian"], title="自己写的稿件")
    workflow.transition(piece, "submit", users["zebian"])
    client.force_login(users["zebian"])
    url = reverse("admin:articles_article_workflow", args=[piece.pk])
    client.post(url, {"action": "approve", "opinion": "同意", "version": piece.version})

    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_1  # nothing happened…
    entry = AuditEntry.objects.get(code="gongjiang.article.refused")  # …and that is on record
    assert (entry.actor, entry.actor_name, entry.object_id) == (users["zebian"], "zebian", piece.pk)
    assert "同意" in entry.opinion and "不能审批自己撰写的稿件" in entry.opinion
    assert (entry.from_status, entry.to_status) == (Status.REVIEW_1, Status.REVIEW_1)


@pytest.mark.parametrize(
    ("action", "who", "reason"),
    [
        ("publish", "zuozhe", "没有发布、撤回或归档的权限"),
        ("send_back", "zebian", "退回修改必须填写意见"),
        ("archive", "zongbian", "可以归档"),
    ],
)
def test_every_refused_transition_is_audited(users, action, who, reason):  # noqa: F811
    piece = draft_speech(users["zuozhe"])
    if action == "send_back":
        workflow.transition(piece, "submit", users["zuozhe"])
    with pytest.raises(workflow.WorkflowError):
        workflow.transition(piece, action, users[who])
    entry = AuditEntry.objects.get(code="gongjiang.speech.refused")
    assert entry.actor == users[who]
    assert str(workflow.ACTION_LABELS[action])[:2] in entry.opinion
    assert reason in entry.opinion


def test_a_refused_conflicting_save_in_the_admin_is_audited(client, users):  # noqa: F811
    article = draft_article(users["zebian"], body="<p>原稿</p>")
    client.force_login(users["zebian"])
    mine = change_form_data(client, article, body="<p>我的改稿</p>")
    other = Article.objects.get(pk=article.pk)
    other.body = "<p>他人的改稿</p>"
    workflow.save_piece(other, users["zhuren"], expected_version=other.version)

    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), mine)
    assert response.status_code == 200

    entry = AuditEntry.objects.get(code="gongjiang.article.save_refused")
    assert entry.actor == users["zebian"]
    assert "保存" in entry.opinion and "已被他人保存" in entry.opinion


def test_a_refused_stale_save_on_the_shell_is_audited(users):  # noqa: F811
    article = draft_article(users["zebian"])
    stale = Article.objects.get(pk=article.pk)
    workflow.save_piece(article, users["zhuren"], expected_version=article.version)
    with pytest.raises(workflow.ConflictError):
        workflow.save_piece(stale, users["zebian"], expected_version=stale.version)
    entry = AuditEntry.objects.get(code="gongjiang.article.save_refused")
    assert entry.actor == users["zebian"] and "第" in entry.opinion


def test_deleting_a_draft_in_the_admin_is_audited_with_the_deleter(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="要删除的草稿")
    client.force_login(users["superuser"])
    response = client.post(reverse("admin:articles_article_delete", args=[piece.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Article.objects.filter(pk=piece.pk).exists()
    entry = AuditEntry.objects.get(code="gongjiang.article.deleted")
    assert (entry.actor, entry.object_id, entry.object_repr) == (users["superuser"], piece.pk, "要删除的草稿")


def test_bulk_deletion_in_the_admin_audits_each_piece(client, users):  # noqa: F811
    pieces = [draft_speech(users["zuozhe"], title=f"讲话草稿{n}") for n in range(3)]
    client.force_login(users["superuser"])
    client.post(
        reverse("admin:speeches_speech_changelist"),
        {"action": "delete_selected", "_selected_action": [p.pk for p in pieces], "post": "yes"},
    )
    assert not Speech.objects.exists()
    entries = AuditEntry.objects.filter(code="gongjiang.speech.deleted")
    assert sorted(entries.values_list("object_id", flat=True)) == sorted(p.pk for p in pieces)
    assert {entry.actor for entry in entries} == {users["superuser"]}


def test_a_deletion_outside_the_admin_is_audited_too(users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="命令行删除")
    piece.delete()
    entry = AuditEntry.objects.get(code="gongjiang.article.deleted")
    assert entry.actor is None and entry.actor_name == "系统" and entry.object_repr == "命令行删除"
