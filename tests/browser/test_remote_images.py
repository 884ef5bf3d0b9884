"""Remote pictures in the reader's browser: asked for over https only (the page's
upgrade-insecure-requests), and when that fails the designed placeholder, never a broken box
and never a plain-http request to another site.

The pictures' host, pictures.remote.test, is mapped to 127.0.0.1 by the browser
(CHROMIUM_ARGS in conftest), where a plain HTTP server serves real PNG files: a plain-http
request would reach it and get the picture, an upgraded one cannot speak TLS to it.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from tests.browser.conftest import REMOTE_PICTURE_HOST
from tests.browser.test_front_page import ensure_front_page_rights
from tests.factories import make_article
from tests.images.helpers import image_bytes

PNG = image_bytes("PNG", size=(640, 360))


class Pictures(BaseHTTPRequestHandler):
    hits = []

    def do_GET(self):  # noqa: N802 - http.server's name
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(PNG)))
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


@pytest.fixture
def pictures():
    Pictures.hits = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pictures)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://{REMOTE_PICTURE_HOST}:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("width", [375, 1280])
def test_remote_pictures_are_asked_for_over_https_only_and_give_way_to_the_placeholder(
    page, screenshot, pictures, width
):
    ensure_front_page_rights()
    piece = make_article(
        title="焊花里的青春：远程图片的稿件",
        head_image_url=f"{pictures}/head.png",
        head_image_alt="青年焊工在作业",
        body=f'<p>正文第一段。</p><p><img src="{pictures}/body.png" alt="焊花"></p><p>正文第二段。</p>',
    )
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(page.base_url + reverse("portal:home"))
    page.wait_for_selector(".lead .pic.pic--failed", state="attached")
    lead = page.locator(".lead .pic")
    assert lead.locator(".pic__placeholder").is_visible()
    assert lead.locator(".pic__img").is_hidden()
    screenshot(page, f"remote-pictures-home-{width}")

    page.goto(page.base_url + piece.get_absolute_url())
    page.wait_for_load_state("networkidle")
    broken = page.evaluate("[...document.images].filter(i => i.complete && i.naturalWidth === 0).length")
    assert broken == 0
    assert page.get_by_text("正文第二段。").is_visible()
    shared = page.locator('meta[property="og:image"]')
    assert shared.count() == 0 or not shared.get_attribute("content").startswith("http://")
    screenshot(page, f"remote-pictures-article-{width}")

    remote = [url for url in requested if REMOTE_PICTURE_HOST in url]
    assert remote, "the pictures were asked for"
    assert all(url.startswith(f"https://{REMOTE_PICTURE_HOST}:") for url in remote), remote
    assert Pictures.hits == []  # no plain-http request ever reached the pictures' server
