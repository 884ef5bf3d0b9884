"""Approvals are named by what they do (同意，送复审 / 同意，送终审 / 签发) in the button, the
audit log and the mail, with 1, 2 or 3 stages; audit codes read as labels; 撤回 only when public."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from editorial import audit_labels, workflow
from editorial.models import AuditEntry, Status
from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db

SIGNERS = ["zebian", "zhuren", "zongbian"]


@pytest.mark.parametrize(
    ("stages", "labels"),
    [
        (3, ["同意，送复审", "同意，送终审", "签发"]),
        (2, ["同意，送复审", "签发"]),
        (1, ["签发"]),
    ],
)
def test_each_approval_is_named_by_what_it_does_in_button_audit_and_mail(
    client,
    settings,
    users,  # noqa: F811
    django_capture_on_commit_callbacks,
    stages,
    labels,
):
    settings.GONGJIANG_REVIEW_STAGES = stages
    piece = draft_article(users["zuozhe"], title="措辞测试稿")
    workflow.transition(piece, "submit", users["zuozhe"])
    change = reverse("admin:articles_article_change", args=[piece.pk])
    for signer, label in zip(SIGNERS, labels, strict=False):
        client.force_login(users[signer])
        html = client.get(change).content.decode()
        assert f'class="button gj-action-approve">{label}</button>' in html
        assert "同意（签发）" not in html
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            workflow.transition(piece, "approve", users[signer])
        entry = AuditEntry.for_piece(piece).filter(code="gongjiang.article.approved").first()
        assert entry.code == "gongjiang.article.approved"  # the data keeps the code
        assert entry.label == label
        bodies = [message.body for message in mail.outbox]
        assert bodies and all(f"操作：{label}（" in body for body in bodies)
    piece.refresh_from_db()
    assert piece.status == Status.APPROVED
    # The change page's log shows the labels, never the raw code.
    client.force_login(users["zongbian"])
    html = client.get(change).content.decode()
    log = html.split('id="workflow-audit"')[1].split("</ul>")[0]
    assert f">{labels[-1]}<" in log and ">提交送审<" in log
    assert ">gongjiang.article" not in log


@pytest.mark.parametrize(
    ("code", "label"),
    [
        ("gongjiang.article.submitted", "提交送审"),
        ("gongjiang.speech.sent_back", "退回修改"),
        ("gongjiang.article.admitted", "导入并设定状态"),
        ("gongjiang.article.refused", "操作被拒绝"),
        ("gongjiang.speech.deleted", "删除"),
        ("gongjiang.user.locked_out", "登录被锁定"),
        ("gongjiang.article.something_new", "其他事件"),
        ("", "其他事件"),
    ],
)
def test_audit_codes_read_as_labels_and_unknown_codes_do_not_leak(code, label):
    assert audit_labels.code_label(code) == label


def test_audit_log_list_shows_labels_and_filters_by_event(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="审计标签稿")
    workflow.transition(piece, "submit", users["zuozhe"])
    client.force_login(users["zongbian"])
    url = reverse("admin:editorial_auditentry_changelist")
    html = client.get(url).content.decode()
    assert 'title="gongjiang.article.submitted">提交送审</span>' in html
    assert "<code>gongjiang" not in html
    filtered = client.get(url, {"event": "submitted"}).content.decode()
    assert "审计标签稿" in filtered
    assert client.get(url, {"event": "archived"}).content.decode().count("审计标签稿") == 0


def test_withdraw_is_offered_on_public_pieces_only(users):  # noqa: F811
    chief = users["zongbian"]
    published = draft_article(users["zuozhe"], status=Status.PUBLISHED, publish_at=timezone.now())
    waiting = draft_article(users["zuozhe"], status=Status.APPROVED)  # signed, not yet published
    scheduled = draft_article(
        users["zuozhe"], status=Status.APPROVED, publish_at=timezone.now() + timedelta(days=1)
    )
    assert "unpublish" in workflow.available_actions(published, chief)
    assert workflow.action_label(published, "unpublish") == "撤回"
    assert "unpublish" not in workflow.available_actions(waiting, chief)
    with pytest.raises(workflow.WorkflowError, match="只有已发布或定时发布的稿件可以撤回"):
        workflow.transition(waiting, "unpublish", chief)
    assert "unpublish" in workflow.available_actions(scheduled, chief)
    assert workflow.action_label(scheduled, "unpublish") == "取消定时发布"
