"""The language switch keeps CSRF protection, and anonymous pages stay cacheable.

Cached pages print no token: the footer form asks (GET) for the language page, which is
never cached and carries a token; static/js/site.js fetches that page's token and posts at
once, so with JavaScript it is one click, without it two."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict():
    return Client(enforce_csrf_checks=True)


def _token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match and match.group(1)


def test_a_forged_cross_site_post_changes_nothing(strict):
    response = strict.post(reverse("portal:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_anonymous_pages_carry_no_token_and_are_still_cached(strict):
    make_article(title="劳模精神代代传")
    first = strict.get(reverse("portal:home"))
    second = strict.get(reverse("portal:home"))
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    html = second.content.decode()
    assert _token(html) is None and "csrftoken" not in second.cookies
    form = re.search(r'<form class="language-switch"[^>]*>', html).group(0)
    assert 'method="get"' in form and f'action="{reverse("portal:set_language")}"' in form


def test_the_language_page_carries_a_token_and_is_never_cached(strict):
    response = strict.get(reverse("portal:set_language"), {"language": "en", "next": "/articles/"})
    assert response.status_code == 200
    html = response.content.decode()
    assert _token(html)
    assert "X-Page-Cache" not in response
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]
    assert re.search(r'<option value="en"[^>]*selected', html)
    assert 'name="next" value="/articles/"' in html


def test_the_switch_with_its_token_sets_the_language(strict):
    page = strict.get(reverse("portal:set_language"), {"language": "en", "next": "/articles/"})
    response = strict.post(
        reverse("portal:set_language"),
        {"language": "en", "next": "/articles/", "csrfmiddlewaretoken": _token(page.content.decode())},
    )
    assert response.status_code == 302 and response["Location"] == "/articles/"
    assert strict.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_language_page_never_sends_readers_elsewhere(strict, next_url):
    page = strict.get(reverse("portal:set_language"), {"language": "en", "next": next_url})
    choice = re.search(r'<form class="language-choice".*?</form>', page.content.decode(), re.S).group(0)
    assert 'name="next" value="/"' in choice
    response = strict.post(
        reverse("portal:set_language"),
        {"language": "en", "next": next_url, "csrfmiddlewaretoken": _token(page.content.decode())},
    )
    assert response["Location"] == "/"
