"""sitemap.xml and robots.txt: every live page with lastmod, absolute URLs from SITE_URL."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Status
from tests.factories import make_article, make_column, make_event, make_person, make_speech

pytestmark = pytest.mark.django_db

SITE = "https://news.example.cn"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap(client, **extra):
    response = client.get(reverse("seo:sitemap"), **extra)
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root.iter(f"{NS}url")}


def test_sitemap_lists_every_live_piece_person_event_tag_and_column(client):
    now = timezone.now()
    column = make_column(name="工运前沿")
    article = make_article(column=column, tags=["劳模"])
    speech = make_speech(tags=["工匠"])
    person = make_person(name="王进喜")
    event = make_event(name="表彰大会")
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


def test_sitemap_never_uses_the_host_header(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example.org"]
    make_article(tags=["劳模"])
    urls = sitemap(client, HTTP_HOST="evil.example.org")
    assert urls
    assert all(url.startswith(SITE + "/") for url in urls)


def test_sitemap_query_count_is_flat(client, django_assert_max_num_queries):
    for _ in range(2):
        make_article(tags=["劳模"], column=make_column())
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("seo:sitemap"))
    for _ in range(8):
        make_article(tags=["工匠"], column=make_column())
        make_person()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("seo:sitemap"))


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_admin_and_search(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example.org"]
    response = client.get("/robots.txt", HTTP_HOST="evil.example.org")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /search/" in text
    assert "evil.example.org" not in text
