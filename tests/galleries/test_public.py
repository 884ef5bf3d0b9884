"""图集 on every public surface: list, viewer, cards, search, feeds, sitemap, sharing metadata."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.models import Tag
from galleries.models import Gallery
from search.indexing import rebuild
from tests.factories import make_article, make_column, make_event, make_person, non_live_states
from tests.galleries.helpers import library_pictures, make_gallery

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 8  # as tests/test_query_budgets.py


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.PAGE_CACHE_ENABLED = False


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_the_viewer_numbers_each_picture_and_prints_its_caption_and_credit_below_it(client):
    pictures = library_pictures(3)
    gallery = make_gallery(pictures, captions=["清晨开工", "", "夜班交接"])
    html = main_of(client.get(gallery.get_absolute_url()))
    slides = re.findall(r'<li class="viewer__slide".*?</li>', html, re.S)
    assert len(slides) == 3
    for number, slide in enumerate(slides, start=1):
        assert f'<span class="viewer__number">{number} / 3</span>' in slide
        assert slide.index("<img") < slide.index("<figcaption")  # the caption is below the picture
        assert "摄影：王摄" in slide and "来源：工人日报" in slide
    assert "清晨开工" in slides[0] and "夜班交接" in slides[2]
    assert "图片库说明2" in slides[1]  # an empty caption falls back to the library's
    assert "data-viewer-counter>1 / 3</p>" in html
    assert "<script>" not in response_text(client, gallery)  # no inline script; viewer.js is static
    assert "/static/galleries/viewer.js" in response_text(client, gallery)


def response_text(client, gallery):
    return client.get(gallery.get_absolute_url()).content.decode()


@pytest.mark.parametrize("state", list(non_live_states()))
def test_a_gallery_readers_may_not_see_is_on_no_public_surface(client, state):
    hidden = make_gallery(
        library_pictures(1), title="未公开的图集", tags=["劳模"], **non_live_states()[state]
    )
    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in (reverse("galleries:list"), reverse("portal:home"), reverse("feeds:galleries")):
        assert "未公开的图集" not in client.get(url).content.decode(), url


def test_galleries_are_cards_on_the_home_tag_column_person_and_event_pages(client):
    column = make_column(name="图说")
    person = make_person(name="许振超")
    event = make_event(name="技能大赛")
    gallery = make_gallery(library_pictures(2), title="桥吊上的许振超", tags=["劳模"], column=column)
    gallery.people.add(person)
    gallery.events.add(event)
    make_article(tags=["劳模"], column=column)  # the main flow is there too
    tag = Tag.objects.get(name="劳模")
    pages = {
        "home": reverse("portal:home"),
        "tag": tag.get_absolute_url(),
        "column": column.get_absolute_url(),
        "person": person.get_absolute_url(),
        "event": event.get_absolute_url(),
        "list": reverse("galleries:list"),
    }
    for name, url in pages.items():
        html = main_of(client.get(url))
        assert "桥吊上的许振超" in html and gallery.get_absolute_url() in html, name
    # Cards show the cover (the first picture without a cover of its own) and the count.
    home = main_of(client.get(pages["home"]))
    card = home[home.index('class="card card--gallery') :]
    assert "-card.jpg" in card[: card.index("</article>")] and "2 张图片" in card


def test_search_finds_a_gallery_by_a_caption_of_its_pictures(client):
    make_gallery(library_pictures(2), title="港口夜景", captions=["桥吊司机交接班", "集装箱码头"])
    rebuild()
    html = main_of(client.get(reverse("search:results"), {"q": "交接班"}))
    assert "港口夜景" in html
    assert "图集" in html  # the result says what kind of piece it is


def test_the_gallery_feed_and_the_site_feed_carry_its_pictures(client):
    make_gallery(library_pictures(2), title="车间掠影", captions=["第一张说明", "第二张说明"])
    for name in ("feeds:galleries", "feeds:latest"):
        root = ET.fromstring(client.get(reverse(name)).content)
        items = [item for item in root.iter("item") if item.findtext("title") == "车间掠影"]
        assert items, name
        description = items[0].findtext("description")
        assert description.count("<figure>") == 2 and "第二张说明" in description


def test_the_sitemap_has_a_galleries_section_listing_live_galleries(client):
    gallery = make_gallery(library_pictures(1))
    make_gallery(library_pictures(1), status="draft", title="草稿图集")
    index = client.get(reverse("seo:sitemap")).content.decode()
    section = reverse("seo:sitemap_section", kwargs={"section": "galleries"})
    assert section in index
    urls = client.get(section).content.decode()
    assert gallery.get_absolute_url() in urls and urls.count("<url>") == 1


def test_sharing_metadata_show_the_cover_or_the_first_picture(client):
    first, second = library_pictures(2)
    gallery = make_gallery([first, second])
    html = response_text(client, gallery)
    og_image = re.search(r'<meta property="og:image" content="([^"]+)"', html).group(1)
    assert og_image.endswith(first.detail.url)
    ld = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
    article = next(node for node in ld if node.get("@type") == "NewsArticle")
    assert article["image"][0].endswith(first.detail.url)
    gallery.head_image = second
    gallery.save()
    assert re.search(
        r'og:image" content="[^"]+' + re.escape(second.detail.url), response_text(client, gallery)
    )


def test_the_home_page_reads_galleries_in_one_query_for_5_and_50(client):
    pictures = library_pictures(3)

    def gallery_queries():
        client.get(reverse("portal:home"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("portal:home"))
        # The block's own query (memo refreshes, which also read galleries, come and go).
        block = 'SELECT "galleries_gallery"."id"'
        return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(block)], response

    for _ in range(5):
        make_gallery(pictures)
    small, _ = gallery_queries()
    for _ in range(45):
        make_gallery(pictures)
    large, response = gallery_queries()
    assert len(small) == len(large) == 1
    assert main_of(response).count("card--gallery") == 5  # the block's newest five


@pytest.mark.parametrize("url", ["galleries:list"])
def test_lists_with_galleries_run_the_same_queries_for_5_and_50(client, url):
    pictures = library_pictures(3)

    def count():
        # Warm twice: the first request after a save renews the content generation, the
        # second fills the memos (front-page slots, tag counts) every later one reads.
        client.get(reverse(url))
        client.get(reverse(url))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(url))
        assert response.status_code == 200
        return len(queries), response

    for _ in range(5):
        make_gallery(pictures)
    small, _ = count()
    for _ in range(45):
        make_gallery(pictures)
    large, response = count()
    # Memos (list counts, the front page's slots) may be warm or not; the budget holds either way.
    assert max(small, large) <= QUERY_BUDGET, (small, large)
    assert large <= small, (small, large)
    assert main_of(response).count("card--gallery") >= 5


def test_the_detail_page_costs_the_same_with_3_and_30_pictures(client):
    few = make_gallery(library_pictures(3))
    many = make_gallery(library_pictures(3) * 10)

    def count(gallery):
        client.get(gallery.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            client.get(gallery.get_absolute_url())
        return len(queries)

    assert count(few) == count(many)
    assert main_of(client.get(many.get_absolute_url())).count('class="viewer__slide"') == 30


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '" onerror="x', "&lt;b&gt;"])
def test_captions_and_titles_are_escaped_in_the_viewer_and_the_card(client, hostile):
    gallery = make_gallery(library_pictures(1), title=f"标题{hostile}", captions=[f"说明{hostile}"])
    for url in (gallery.get_absolute_url(), reverse("galleries:list")):
        html = main_of(client.get(url))
        assert hostile not in html or hostile == "&lt;b&gt;" and "&amp;lt;b&amp;gt;" in html
        assert "<script>alert" not in html


def test_galleries_appear_in_the_site_navigation(client):
    html = client.get(reverse("portal:home")).content.decode()
    nav = html[html.index('class="site-nav"') : html.index("</nav>", html.index('class="site-nav"'))]
    assert f'href="{reverse("galleries:list")}"' in nav and str(Gallery._meta.verbose_name_plural) in nav
