"""Test data builders. Published by default, an hour in the past."""

import itertools
from datetime import timedelta

from django.utils import timezone

from articles.models import Article, Column, Source
from editorial.models import Status
from events.models import Event
from people.models import Person
from speeches.models import Speech, SpeechSection

_counter = itertools.count(1)


def _live_defaults(kwargs):
    kwargs.setdefault("status", Status.PUBLISHED)
    if kwargs["status"] in (Status.PUBLISHED, Status.APPROVED):
        kwargs.setdefault("publish_at", timezone.now() - timedelta(hours=1))
        kwargs.setdefault("first_published_at", kwargs["publish_at"])
    return kwargs


def make_article(tags=(), **kwargs):
    n = next(_counter)
    kwargs.setdefault("title", f"劳模精神代代相传第{n}篇")
    kwargs.setdefault("body", f"<p>第{n}篇正文：劳动创造幸福，工匠精神薪火相传。</p>")
    article = Article.objects.create(**_live_defaults(kwargs))
    if tags:
        article.tags.add(*tags)
    return article


def make_speech(tags=(), sections=(), **kwargs):
    n = next(_counter)
    kwargs.setdefault("title", f"在劳模座谈会上的讲话第{n}篇")
    kwargs.setdefault("body", "<p>今天我们在这里召开座谈会。</p>")
    kwargs.setdefault("salutation", "各位劳模、同志们：")
    kwargs.setdefault("closing", "谢谢大家！")
    speech = Speech.objects.create(**_live_defaults(kwargs))
    for order, (number, heading, body) in enumerate(sections):
        SpeechSection.objects.create(speech=speech, order=order, number=number, heading=heading, body=body)
    if tags:
        speech.tags.add(*tags)
    return speech


def make_person(**kwargs):
    n = next(_counter)
    kwargs.setdefault("name", f"劳模{n}号")
    return Person.objects.create(**kwargs)


def make_event(**kwargs):
    n = next(_counter)
    kwargs.setdefault("name", f"劳动模范表彰大会第{n}届")
    kwargs.setdefault("start_date", timezone.localdate())
    return Event.objects.create(**kwargs)


def make_column(**kwargs):
    n = next(_counter)
    kwargs.setdefault("name", f"栏目{n}")
    return Column.objects.create(**kwargs)


def make_source(**kwargs):
    kwargs.setdefault("name", f"来源{next(_counter)}")
    return Source.objects.create(**kwargs)


def non_live_states():
    """Keyword sets for every way a piece can be hidden from readers (for parametrised tests)."""
    now = timezone.now()
    return {
        "draft": {"status": Status.DRAFT},
        "in_review": {"status": Status.REVIEW_1},
        "scheduled": {"status": Status.APPROVED, "publish_at": now + timedelta(days=1)},
        "expired": {"publish_at": now - timedelta(days=2), "expire_at": now - timedelta(minutes=1)},
        "unpublished": {"status": Status.UNPUBLISHED, "publish_at": now - timedelta(days=2)},
    }


NON_LIVE_STATES = ("draft", "in_review", "scheduled", "expired", "unpublished")

HOSTILE_TITLES = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</title><script>alert(2)</script>",
)
