"""The real Varnish with deploy/varnish/gongjiang.vcl in front of a stand-in app that fails on demand.

Readers get the last good copy of a page while the app answers 5xx or is down; a healthy
app is always asked again once a page expires; only the app servers may purge. (Apart
from tests/edge/test_varnish.py, whose live server would make these tests transactional.)
"""

import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.edge.varnish import Varnish, fetch, require_varnish


class FlakyApp(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.failing = False
        self.version = 1
        super().__init__(("127.0.0.1", 0), FlakyHandler)
        threading.Thread(target=self.serve_forever, daemon=True).start()


class FlakyHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        if self.server.failing:
            self.send_response(502)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = f"page version {self.server.version}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Surrogate-Control", "max-age=1")
        self.send_header("Surrogate-Key", "a1 all")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def flaky():
    require_varnish()
    app = FlakyApp()
    instance = Varnish(f"127.0.0.1:{app.server_address[1]}")
    yield app, instance
    instance.stop()
    app.shutdown()
    app.server_close()


def test_readers_get_the_last_good_page_while_the_app_fails(flaky):
    app, edge = flaky
    assert fetch(edge, "/x")[2] == "page version 1"
    time.sleep(1.5)  # expired
    app.failing = True
    status, _, body = fetch(edge, "/x")
    assert (status, body) == (200, "page version 1")
    app.shutdown()  # the app is down altogether
    app.server_close()
    status, _, body = fetch(edge, "/x")
    assert (status, body) == (200, "page version 1")


def test_a_healthy_app_is_asked_again_once_a_page_expires(flaky):
    app, edge = flaky
    assert fetch(edge, "/y")[2] == "page version 1"
    app.version = 2
    time.sleep(1.5)
    assert fetch(edge, "/y")[2] == "page version 2"  # no stale copy while the app answers


def test_only_the_app_servers_may_purge_and_a_purge_needs_keys(flaky):
    _, edge = flaky
    request = urllib.request.Request(edge.url, method="PURGE")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
    request = urllib.request.Request(edge.url, method="PURGE", headers={"xkey-purge": "a1"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
