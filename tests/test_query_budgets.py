"""Query budgets of the public pages.

Every list page runs the same number of queries with 5 and with 50 items (no query
per row), and no public page runs more than MAX_QUERIES. A page that breaks this
gets slow in proportion to the archive, which is how newsroom sites die.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleAuthor
from editorial.models import Tag
from tests.factories import make_article, make_column, make_event, make_person, make_speech
from tests.images.helpers import image_bytes, make_image, upload

pytestmark = pytest.mark.django_db

MAX_QUERIES = 8
SIZES = (5, 50)


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # The anonymous page cache would hide the queries being measured.
    settings.PAGE_CACHE_ENABLED = False


class World:
    """A column tree, a tag, an event and a speaker shared by every generated piece."""

    def __init__(self):
        self.parent = make_column(name="中工理论")
        self.column = make_column(name="工运前沿", parent=self.parent)
        self.event = make_event(name="劳模表彰大会", start_date=timezone.localdate() - timedelta(days=400))
        self.event.tags.add("劳模")
        self.speaker = make_person(name="讲话人")
        self.tag_slug = None

    def grow(self, count):
        """Add ``count`` of everything: articles with bylines, speeches, people, events."""
        now = timezone.now()
        for n in range(count):
            # Every other piece and person shows a library image (cards, portraits).
            picture = make_image(file=upload(data=image_bytes(size=(640, 360)))) if n % 2 else None
            author = make_person(name=f"作者{n}", positions="记者", photo=picture)
            article = make_article(
                head_image=picture,
                column=self.column if n % 2 else self.parent,
                publish_at=now - timedelta(hours=2, minutes=n),
                tags=["劳模", f"标签{n}"],
                summary="摘要",
            )
            ArticleAuthor.objects.create(article=article, person=author, position="记者")
            article.people.add(author)
            article.events.add(self.event)
            make_speech(
                speaker=self.speaker,
                occasion=self.event,
                tags=["劳模"],
                head_image=picture,
                publish_at=now - timedelta(hours=3, minutes=n),
                sections=[("一、", "第一部分", "<p>内容</p>")],
            )
            make_event(
                name=f"过去的活动{n}", start_date=timezone.localdate() - timedelta(days=n + 1)
            ).tags.add("劳模")
            make_event(name=f"将来的活动{n}", start_date=timezone.localdate() + timedelta(days=n + 1))
        self.tag_slug = Tag.objects.get(name="劳模").slug


LIST_PAGES = {
    "home": lambda world: reverse("portal:home"),
    "articles": lambda world: reverse("articles:list"),
    "speeches": lambda world: reverse("speeches:list"),
    "people": lambda world: reverse("people:list"),
    "events": lambda world: reverse("events:list"),
    "tag": lambda world: reverse("portal:tag", kwargs={"slug": world.tag_slug}),
    "tag_list": lambda world: reverse("portal:tag_list"),
    "column": lambda world: world.parent.get_absolute_url(),
}


def count_queries(client, url):
    client.get(url)  # warm per-process caches (content types, translations) first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


def test_list_pages_run_the_same_queries_for_5_and_50_items_and_stay_within_budget(client):
    # One world grown from 5 to 50 items serves every page: building it is the slow part.
    world = World()
    world.grow(SIZES[0])
    small = {page: count_queries(client, url(world)) for page, url in LIST_PAGES.items()}
    world.grow(SIZES[1] - SIZES[0])
    large = {page: count_queries(client, url(world)) for page, url in LIST_PAGES.items()}
    counts = {page: (small[page][0], large[page][0]) for page in LIST_PAGES}
    growing = {page: pair for page, pair in counts.items() if pair[0] != pair[1]}
    over_budget = {page: pair for page, pair in counts.items() if max(pair) > MAX_QUERIES}
    assert growing == {}, f"query count grows with the number of items: {growing}"
    assert over_budget == {}, f"more than {MAX_QUERIES} queries: {over_budget}"
    # The pages really listed the items (an empty page would pass any budget).
    assert len(large["articles"][1].context["object_list"]) == 20
    assert large["articles"][1].content.decode().count("-card.jpg") >= 5  # head images shown
    assert "-card.jpg" in large["people"][1].content.decode()  # portraits shown
    assert len(large["speeches"][1].context["object_list"]) == 20
    assert len(large["tag"][1].context["object_list"]) == 20
    assert len(large["home"][1].context["popular_tags"]) == 20
    assert large["events"][1].context["upcoming"] and large["events"][1].context["object_list"]


def detail_urls(world):
    picture = make_image(file=upload(data=image_bytes(size=(640, 360))))
    figure = f'<figure><img src="{picture.detail.url}" alt="图" width="640" height="360"></figure>'
    article = make_article(
        column=world.column, tags=["劳模"], body=f"<p>正文</p>{figure}", head_image=picture
    )
    for n in range(3):
        ArticleAuthor.objects.create(
            article=article, person=make_person(name=f"署名{n}"), position="教授", order=n
        )
    article.people.add(world.speaker)
    article.events.add(world.event)
    speech = make_speech(
        speaker=world.speaker,
        occasion=world.event,
        tags=["劳模"],
        head_image=picture,
        sections=[("一、", "一", "<p>一</p>"), ("二、", "二", "<p>二</p>")],
    )
    speech.people.add(world.speaker)
    return {
        "article": article.get_absolute_url(),
        "speech": speech.get_absolute_url(),
        "person": world.speaker.get_absolute_url(),
        "event": world.event.get_absolute_url(),
    }


def test_detail_pages_stay_within_the_query_budget_however_much_is_related(client):
    world = World()
    world.grow(SIZES[0])
    urls = detail_urls(world)
    small = {page: count_queries(client, url)[0] for page, url in urls.items()}
    world.grow(SIZES[1] - SIZES[0])
    large = {page: count_queries(client, url) for page, url in urls.items()}
    counts = {page: (small[page], large[page][0]) for page in urls}
    growing = {page: pair for page, pair in counts.items() if pair[0] != pair[1]}
    over_budget = {page: pair for page, pair in counts.items() if max(pair) > MAX_QUERIES}
    assert growing == {}, f"query count grows with related items: {growing}"
    assert over_budget == {}, f"more than {MAX_QUERIES} queries: {over_budget}"
    assert large["article"][1].context["related_articles"]
    assert large["person"][1].context["sections"] and large["event"][1].context["sections"][0][1]
