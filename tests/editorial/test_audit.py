import pytest
from django.urls import reverse

from editorial import workflow
from editorial.models import AuditEntry
from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db


def test_entries_cannot_be_changed_or_deleted(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    workflow.transition(piece, "submit", users["zuozhe"])
    entry = AuditEntry.objects.get(code="gongjiang.article.submitted")
    entry.opinion = "篡改"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(opinion="篡改")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).opinion == ""


def test_transition_entry_has_actor_states_and_opinion(users):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    workflow.transition(piece, "submit", users["zuozhe"])
    workflow.transition(piece, "send_back", users["zebian"], "数据需核实")
    entry = AuditEntry.objects.first()
    assert (entry.code, entry.actor, entry.actor_name) == (
        "gongjiang.article.sent_back",
        users["zebian"],
        "zebian",
    )
    assert (entry.from_status, entry.to_status, entry.opinion) == ("review_1", "draft", "数据需核实")


def test_audit_admin_lists_and_filters_but_offers_no_edit(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="审计日志里的稿件")
    workflow.transition(piece, "submit", users["zuozhe"])
    client.force_login(users["zhuren"])
    url = reverse("admin:editorial_auditentry_changelist")
    html = client.get(url, {"code": "gongjiang.article.submitted"}).content.decode()
    assert "审计日志里的稿件" in html and "gongjiang.article.submitted" in html
    entry = AuditEntry.objects.first()
    assert (
        client.post(
            reverse("admin:editorial_auditentry_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert client.get(reverse("admin:editorial_auditentry_add")).status_code == 403


def test_author_cannot_read_the_audit_log(client, users):  # noqa: F811
    client.force_login(users["zuozhe"])
    assert client.get(reverse("admin:editorial_auditentry_changelist")).status_code == 403


def test_audit_log_and_tag_lists_carry_no_workflow_tools(client, users):  # noqa: F811
    client.force_login(users["superuser"])
    for name in ("editorial_auditentry_changelist", "editorial_tag_changelist"):
        html = client.get(reverse(f"admin:{name}")).content.decode()
        assert "gj-awaiting" not in html and "待我审" not in html
    # The content lists still have them.
    assert "gj-awaiting" in client.get(reverse("admin:articles_article_changelist")).content.decode()
