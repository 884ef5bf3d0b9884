"""`.live()` at its boundaries, with the clock moved; `is_live()` agrees on every case."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from editorial.models import Status
from speeches.models import Speech
from tests.factories import make_article, make_speech

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 8, 0, 0, tzinfo=datetime.UTC)
SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)

# (label, status, publish_at offset from NOW or None, expire_at offset or None, live?)
CASES = [
    ("published exactly now", Status.PUBLISHED, 0 * SECOND, None, True),
    ("published a second ago", Status.PUBLISHED, -SECOND, None, True),
    ("published a second from now", Status.PUBLISHED, SECOND, None, False),
    ("published without publish_at", Status.PUBLISHED, None, None, False),
    ("expires exactly now", Status.PUBLISHED, -DAY, 0 * SECOND, False),
    ("expires in a second", Status.PUBLISHED, -DAY, SECOND, True),
    ("expired a second ago", Status.PUBLISHED, -DAY, -SECOND, False),
    ("approved, time has come", Status.APPROVED, -SECOND, None, True),
    ("approved, scheduled", Status.APPROVED, DAY, None, False),
    ("draft with past publish_at", Status.DRAFT, -DAY, None, False),
    ("first review with past publish_at", Status.REVIEW_1, -DAY, None, False),
    ("final review with past publish_at", Status.REVIEW_3, -DAY, None, False),
    ("unpublished", Status.UNPUBLISHED, -DAY, None, False),
    ("archived", Status.ARCHIVED, -DAY, None, False),
    ("closed", Status.CLOSED, -DAY, None, False),
]


def _offset(delta):
    return None if delta is None else NOW + delta


@pytest.mark.parametrize("factory", [make_article, make_speech])
@pytest.mark.parametrize(("label", "status", "publish", "expire", "live"), CASES, ids=[c[0] for c in CASES])
def test_live_and_is_live_agree_at_the_boundaries(factory, label, status, publish, expire, live):
    with time_machine.travel(NOW, tick=False):
        piece = factory(status=status, publish_at=_offset(publish), expire_at=_offset(expire))
        other = factory(status=Status.PUBLISHED, publish_at=NOW - DAY)  # always live: the control
        model = type(piece)

        live_pks = set(model.objects.live().values_list("pk", flat=True))

        assert (piece.pk in live_pks) is live, label
        assert piece.is_live() is live, label
        assert other.pk in live_pks and other.is_live()


def test_scheduled_piece_goes_live_when_the_clock_passes_without_any_save():
    with time_machine.travel(NOW, tick=False) as traveller:
        article = make_article(status=Status.APPROVED, publish_at=NOW + datetime.timedelta(hours=2))
        updated_at = Article.objects.get(pk=article.pk).updated_at
        assert not Article.objects.live().filter(pk=article.pk).exists()
        assert article.is_scheduled

        traveller.move_to(NOW + datetime.timedelta(hours=2) - SECOND)
        assert not Article.objects.live().filter(pk=article.pk).exists()

        traveller.move_to(NOW + datetime.timedelta(hours=2))
        assert Article.objects.live().filter(pk=article.pk).exists()
        fresh = Article.objects.get(pk=article.pk)
        assert fresh.is_live()
        assert not fresh.is_scheduled
        assert fresh.updated_at == updated_at  # nothing was written


def test_expiring_piece_disappears_when_the_clock_passes_without_any_save():
    with time_machine.travel(NOW, tick=False) as traveller:
        speech = make_speech(publish_at=NOW - DAY, expire_at=NOW + datetime.timedelta(minutes=5))
        assert Speech.objects.live().filter(pk=speech.pk).exists()
        traveller.move_to(NOW + datetime.timedelta(minutes=5))
        assert not Speech.objects.live().filter(pk=speech.pk).exists()
        assert not Speech.objects.get(pk=speech.pk).is_live()


def test_live_accepts_an_explicit_now():
    with time_machine.travel(NOW, tick=False):
        article = make_article(publish_at=NOW + DAY)
    assert not Article.objects.live(now=NOW).filter(pk=article.pk).exists()
    assert Article.objects.live(now=NOW + DAY).filter(pk=article.pk).exists()
    assert article.is_live(now=NOW + DAY) and not article.is_live(now=NOW)


def test_for_listing_is_live_newest_first_without_bodies():
    with time_machine.travel(NOW, tick=False):
        older = make_article(publish_at=NOW - DAY)
        newer = make_article(publish_at=NOW - SECOND)
        make_article(status=Status.DRAFT)
        listed = list(Article.objects.for_listing())
    assert [a.pk for a in listed] == [newer.pk, older.pk]
    assert "body" in listed[0].get_deferred_fields()


def test_live_uses_the_real_clock_by_default():
    article = make_article(publish_at=timezone.now() + datetime.timedelta(minutes=1))
    assert not Article.objects.live().filter(pk=article.pk).exists()
