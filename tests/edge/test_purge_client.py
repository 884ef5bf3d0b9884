"""The edge purge client (editorial/edge.py) against a Varnish that is down, slow or refusing.

The servers here are real HTTP servers on 127.0.0.1 that answer PURGE the way a
misbehaving Varnish would; tests/edge/test_varnish.py runs the real Varnish.
"""

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from editorial import edge
from tests.factories import make_article


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, status=200, delay=0.0, fail_first=0):
        self.status, self.delay, self.fail_first = status, delay, fail_first
        self.received = []  # xkey-purge header values, in order
        self.attempts = 0
        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def keys(self):
        return set(" ".join(self.received).split())


class Handler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        server = self.server
        server.attempts += 1
        time.sleep(server.delay)
        status = 503 if server.attempts <= server.fail_first else server.status
        if status == 200:
            server.received.append(self.headers["xkey-purge"])
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fast_retries(settings):
    settings.EDGE_PURGE_ATTEMPTS = 3
    settings.EDGE_PURGE_TIMEOUT = 0.5
    settings.EDGE_PURGE_WAIT = 0.5


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_keys_reach_every_edge_before_the_call_returns(settings, fast_retries):
    first, second = Recorder(), Recorder()
    settings.EDGE_CACHE_URLS = [first.url, second.url]
    edge.purge({"a1", "list-article"})
    assert first.received == ["a1 list-article"] and second.received == ["a1 list-article"]


def test_nothing_is_sent_without_edge_cache_urls(settings):
    server = Recorder()
    settings.EDGE_CACHE_URLS = []
    edge.purge({"a1"})
    time.sleep(0.1)
    assert server.attempts == 0


def test_a_varnish_that_is_down_never_fails_or_holds_up_the_change(
    settings, fast_retries, caplog, db, django_capture_on_commit_callbacks
):
    settings.EDGE_CACHE_URLS = [f"http://127.0.0.1:{closed_port()}/"]
    with caplog.at_level(logging.WARNING, logger="gongjiang.edge"):
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(title="照常保存")
        started = time.monotonic()
        edge.purge({"a0"})
        # Bounded by EDGE_PURGE_WAIT (0.5 s), not by the retries (0.5 s + 2 s of waiting).
        assert time.monotonic() - started < 2
        edge.flush(timeout=15)
    article.refresh_from_db()
    assert article.title == "照常保存"
    gave_up = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert any(f"a{article.pk}" in message for message in gave_up)  # logged with its keys
    assert any("retrying" in r.getMessage() for r in caplog.records)


def test_a_slow_varnish_gets_the_purge_after_the_editor_has_moved_on(settings, fast_retries):
    server = Recorder(delay=1.5)
    settings.EDGE_CACHE_URLS = [server.url]
    settings.EDGE_PURGE_TIMEOUT = 5
    started = time.monotonic()
    edge.purge({"a7"})
    assert time.monotonic() - started < 1.2  # EDGE_PURGE_WAIT, not the server's 1.5 s
    wait_until(lambda: server.received == ["a7"])


def test_a_refused_purge_is_retried_with_what_queued_meanwhile(settings, fast_retries, caplog):
    server = Recorder(fail_first=1)
    settings.EDGE_CACHE_URLS = [server.url]
    with caplog.at_level(logging.WARNING, logger="gongjiang.edge"):
        edge.purge({"a1"})
        edge.purge({"a2"})  # queued while the first waits to retry
        wait_until(lambda: server.keys() == {"a1", "a2"})
    assert server.attempts >= 2
    assert any("503" in r.getMessage() for r in caplog.records)


def test_a_purge_refused_for_good_is_logged_and_dropped(settings, fast_retries, caplog):
    server = Recorder(status=403)
    settings.EDGE_CACHE_URLS = [server.url]
    with caplog.at_level(logging.WARNING, logger="gongjiang.edge"):
        edge.purge({"tag-3"})
        edge.flush(timeout=10)
    assert server.attempts == 3 and server.received == []
    assert any(r.levelno == logging.ERROR and "tag-3" in r.getMessage() for r in caplog.records)


def test_many_keys_go_in_several_requests(settings, fast_retries):
    server = Recorder()
    settings.EDGE_CACHE_URLS = [server.url]
    keys = {f"a{n}" for n in range(edge.KEYS_PER_REQUEST * 2 + 5)}
    edge.purge(keys)
    wait_until(lambda: server.keys() == keys)
    assert len(server.received) == 3


def test_purges_go_out_only_after_commit(settings, fast_retries, django_capture_on_commit_callbacks, db):
    server = Recorder()
    settings.EDGE_CACHE_URLS = [server.url]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article = make_article(title="尚未提交")
        time.sleep(0.1)
        assert server.received == []  # a reader could still read the old rows
    for callback in callbacks:
        callback()
    assert f"a{article.pk}" in server.keys() and "list-article" in server.keys()
