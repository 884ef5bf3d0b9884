import logging

import pytest
from django.core import mail

from editorial import workflow
from editorial.models import Status
from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submit_mails_the_first_stage_reviewers_not_the_actor(users, django_capture_on_commit_callbacks):  # noqa: F811
    piece = draft_article(users["zebian"], title="送审通知稿")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(piece, "submit", users["zebian"])
    assert _recipients() == ["zebian2@example.cn"]  # zebian is the actor: not mailed
    assert "送审通知稿" in mail.outbox[0].subject and "初审" in mail.outbox[0].subject


def test_approval_mails_the_next_stage(users, django_capture_on_commit_callbacks):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    workflow.transition(piece, "submit", users["zuozhe"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(piece, "approve", users["zebian"])
    assert _recipients() == ["zhuren2@example.cn", "zhuren@example.cn"]
    assert "zuozhe@example.cn" not in _recipients() and "inactive@example.cn" not in _recipients()


def test_send_back_mails_the_author_with_the_opinion(users, django_capture_on_commit_callbacks):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    workflow.transition(piece, "submit", users["zuozhe"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(piece, "send_back", users["zebian"], "第二段请补充数据")
    assert _recipients() == ["zuozhe@example.cn"]
    assert "第二段请补充数据" in mail.outbox[0].body


def test_publish_mails_the_author_but_never_the_actor(users, django_capture_on_commit_callbacks):  # noqa: F811
    piece = draft_article(users["zongbian"], status=Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(piece, "publish", users["zongbian"])
    assert mail.outbox == []  # the author is the actor
    other = draft_article(users["zuozhe"], status=Status.APPROVED)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(other, "publish", users["zongbian"])
    assert _recipients() == ["zuozhe@example.cn"]


def test_mail_failure_never_blocks_the_transition(
    users,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
    caplog,
):
    settings.EMAIL_BACKEND = "tests.editorial.failing_mail.Backend"
    piece = draft_article(users["zuozhe"])
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        workflow.transition(piece, "submit", users["zuozhe"])
    piece.refresh_from_db()
    assert piece.status == Status.REVIEW_1
    assert "notification failed" in caplog.text


def test_refused_transition_sends_nothing(users, django_capture_on_commit_callbacks):  # noqa: F811
    piece = draft_article(users["zuozhe"])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(workflow.WorkflowError):
        workflow.transition(piece, "approve", users["zebian"])
    assert mail.outbox == []
