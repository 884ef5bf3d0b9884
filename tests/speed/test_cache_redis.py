"""The page cache on a real Redis server (CACHE_URL=redis://…), as production runs it.

The test starts its own redis-server on a free port of 127.0.0.1. Without Debian's
redis-server the tests skip with a message; with REQUIRE_REDIS=1 (.ci/run) they fail.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches

from config.settings import cache_from_url
from editorial import cache as rules
from tests.factories import make_article
from tests.speed import cache_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.speed.cache_urls")]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url():
    binary = shutil.which("redis-server")
    if not binary:
        message = "the Redis cache tests need Debian's redis-server (apt-get install redis-server)"
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("redis-server did not start")
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(5)


@pytest.fixture(autouse=True)
def _redis_cache(settings, redis_url):
    settings.CACHES = {"default": cache_from_url(redis_url)}
    settings.PAGE_CACHE_ENABLED = True
    caches["default"].clear()
    cache_urls.calls["count"] = 0
    yield
    caches["default"].clear()


def get(client, path="/"):
    response = client.get(path)
    return response, response.content.decode()


def test_pages_are_cached_in_redis_and_an_edit_shows_on_the_next_request(client, tmp_path):
    article = make_article(title="在 Redis 里")
    first, body = get(client)
    second, _ = get(client)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "在 Redis 里" in body and cache_urls.calls["count"] == 1
    # The generation lives in Redis, shared by every worker and machine, not in a local file.
    assert caches["default"].get(rules.GENERATION_KEY) is not None
    assert not (tmp_path / "generation").exists()

    article.title = "Redis 里改过了"
    article.save()
    third, body = get(client)
    assert third["X-Page-Cache"] == "miss" and "Redis 里改过了" in body


def test_a_flushed_redis_starts_a_fresh_generation_instead_of_serving_old_pages(client):
    make_article(title="清空之前")
    get(client)
    caches["default"].clear()  # Redis restarted or evicted everything
    make_article(title="清空之后")
    response, body = get(client)
    assert response["X-Page-Cache"] == "miss"
    assert "清空之前" in body and "清空之后" in body


def test_losing_the_generation_key_never_brings_back_an_old_page(client):
    # Redis may evict the generation key (maxmemory) while pages stay cached.
    get(client)  # the empty front page, cached before anything was published
    make_article(title="发布之后")
    _, body = get(client)
    assert "发布之后" in body
    caches["default"].delete(rules.GENERATION_KEY)
    _, body = get(client)
    assert "发布之后" in body
