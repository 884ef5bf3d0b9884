"""The real Varnish (Debian's varnish + varnish-modules' xkey) with deploy/varnish/gongjiang.vcl.

In front of the app (pytest-django's live server): pages are kept and served by
Varnish, a change purges exactly its keys there, editors and languages are handled.
(tests/edge/test_varnish_grace.py: the last good page while the app fails.)
"""

import time

import pytest

from editorial import workflow
from editorial.models import Status
from tests.edge.varnish import Varnish, fetch, require_varnish
from tests.factories import make_article, make_person


@pytest.fixture(scope="module")
def varnish(live_server):
    require_varnish()
    address = live_server.url.removeprefix("http://")
    instance = Varnish(address)
    yield instance
    instance.stop()


@pytest.fixture(autouse=True)
def _edge(settings, varnish, tmp_path):
    settings.EDGE_CACHE_URLS = [varnish.url]
    settings.EDGE_PURGE_WAIT = 5  # the test reads right after: let the purge land first
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_are_served_by_varnish_and_an_edit_shows_on_the_next_request(varnish):
    article = make_article(title="边缘缓存里的稿件")
    other = make_article(title="不相干的稿件")
    for path in ("/articles/", article.get_absolute_url(), other.get_absolute_url()):
        fetch(varnish, path)
        status, headers, body = fetch(varnish, path)
        assert status == 200 and headers["X-Edge-Cache"] == "hit", path
        # Internal headers are not sent on (the keys alone were ~500 bytes of every answer).
        sent = {name.lower() for name in headers}
        assert not sent & {"xkey", "surrogate-key", "surrogate-control", "x-page-cache", "x-varnish"}, sent

    article.title = "边缘缓存里改过的稿件"
    article.save()
    _, headers, body = fetch(varnish, article.get_absolute_url())
    assert "边缘缓存里改过的稿件" in body and headers["X-Edge-Cache"] == "miss"
    assert "边缘缓存里改过的稿件" in fetch(varnish, "/articles/")[2]
    assert fetch(varnish, other.get_absolute_url())[1]["X-Edge-Cache"] == "hit"  # untouched


def test_a_reader_asking_for_gzip_gets_the_kept_gzipped_copy(varnish):
    import gzip
    import urllib.request

    article = make_article(title="压缩传输的稿件")
    fetch(varnish, article.get_absolute_url())
    request = urllib.request.Request(
        varnish.url.rstrip("/") + article.get_absolute_url(), headers={"Accept-Encoding": "gzip"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.headers["X-Edge-Cache"] == "hit"
        assert response.headers["Content-Encoding"] == "gzip"
        assert "压缩传输的稿件" in gzip.decompress(response.read()).decode()
    # A reader that does not ask for gzip gets the same page, unpacked by Varnish.
    status, headers, body = fetch(varnish, article.get_absolute_url())
    assert status == 200 and "Content-Encoding" not in headers and "压缩传输的稿件" in body


def test_unpublishing_takes_the_piece_off_every_cached_page(varnish, django_user_model):
    chief = django_user_model.objects.create_superuser("zongbian", "z@example.cn", "pass-123456")
    article = make_article(title="即将撤回的稿件")
    for path in ("/", "/articles/", article.get_absolute_url()):
        fetch(varnish, path)
    workflow.transition(article, "unpublish", chief)
    assert fetch(varnish, article.get_absolute_url())[0] == 404
    assert "即将撤回的稿件" not in fetch(varnish, "/articles/")[2]
    assert "即将撤回的稿件" not in fetch(varnish, "/")[2]


def test_a_rename_reaches_the_pages_that_print_the_name(varnish):
    person = make_person(name="改名之前")
    article = make_article(title="署名的稿件")
    article.authors.add(person)
    fetch(varnish, article.get_absolute_url())
    person.name = "改名之后"
    person.save()
    body = fetch(varnish, article.get_absolute_url())[2]
    assert "改名之后" in body and "改名之前" not in body


def test_logged_in_editors_pass_through(varnish):
    make_article(title="编辑看到的稿件")
    fetch(varnish, "/articles/")
    assert fetch(varnish, "/articles/")[1]["X-Edge-Cache"] == "hit"
    for _ in range(2):
        _, headers, _ = fetch(varnish, "/articles/", {"Cookie": "sessionid=abc"})
        assert headers["X-Edge-Cache"] == "miss"
    # Other cookies (CSRF, analytics) do not stop a reader from getting the cached page.
    assert fetch(varnish, "/articles/", {"Cookie": "csrftoken=x; _ga=1"})[1]["X-Edge-Cache"] == "hit"


def test_each_language_gets_its_own_copy(varnish):
    make_article(title="双语页面")
    english = {"Accept-Language": "en-GB,en;q=0.9"}
    chinese = {"Accept-Language": "zh-CN,zh;q=0.9"}
    assert 'lang="en"' in fetch(varnish, "/articles/", english)[2]
    assert 'lang="zh-hans"' in fetch(varnish, "/articles/", chinese)[2]
    assert 'lang="en"' in fetch(varnish, "/articles/", {"Accept-Language": "en-US"})[2]
    assert (
        'lang="zh-hans"' in fetch(varnish, "/articles/", {"Cookie": "django_language=zh-hans", **english})[2]
    )
    assert fetch(varnish, "/articles/", {"Accept-Language": "en"})[1]["X-Edge-Cache"] == "hit"


def test_scheduled_pieces_appear_at_their_moment(varnish, settings):
    from datetime import timedelta

    from django.utils import timezone

    make_article(title="定时的稿件", status=Status.APPROVED, publish_at=timezone.now() + timedelta(seconds=3))
    _, headers, body = fetch(varnish, "/articles/")
    assert "定时的稿件" not in body
    time.sleep(4)
    assert "定时的稿件" in fetch(varnish, "/articles/")[2]


def test_an_unreachable_edge_leaves_the_site_working(varnish, settings):
    settings.EDGE_CACHE_URLS = ["http://127.0.0.1:9/"]
    settings.EDGE_PURGE_WAIT = 0.2
    settings.EDGE_PURGE_ATTEMPTS = 1
    article = make_article(title="边缘不可达时保存")
    assert article.pk
