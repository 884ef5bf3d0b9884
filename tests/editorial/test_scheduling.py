from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import AuditEntry, Status
from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(users):  # noqa: F811
    at = timezone.now() + timedelta(hours=2)
    piece = draft_article(
        users["zuozhe"], title="定时发布的稿件", publish_at=at, expire_at=at + timedelta(days=1)
    )
    workflow.transition(piece, "submit", users["zuozhe"])
    for reviewer in ("zebian", "zhuren", "zongbian"):
        workflow.transition(piece, "approve", users[reviewer])
    workflow.transition(piece, "publish", users["zongbian"])
    piece.refresh_from_db()
    return piece


def test_publish_with_future_time_stays_approved_as_scheduled(scheduled):
    assert scheduled.status == Status.APPROVED and scheduled.is_scheduled
    assert AuditEntry.objects.first().code == "gongjiang.article.scheduled"


def test_scheduled_piece_appears_and_expires_by_query_alone(scheduled):
    at = scheduled.publish_at
    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        assert not Article.objects.live().filter(pk=scheduled.pk).exists()
    with time_machine.travel(at, tick=False):
        assert Article.objects.live().filter(pk=scheduled.pk).exists()
    with time_machine.travel(scheduled.expire_at, tick=False):
        assert not Article.objects.live().filter(pk=scheduled.pk).exists()
    assert not AuditEntry.objects.filter(code="gongjiang.article.published").exists()  # no command ran


def test_command_records_the_publication_once(scheduled):
    call_command("publish_scheduled", verbosity=0)
    scheduled.refresh_from_db()
    assert scheduled.status == Status.APPROVED  # not due yet
    with time_machine.travel(scheduled.publish_at + timedelta(minutes=1)):
        call_command("publish_scheduled", verbosity=0)
        call_command("publish_scheduled", verbosity=0)
    scheduled.refresh_from_db()
    assert scheduled.status == Status.PUBLISHED
    entries = AuditEntry.objects.filter(code="gongjiang.article.published")
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.from_status, entry.to_status, entry.actor) == ("approved", "published", None)


def test_command_leaves_expired_pieces_alone(scheduled):
    with time_machine.travel(scheduled.expire_at + timedelta(minutes=1)):
        call_command("publish_scheduled", verbosity=0)
    scheduled.refresh_from_db()
    assert scheduled.status == Status.APPROVED


def test_unpublishing_a_scheduled_piece_before_its_time_clears_first_published(scheduled, users):  # noqa: F811
    workflow.transition(scheduled, "unpublish", users["zongbian"])
    scheduled.refresh_from_db()
    assert scheduled.status == Status.UNPUBLISHED and scheduled.first_published_at is None
    with time_machine.travel(scheduled.publish_at + timedelta(minutes=1)):
        assert not Article.objects.live().filter(pk=scheduled.pk).exists()


def test_command_dry_run_lists_and_changes_nothing(scheduled):
    from io import StringIO

    out = StringIO()
    with time_machine.travel(scheduled.publish_at + timedelta(minutes=1)):
        call_command("publish_scheduled", "--dry-run", stdout=out)
    scheduled.refresh_from_db()
    assert scheduled.status == Status.APPROVED
    assert "定时发布的稿件" in out.getvalue() and "将记录 1 篇" in out.getvalue()
    assert not AuditEntry.objects.filter(code="gongjiang.article.published").exists()


def test_command_covers_speeches_too(users):  # noqa: F811
    from speeches.models import Speech
    from tests.factories import make_speech

    speech = make_speech(status=Status.APPROVED, publish_at=timezone.now() - timedelta(minutes=1))
    call_command("publish_scheduled", verbosity=0)
    assert Speech.objects.get(pk=speech.pk).status == Status.PUBLISHED
    assert AuditEntry.objects.filter(code="gongjiang.speech.published").count() == 1
