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


def test_reviewers_who_may_not_sign_are_not_asked_to(users, django_capture_on_commit_callbacks):  # noqa: F811
    from django.contrib.auth.models import Group

    # The 主任 zhuren2 wrote the piece; an editor submits it, another signs 初审.
    piece = draft_article(users["zhuren2"])
    workflow.transition(piece, "submit", users["zebian"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(piece, "approve", users["zebian2"])
    assert _recipients() == ["zhuren@example.cn"]  # not zhuren2, the author, though a 复审 reviewer
    # zebian2 also holds 终审 rights now, but signed 初审: not asked to sign 终审.
    users["zebian2"].groups.add(Group.objects.get(name="总编辑"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(piece, "approve", users["zhuren"])
    assert "zebian2@example.cn" not in _recipients()
    assert "zongbian@example.cn" in _recipients()


def test_a_final_approval_that_schedules_tells_the_author_when(users, django_capture_on_commit_callbacks):  # noqa: F811
    from datetime import datetime
    from zoneinfo import ZoneInfo

    at = datetime(2031, 5, 1, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    piece = draft_article(users["zuozhe"], publish_at=at)
    workflow.transition(piece, "submit", users["zuozhe"])
    workflow.transition(piece, "approve", users["zebian"])
    workflow.transition(piece, "approve", users["zhuren"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.transition(piece, "approve", users["zongbian"])
    assert "zuozhe@example.cn" in _recipients()
    assert "zongbian@example.cn" not in _recipients()  # the actor
    message = next(m for m in mail.outbox if "zuozhe@example.cn" in m.to)
    assert "2031-05-01 08:00" in message.body
