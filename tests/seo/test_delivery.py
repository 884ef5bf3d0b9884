"""Icons and compressed HTML: what a browser fetches besides the page itself."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_every_page_names_svg_and_png_icons_and_favicon_ico_finds_one(client):
    make_article(title="劳模精神")
    head = client.get("/").content.decode().split("</head>")[0]
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in head
    assert 'href="/static/img/favicon-32.png" type="image/png" sizes="32x32"' in head
    assert '<link rel="apple-touch-icon" href="/static/img/apple-touch-icon.png">' in head
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon-32.png"
    for name, size in (("favicon-32.png", 32), ("apple-touch-icon.png", 180)):
        with Image.open(finders.find(f"img/{name}")) as image:
            assert image.size == (size, size)
    with open(finders.find("img/favicon.svg"), encoding="utf-8") as svg:
        assert "工匠" in svg.read()


def test_html_is_gzipped_and_the_etag_and_page_cache_still_answer_304(client):
    article = make_article(title="劳模精神代代传", body="<p>" + "劳动最光荣。" * 200 + "</p>")
    url = article.get_absolute_url()
    plain = client.get(url)
    assert "Content-Encoding" not in plain
    packed = client.get(url, headers={"accept-encoding": "gzip"})
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    etag = packed["ETag"]
    assert etag.startswith('W/"') and etag[2:] == plain["ETag"]
    # A browser revalidating the compressed copy gets a 304, from the page cache.
    again = client.get(url, headers={"accept-encoding": "gzip", "if-none-match": etag})
    assert again.status_code == 304


def test_html_is_compressed_at_zlib_level_1_with_a_random_length_file_name(client):
    """config/middleware.py: level 1 (a third of level 6's work, 7 % more bytes), and the
    header's file name of random length that Django writes against BREACH, kept."""
    article = make_article(title="劳模精神代代传", body="<p>" + "劳动最光荣，工匠精神代代传。" * 200 + "</p>")
    url = article.get_absolute_url()
    plain = client.get(url).content
    packed = [client.get(url, headers={"accept-encoding": "gzip"}).content for _ in range(8)]
    level_1, level_6 = (gzip.compress(plain, compresslevel=level, mtime=0) for level in (1, 6))
    assert level_1[10:] != level_6[10:]
    for body in packed:
        assert gzip.decompress(body) == plain
        assert body[3] == gzip.FNAME
        # Past the header and its file name, the deflate stream and trailer are level 1's.
        assert body.endswith(level_1[10:])
    # The name's length varies (0-99 bytes): the compressed length does not give the page away.
    assert len({len(body) for body in packed}) > 1


@pytest.mark.parametrize("url", ["/", "/search/?q=劳模", "/search/", "/articles/"])
def test_one_small_stylesheet_is_all_that_blocks_rendering(client, url):
    """Styles come only from static files (CSP): so one stylesheet, cached by every page after
    the first, and small once compressed (within the first round trip of a phone's connection)."""
    make_article(title="劳模精神")
    head = client.get(url).content.decode().split("</head>")[0]
    blocking = re.findall(r'<link rel="stylesheet" href="([^"]+)"(?! media="print")', head)
    assert blocking == ["/static/css/site.css"]
    assert "<style" not in head
    with open(finders.find("css/site.css"), "rb") as css:
        styles = css.read()
    assert b".search-form" in styles  # the search page's rules ride along (1.3 KB)
    assert len(gzip.compress(styles)) < 14 * 1024
