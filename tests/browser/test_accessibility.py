"""axe-core in real Chromium on every public page type (375 and 1280 px) and the admin.

axe.min.js is vendored from the npm package ``axe-core`` (tests/browser/assets, see the
README there): nothing is downloaded at test time. It is injected with page.evaluate,
which runs through the DevTools protocol and so is not subject to the page's
Content-Security-Policy. Any violation of impact moderate or higher fails.
"""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Column
from events.models import Event
from people import pieces
from people.models import Person
from portal.models import Topic
from speeches.models import Speech
from tests.browser.test_front_page import ensure_front_page_rights
from tests.factories import make_speech

AXE = (Path(__file__).parent / "assets" / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("moderate", "serious", "critical")


def violations(page, url):
    page.goto(page.base_url + url)
    page.evaluate(AXE)
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    return [v for v in found if v["impact"] in BLOCKING]


@pytest.fixture
def demo(transactional_db):
    ensure_front_page_rights()  # a transactional test before this one flushed the migrations' rows
    call_command("load_demo", stdout=io.StringIO())
    # The demo's speech is a draft and it has no 专题: one of each, live, for their pages.
    make_speech(title="在劳模座谈会上的讲话", speaker=Person.objects.first(), tags=["劳模"])
    Topic.objects.create(title="劳模专题", is_published=True)


def public_pages():
    article = Article.objects.live().exclude(column=None).first()
    event = Event.objects.first()
    person = Person.objects.filter(pieces.has_pieces()).first()
    return {
        "home": "/",
        "article list": "/articles/",
        "article": article.get_absolute_url(),
        "column": Column.objects.get(pk=article.column_id).get_absolute_url(),
        "speech list": "/speeches/",
        "speech": Speech.objects.live().first().get_absolute_url(),
        "people list": "/people/",
        "person": person.get_absolute_url(),
        "event list": "/events/",
        "event": event.get_absolute_url(),
        "tag list": "/tags/",
        "tag": "/tags/laomo/",
        "topic list": "/topics/",
        "topic": Topic.objects.first().get_absolute_url(),
        "corrections": "/corrections/",
        "search": "/search/?q=劳模",
    }


@pytest.mark.parametrize("width", [375, 1280])
def test_public_pages_have_no_axe_violations(page, demo, width):
    page.set_viewport_size({"width": width, "height": 900})
    found = {name: v for name, url in public_pages().items() if (v := violations(page, url))}
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_admin_dashboard_change_list_and_change_form_have_no_axe_violations(page, demo):
    get_user_model().objects.filter(username="admin").update(is_staff=True)
    page.goto(page.base_url + "/admin/login/")
    page.fill("#id_username", "admin")
    page.fill("#id_password", "gongjiang-demo")
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")
    article = Article.objects.first()
    found = {
        url: v
        for url in ("/admin/", "/admin/articles/article/", f"/admin/articles/article/{article.pk}/change/")
        if (v := violations(page, url))
    }
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
