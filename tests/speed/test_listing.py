"""The machinery that keeps public lists cheap: cards, slug URLs, deep pages, counts, tag counts.

Each shortcut is checked against the slow, obvious way of getting the same answer.
"""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.text import Truncator

from articles.models import Article, ArticleAuthor
from editorial import slugs
from editorial.cache import bump_generation
from editorial.models import Status, Tag, TaggedItem
from editorial.slugs import slug_url
from editorial.tagcounts import is_dense, live_tag_counts, live_total
from editorial.views import TaggedPieces, related_filter
from portal.templatetags.cards import event_item, name_links, piece_card, piece_link
from speeches.models import Speech
from tests.factories import (
    HOSTILE_TITLES,
    make_article,
    make_column,
    make_event,
    make_person,
    make_speech,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False  # measure the views, not the page cache


@pytest.mark.parametrize(
    ("viewname", "slug"),
    [
        ("articles:detail", "laomo-jingshen-c919"),
        ("speeches:detail", "Zai_2020-nian"),
        ("people:detail", "wang-jinxi"),
        ("events:detail", "dahui-3"),
        ("articles:column", "gongyun-qianyan"),
        ("portal:tag", "gongjiang-jingshen"),
    ],
)
def test_slug_url_is_exactly_what_reverse_gives(viewname, slug):
    assert slug_url(viewname, slug) == reverse(viewname, kwargs={"slug": slug})


def test_slug_url_refuses_what_reverse_refuses():
    with pytest.raises(NoReverseMatch):
        reverse("articles:detail", kwargs={"slug": "劳模"})
    with pytest.raises(NoReverseMatch):
        slug_url("articles:detail", "劳模")


def test_slug_url_follows_the_script_prefix_of_a_site_served_below_the_root():
    set_script_prefix("/news/")
    try:
        assert slug_url("articles:detail", "laomo") == "/news/articles/laomo/"
        assert slug_url("articles:detail", "laomo") == reverse("articles:detail", kwargs={"slug": "laomo"})
    finally:
        set_script_prefix("/")


def test_slug_url_follows_a_changed_root_urlconf_outside_a_request(settings):
    # Outside a request Django names no URLconf (get_urlconf() is None): the address kept
    # for the settings' URLconf must not answer for another one.
    assert slug_url("articles:detail", "laomo") == "/articles/laomo/"
    settings.ROOT_URLCONF = "tests.speed.prefixed_urls"
    assert slug_url("articles:detail", "laomo") == "/archive/articles/laomo/"
    assert reverse("articles:detail", kwargs={"slug": "laomo"}) == "/archive/articles/laomo/"


def test_slug_url_reads_the_script_prefix_once_a_request_and_afresh_in_the_next(monkeypatch):
    readings = []
    original = slugs.get_script_prefix
    monkeypatch.setattr(slugs, "get_script_prefix", lambda: readings.append(1) or original())
    for prefix in ("/news/", "/cms/"):
        set_script_prefix(prefix)
        try:
            with slugs.urls_read_once():
                first = slug_url("articles:detail", "laomo")
                assert slug_url("people:detail", "gao-fenglin") == f"{prefix}people/gao-fenglin/"
        finally:
            set_script_prefix("/")
        assert first == f"{prefix}articles/laomo/"
    assert len(readings) == 2
    assert slug_url("articles:detail", "laomo") == "/articles/laomo/"  # outside a request: read each time


def test_cards_follow_the_script_prefix_of_each_request(client):
    tag = Tag.objects.create(name="前缀", slug="qianzhui")
    article = make_article(title="挂在子路径下", tags=[tag])
    for prefix in ("/news/", "/cms/"):
        set_script_prefix(prefix)  # as the WSGI handler sets it from SCRIPT_NAME (the test client does not)
        try:
            page = client.get(f"/tags/{tag.slug}/").content.decode()
        finally:
            set_script_prefix("/")
        assert f'href="{prefix}articles/{article.slug}/"' in page


@pytest.mark.parametrize("hostile", HOSTILE_TITLES)
def test_cards_and_links_escape_every_value_they_print(hostile):
    column = make_column(name=hostile)
    article = make_article(
        title=hostile,
        short_title=hostile[:30],
        kicker=hostile,
        summary=hostile,
        column=column,
        head_image_url="https://img.example.cn/a.jpg",
        head_image_alt=hostile,
    )
    ArticleAuthor.objects.create(article=article, person=make_person(name=hostile[:50]))
    speech = make_speech(
        title=hostile,
        short_title=hostile[:30],
        summary=hostile,
        speaker=make_person(name=f"讲{hostile}"[:50]),
        occasion=make_event(name=f"会{hostile}"),
    )
    event = make_event(name=hostile, place=hostile)
    card = piece_card(Article.objects.for_cards().get(pk=article.pk))
    printed = [card, piece_card(type(speech).objects.for_cards().get(pk=speech.pk))]
    printed += [piece_link(article), event_item(event)]
    printed.append(name_links([column, event, *article.people.all()]))
    for html in printed:
        assert "<script" not in html and "<img src=x" not in html
    assert escape(hostile[:30]) in card and escape(hostile) in card  # title, then kicker/summary/column
    assert escape(hostile[:50]) in card  # the author's name
    assert f'<li><a href="{event.get_absolute_url()}">{escape(hostile)}</a></li>' in printed[-1]


def test_cards_print_what_readers_need():
    column = make_column(name="工运前沿", slug="gongyun-qianyan")
    article = make_article(title="大国工匠", summary="摘要" * 70, column=column, kicker="深入学习")
    for order, name in enumerate(["王进喜", "孟泰"]):
        ArticleAuthor.objects.create(article=article, person=make_person(name=name), order=order)
    html = piece_card(Article.objects.for_cards().get(pk=article.pk))
    local = timezone.localtime(article.publish_at)
    assert f'<a href="{article.get_absolute_url()}">大国工匠</a>' in html
    assert '<p class="card__kicker">深入学习</p>' in html
    assert f'<a class="card__column" href="{column.get_absolute_url()}">工运前沿</a>' in html
    assert '<span class="card__authors">王进喜、孟泰</span>' in html
    assert f'<time datetime="{local.isoformat()}">{local:%Y-%m-%d}</time>' in html
    shortened = Truncator(article.summary).chars(120)  # what |truncatechars:120 printed
    assert f'<p class="card__summary">{shortened}</p>' in html and article.summary not in html
    dated = make_event(name="表彰大会", start_date=timezone.localdate(), end_date=None)
    assert "日期待定" in event_item(make_event(name="座谈会", start_date=None))
    assert "日期待定" not in event_item(dated) and "至" not in event_item(dated)


def test_bylines_link_each_author_with_the_position_they_signed_with(client):
    article = make_article()
    authors = [make_person(name="王晓峰"), make_person(name="李明<script>")]
    ArticleAuthor.objects.create(article=article, person=authors[0], position="记者", order=0)
    ArticleAuthor.objects.create(article=article, person=authors[1], order=1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        f'<a href="{authors[0].get_absolute_url()}">王晓峰</a><span class="piece__position">（记者）</span>'
        f'、<a href="{authors[1].get_absolute_url()}">李明&lt;script&gt;</a>'
    ) in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_cards_authors_are_enumerated_in_chinese_whatever_the_interface_language(language):
    article = make_article()
    for order, name in enumerate(["王晓峰", "李明"]):
        ArticleAuthor.objects.create(article=article, person=make_person(name=name), order=order)
    card_piece = Article.objects.for_cards().get(pk=article.pk)
    with translation.override(language):
        card = piece_card(card_piece)
    assert '<span class="card__authors">王晓峰、李明</span>' in card
    assert "王晓峰, 李明" not in card


def test_a_deep_list_page_shows_exactly_the_slice_of_the_full_list(client):
    now = timezone.now()
    for n in range(45):
        # Equal times for some, so the id tie-break is exercised too.
        make_article(publish_at=now - timedelta(hours=1 + n // 3))
    make_article(status=Status.DRAFT)
    expected = list(Article.objects.for_listing().values_list("pk", flat=True))[40:45]
    response = client.get(reverse("articles:list"), {"page": 3})
    assert [article.pk for article in response.context["object_list"]] == expected
    assert response.context["page_obj"].paginator.num_pages == 3


def test_a_list_counts_its_pieces_once_per_change(client):
    for _ in range(3):
        make_article()
    url = reverse("articles:list")

    def counts_run():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        counting = [query for query in captured if "COUNT(" in query["sql"]]
        return len(counting), response.context["page_obj"].paginator.count

    assert counts_run() == (1, 3)
    assert counts_run() == (0, 3)  # the second reader gets the number without a COUNT(*)
    make_article()
    assert counts_run() == (1, 4)  # a publish is counted on the very next request


def test_tag_counts_follow_publishing_and_unpublishing(client):
    live = make_article(tags=["劳模"])
    make_article(tags=["劳模"], status=Status.DRAFT)
    make_speech(tags=["劳模", "工匠"])
    make_event().tags.add("劳模")

    def counts():
        response = client.get(reverse("portal:home"))
        return {tag.name: tag.count for tag in response.context["popular_tags"]}

    assert counts() == {"劳模": 3, "工匠": 1}
    make_article(tags=["工匠"])
    assert counts() == {"劳模": 3, "工匠": 2}
    Article.objects.filter(pk=live.pk).update(status=Status.UNPUBLISHED)
    bump_generation()  # a queryset update sends no signal (editorial/cache.py)
    assert counts() == {"劳模": 2, "工匠": 2}
    tag_list = client.get(reverse("portal:tag_list")).context["tags"]
    assert {tag.name: tag.count for tag in tag_list} == {"劳模": 2, "工匠": 2}
    assert [tag.slug for tag in tag_list] == sorted(tag.slug for tag in tag_list)


def test_both_ways_of_listing_the_pieces_behind_a_link_give_the_same_pieces():
    now = timezone.now()
    for n in range(30):
        make_article(tags=["劳模"] if n % 3 else ["工匠"], publish_at=now - timedelta(hours=1 + n // 2))
    make_article(tags=["劳模"], status=Status.DRAFT)
    items = TaggedItem.objects.filter(
        tag__name="劳模", content_type=ContentType.objects.get_for_model(Article)
    )
    walked = Article.objects.for_listing().linked(items, dense=True)
    sorted_ = Article.objects.for_listing().linked(items, dense=False)
    assert [a.pk for a in walked] == [a.pk for a in sorted_] and len(walked) == 20
    tagged = Article.objects.for_listing().tagged(Tag.objects.get(name="劳模"))
    assert [a.pk for a in tagged] == [a.pk for a in sorted_]
    tag_ids = list(Tag.objects.values_list("pk", flat=True))
    assert list(Article.objects.for_listing().filter(related_filter(Article, tag_ids, dense=True))) == list(
        Article.objects.for_listing().filter(related_filter(Article, tag_ids, dense=False))
    )


@pytest.mark.parametrize("dense", [True, False])
def test_related_pieces_subqueries_read_the_link_tables_alone(dense):
    # Joined back to the articles, each subquery made PostgreSQL hash the whole table; as
    # an OR of subqueries, it hashed every link of a big tag instead of probing a few.
    sql = str(Article.objects.filter(related_filter(Article, [1], [2], [3], dense=dense)).query)
    assert sql.count('FROM "articles_article"') == 1
    assert sql.count("UNION ALL") == 2
    for table in ("editorial_taggeditem", "articles_article_people", "articles_article_events"):
        assert f'FROM "{table}"' in sql


@pytest.mark.parametrize("dense_share", [1, 3])  # every piece tagged (dense), a third (sorted)
def test_tag_page_windows_give_the_pieces_the_tagged_queryset_gives(dense_share, django_assert_num_queries):
    now, column = timezone.now(), make_column(name="工运前沿")
    for n in range(45):
        make_article(
            column=column,
            tags=["劳模"] if n % dense_share == 0 else ["工匠"],
            publish_at=now - timedelta(hours=1 + n // 2),
        )
    make_article(tags=["劳模"], status=Status.DRAFT)
    tag = Tag.objects.get(name="劳模")
    expected = [a.pk for a in Article.objects.for_cards().tagged(tag)]
    pieces = TaggedPieces(Article, tag)
    assert len(pieces) == pieces.count() == len(expected)
    for low, high in ((0, 20), (20, 40), (40, 60), (5, 9)):
        with django_assert_num_queries(1 if low < len(expected) else 0):
            window = pieces[low:high]
        with django_assert_num_queries(0):  # the card's join came along
            assert [(a.pk, a.column.name) for a in window] == [(pk, "工运前沿") for pk in expected[low:high]]
    with django_assert_num_queries(0):  # past the end, and a type nothing live of which carries the tag
        assert pieces[len(expected) : len(expected) + 20] == []
        assert TaggedPieces(Speech, tag)[:5] == []


def test_a_link_is_dense_when_its_pieces_square_pass_twice_the_archive():
    for _ in range(10):
        make_article()
    make_article(status=Status.DRAFT)  # not live: not counted
    assert live_total(Article) == 10
    assert [is_dense(n, Article) for n in (0, 3, 4, 5, 10)] == [False, False, False, True, True]
    assert live_tag_counts(Article) == {}
    make_article(tags=["劳模"])
    assert live_tag_counts(Article) == {Tag.objects.get(name="劳模").pk: 1} and live_total(Article) == 11


def test_lists_that_differ_by_url_or_query_string_keep_their_own_counts(client):
    for _ in range(3):
        make_article(tags=["劳模"])
    make_article(tags=["工匠"])
    make_speech(tags=["劳模"])
    make_speech(tags=["工匠"])
    make_speech(tags=["工匠"])

    def count(url, **params):
        return client.get(url, params).context["page_obj"].paginator.count

    laomo, gongjiang = (Tag.objects.get(name=name) for name in ("劳模", "工匠"))
    assert [count(laomo.get_absolute_url()), count(gongjiang.get_absolute_url())] == [3, 1]
    speeches = reverse("speeches:list")
    assert [count(speeches), count(speeches, tag=laomo.slug), count(speeches, tag=gongjiang.slug)] == [
        3,
        1,
        2,
    ]
    assert count(speeches, tag=gongjiang.slug, page=1) == 2  # the page number is not part of the list
