"""sitemap.xml and robots.txt: every live page with lastmod, absolute URLs from SITE_URL."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Status
from editorial.registry import content_types
from tests.factories import make_article, make_column, make_event, make_person, make_speech

pytestmark = pytest.mark.django_db

SITE = "https://news.example.cn"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def index(client, **extra):
    root = xml(client, reverse("seo:sitemap"), **extra)
    assert root.tag == f"{NS}sitemapindex"
    return {entry.findtext(f"{NS}loc"): entry.findtext(f"{NS}lastmod") for entry in root.iter(f"{NS}sitemap")}


def sitemap(client, **extra):
    """Every URL of every file the index lists, with its lastmod."""
    urls = {}
    for location in index(client, **extra):
        assert location.startswith(SITE + "/")
        root = xml(client, location.removeprefix(SITE), **extra)
        urls.update({url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root.iter(f"{NS}url")})
    return urls


def test_sitemap_lists_every_live_piece_person_event_tag_and_column(client):
    now = timezone.now()
    column = make_column(name="工运前沿")
    article = make_article(column=column, tags=["劳模"])
    person = make_person(name="王进喜")
    event = make_event(name="表彰大会")
    speech = make_speech(tags=["工匠"], speaker=person, occasion=event)
    draft = make_article(status=Status.DRAFT, tags=["草稿标签"])
    scheduled = make_article(status=Status.APPROVED, publish_at=now + timedelta(hours=1))
    expired = make_article(publish_at=now - timedelta(days=2), expire_at=now - timedelta(days=1))
    urls = sitemap(client)
    for obj in (article, speech, person, event, column):
        assert SITE + obj.get_absolute_url() in urls
        assert urls[SITE + obj.get_absolute_url()]  # lastmod present
    assert SITE + reverse("portal:tag", kwargs={"slug": "laomo"}) in urls
    assert SITE + reverse("portal:tag", kwargs={"slug": "gongjiang"}) in urls
    for hidden in (draft, scheduled, expired):
        assert SITE + hidden.get_absolute_url() not in urls
    # A tag whose only piece is a draft has no page worth listing.
    assert not [url for url in urls if "caogao" in url]


def test_the_index_lists_one_file_per_section_and_page_with_its_newest_change(client, monkeypatch):
    from articles.models import Article
    from portal.sitemaps import type_sitemap

    ArticleSitemap = type_sitemap(Article)  # noqa: N806

    make_article(tags=["劳模"])
    newest = make_article(tags=["劳模"])
    make_event(name="表彰大会")  # no piece yet: its page would show only empty states
    monkeypatch.setattr(ArticleSitemap, "limit", 1)  # the protocol's 50,000 per file, made small
    entries = index(client)
    articles = SITE + reverse("seo:sitemap_section", kwargs={"section": "articles"})
    assert {articles, articles + "?p=2"} <= set(entries)
    assert (
        entries[articles] == entries[articles + "?p=2"] == timezone.localtime(newest.updated_at).isoformat()
    )
    for section in ("pages", "tags"):
        assert SITE + reverse("seo:sitemap_section", kwargs={"section": section}) in entries
    # No file for a section with nothing in it.
    for section in ("speeches", "people", "events", "columns", "topics"):
        assert SITE + reverse("seo:sitemap_section", kwargs={"section": section}) not in entries
    first = xml(client, articles.removeprefix(SITE))
    second = xml(client, articles.removeprefix(SITE) + "?p=2")
    assert len(list(first.iter(f"{NS}url"))) == len(list(second.iter(f"{NS}url"))) == 1


def test_a_tag_only_events_carry_is_listed_as_its_page_exists(client):
    event = make_event(name="表彰大会")
    event.tags.add("表彰")
    urls = sitemap(client)
    assert SITE + reverse("portal:tag", kwargs={"slug": "biaozhang"}) in urls
    assert client.get(reverse("portal:tag", kwargs={"slug": "biaozhang"})).status_code == 200


def test_an_unpublished_piece_and_its_tag_leave_the_sitemap_on_the_next_request(client):
    article = make_article(tags=["秘密新品"])
    tag_url = SITE + reverse("portal:tag", kwargs={"slug": "mimi-xinpin"})
    urls = sitemap(client)
    assert {SITE + article.get_absolute_url(), tag_url} <= set(urls)
    sitemap(client)  # the files are in the page cache now
    article.status = Status.UNPUBLISHED
    article.save()
    urls = sitemap(client)
    assert SITE + article.get_absolute_url() not in urls
    assert tag_url not in urls  # a tag only a hidden piece carries is not named
    assert "max-age" not in client.get(reverse("seo:sitemap"))["Cache-Control"]


def test_sitemap_never_uses_the_host_header(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example.org"]
    make_article(tags=["劳模"])
    urls = sitemap(client, HTTP_HOST="evil.example.org")
    assert urls
    assert all(url.startswith(SITE + "/") for url in urls)


def test_sitemap_query_count_is_flat(client, django_assert_max_num_queries):
    from django.core.cache import cache

    def fetch_all():
        cache.clear()  # measure the work, not the page cache
        return sitemap(client)

    for _ in range(2):
        make_article(tags=["劳模"], column=make_column())
        make_person()
    # Each section counted by the index: 61 with three content types when run alone, 7 a type.
    with django_assert_max_num_queries(42 + 7 * len(content_types())) as small:
        fetch_all()
    for _ in range(8):
        make_article(tags=["工匠"], column=make_column())
        make_person()
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(fetch_all()) > 20


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example.org"]
    response = client.get("/robots.txt", HTTP_HOST="evil.example.org")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /search/" in text
    assert "evil.example.org" not in text


def test_home_and_list_pages_are_listed_when_they_have_something_to_list(client):
    article = make_article(tags=["劳模"])
    urls = sitemap(client)
    newest = timezone.localtime(article.updated_at).date().isoformat()  # a URL's lastmod is a day
    assert urls[SITE + "/"] == urls[SITE + "/articles/"] == newest
    assert SITE + "/tags/" in urls
    # No live speech, no person with a piece, no event, no 专题: those lists would be empty.
    for empty in ("/speeches/", "/people/", "/events/", "/topics/"):
        assert SITE + empty not in urls


def test_a_column_lists_with_the_newest_change_of_its_sub_columns(client):
    parent = make_column(name="中工理论")
    child = make_column(name="工运前沿", parent=parent)
    grandchild = make_column(name="劳动经济", parent=child)
    empty = make_column(name="空栏目")
    article = make_article(column=grandchild)
    urls = sitemap(client)
    newest = timezone.localtime(article.updated_at).date().isoformat()
    for column in (parent, child, grandchild):
        assert urls[SITE + column.get_absolute_url()] == newest
    assert SITE + empty.get_absolute_url() not in urls


def test_people_and_events_with_only_drafts_are_left_out_and_page_feed_and_sitemap_agree(client):
    drafted = make_person(name="草稿作者")
    make_article(status=Status.DRAFT).bylines.create(person=drafted, position="记者")
    editor = make_person(name="责任编辑甲")
    edited = make_article(title="他编辑的稿件", responsible_editor=editor)
    quiet = make_event(name="还没有稿件的活动")
    busy = make_event(name="有讲话的活动")
    make_speech(title="活动上的讲话", occasion=busy, status=Status.DRAFT)
    linked = make_speech(title="链接到活动的讲话")
    linked.events.add(busy)
    urls = sitemap(client)
    assert SITE + drafted.get_absolute_url() not in urls
    assert SITE + quiet.get_absolute_url() not in urls
    assert SITE + busy.get_absolute_url() in urls
    people_list = client.get(reverse("people:list")).content.decode()
    assert "草稿作者" not in people_list and "责任编辑甲" in people_list
    # The editor's page lists the article he edited, so does his feed and the sitemap his page.
    assert "他编辑的稿件" in client.get(editor.get_absolute_url()).content.decode()
    feed = ElementTree.fromstring(client.get(reverse("feeds:person", kwargs={"slug": editor.slug})).content)
    assert [item.findtext("title") for item in feed.iter("item")] == [edited.title]
    assert SITE + editor.get_absolute_url() in urls
