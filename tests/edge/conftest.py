"""A small site whose pages the surrogate-key tests cache, change and read again."""

from types import SimpleNamespace

import pytest

from editorial.models import Status
from tests.factories import make_article, make_column, make_event, make_person, make_speech


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def site(db):
    """Three articles in one column (neighbours), one unrelated article, one speech."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    parent = make_column(name="中工理论")
    column = make_column(name="工运前沿", parent=parent)
    other_column = make_column(name="图片新闻")
    author = make_person(name="王进喜")
    speaker = make_person(name="孟泰")
    loner = make_person(name="不相干的人")
    event = make_event(name="劳模表彰大会")
    other_event = make_event(name="不相干的会")
    older = make_article(title="较早的一篇", column=column, publish_at=now - timedelta(hours=3))
    middle = make_article(
        title="中间的一篇", column=column, tags=["劳模"], publish_at=now - timedelta(hours=2)
    )
    middle.authors.add(author)
    middle.events.add(event)
    newer = make_article(title="较新的一篇", column=column, publish_at=now - timedelta(hours=1))
    unrelated = make_article(
        title="毫不相干的一篇", column=other_column, tags=["风景"], publish_at=now - timedelta(days=3)
    )
    unrelated.people.add(loner)
    unrelated.events.add(other_event)
    speech = make_speech(title="座谈会上的讲话", speaker=speaker, occasion=event, tags=["劳模"])
    return SimpleNamespace(
        parent=parent,
        column=column,
        other_column=other_column,
        author=author,
        speaker=speaker,
        loner=loner,
        event=event,
        other_event=other_event,
        older=older,
        middle=middle,
        newer=newer,
        unrelated=unrelated,
        speech=speech,
        tag=middle.tags.get(),
        other_tag=unrelated.tags.get(),
        status=Status,
    )


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response
