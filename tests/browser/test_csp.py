"""Content-Security-Policy in real Chromium: every public page type and the main admin pages
load with no violation (no inline script, style or handler anywhere), and their scripts work.

Violations are collected twice: the page's own ``securitypolicyviolation`` events (an init
script, which the policy does not cover) and Chromium's console errors.
"""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from editorial import workflow
from editorial.models import Correction, Status
from portal.models import Slot, Topic, TopicItem
from portal.placements import arrange
from speeches.models import SpeechSection
from tests.editorial.roles import ensure_roles, make_user
from tests.factories import make_article, make_column, make_event, make_person, make_source, make_speech
from tests.images.helpers import make_image

pytestmark = pytest.mark.django_db(transaction=True)

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__csp.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " "
                    + (event.sourceFile || "") + ":" + event.lineNumber + " " + (event.sample || ""));
});
"""


@pytest.fixture
def site(django_user_model):
    ensure_roles()
    chief = django_user_model.objects.create_superuser("chief", "chief@example.cn", "pass-123456")
    author = make_user(django_user_model, "zuozhe", "作者")
    column = make_column(name="工运前沿", parent=make_column(name="中工理论"))
    person = make_person(name="王进喜", aliases="铁人", bio="大庆油田1205钻井队队长。", photo=make_image())
    event = make_event(name="全国劳动模范表彰大会", place="北京")
    article = make_article(
        title="铁人精神永放光芒",
        column=column,
        source=make_source(name="工人日报"),
        tags=["劳模精神"],
        head_image=make_image(),
        body="<p>大庆油田。</p><table><tr><td>一</td><td>二</td></tr></table>",
    )
    article.bylines.create(person=person, position="本报记者")
    article.people.add(person)
    article.events.add(event)
    speech = make_speech(title="在劳模座谈会上的讲话", speaker=person, occasion=event, tags=["劳模精神"])
    SpeechSection.objects.create(speech=speech, order=0, number="一、", heading="坚持创新", body="<p>一</p>")
    draft = make_article(title="待提交的草稿", status=Status.DRAFT, publish_at=None, created_by=author)
    # The front page's slots come from a migration, which transactional tests flush.
    importlib.import_module("portal.migrations.0002_front_page_roles").create_slots_and_rights(apps, None)
    arrange(Slot.objects.get(kind=Slot.Kind.TOP), chief, [article])
    image = make_image()
    topic = Topic.objects.create(title="劳模专题", slug="laomo", is_published=True, banner=image)
    TopicItem.objects.create(
        topic=topic,
        content_type=ContentType.objects.get_for_model(article),
        object_id=article.pk,
        section="劳模风采",
    )
    Correction.objects.create(
        content_type=ContentType.objects.get_for_model(article),
        object_id=article.pk,
        note="更正：第二段的数字有误。",
        object_repr=article.title,
    )
    return {
        "topic": topic,
        "image": image,
        "chief": chief,
        "article": article,
        "speech": speech,
        "person": person,
        "event": event,
        "column": column,
        "draft": draft,
    }


@pytest.fixture
def watched(page):
    page.add_init_script(COLLECT)
    console = []
    page.on(
        "console",
        lambda message: console.append(message.text)
        if message.type == "error" and "Content Security Policy" in message.text
        else None,
    )
    page.csp_console = console
    return page


def _visit(page, path):
    response = page.goto(page.base_url + path)
    assert response.status < 400 or response.status == 404, (path, response.status)
    assert "default-src 'self'" in response.headers.get("content-security-policy", ""), path
    page.wait_for_load_state("load")
    return response


def _violations(page):
    return page.evaluate("window.__csp || []") + page.csp_console


def _check(page, paths):
    found = {}
    for path in paths:
        _visit(page, path)
        page.wait_for_timeout(150)  # late inserted content (widgets) reports asynchronously
        violations = _violations(page)
        if violations:
            found[path] = sorted(set(violations))
        page.csp_console.clear()
    return found


def test_public_pages_have_no_csp_violation(watched, site):
    tag = site["article"].tags.get()
    paths = [
        "/",
        reverse("articles:list"),
        site["article"].get_absolute_url(),
        site["column"].get_absolute_url(),
        reverse("speeches:list"),
        site["speech"].get_absolute_url(),
        reverse("people:list"),
        site["person"].get_absolute_url(),
        reverse("events:list"),
        site["event"].get_absolute_url(),
        reverse("portal:tag_list"),
        tag.get_absolute_url(),
        reverse("search:results") + "?q=劳模",
        reverse("portal:topic_list"),
        site["topic"].get_absolute_url(),
        reverse("portal:corrections"),
        reverse("portal:set_language") + "?language=en&next=/",
        "/no-such-page/",
    ]
    assert _check(watched, paths) == {}
    # The table script ran (a script from our static files is allowed).
    _visit(watched, site["article"].get_absolute_url())
    assert watched.locator(".table-scroll table").count() == 1


def test_the_language_switch_works_with_its_script_under_the_policy(watched, site):
    _visit(watched, reverse("articles:list"))
    watched.select_option("#language-select", "en")
    watched.click("form.language-switch button")
    # The switch comes back to the same address, so wait for the English page itself.
    watched.wait_for_selector('html[lang="en"]', state="attached")
    assert watched.url.endswith(reverse("articles:list"))
    assert _violations(watched) == []


def _login(page, username="chief"):
    _visit(page, reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-123456")
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))


def test_admin_pages_have_no_csp_violation(watched, site):
    article, speech = site["article"], site["speech"]
    _login(watched)
    paths = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_add"),
        reverse("admin:speeches_speech_changelist"),
        reverse("admin:speeches_speech_change", args=[speech.pk]),
        reverse("admin:people_person_change", args=[site["person"].pk]),
        reverse("admin:events_event_add"),
        reverse("admin:editorial_auditentry_changelist"),
        reverse("admin:editorial_tag_changelist"),
        reverse("admin:portal_slot_changelist"),
        reverse("admin:portal_slot_change", args=[Slot.objects.get(kind=Slot.Kind.TOP).pk]),
        reverse("admin:portal_topic_change", args=[site["topic"].pk]),
        reverse("admin:images_image_changelist"),
        reverse("admin:images_image_change", args=[site["image"].pk]),
        reverse("admin:articles_article_revisions", args=[article.pk]),
        reverse("admin:articles_article_slip", args=[article.pk]),
        reverse("admin:articles_article_preview", args=[article.pk]),
        reverse("admin:articles_article_preview_compare", args=[article.pk]),  # the preview in frames
        reverse("admin:articles_article_delete", args=[site["draft"].pk]),
    ]
    assert _check(watched, paths) == {}


def test_admin_widgets_and_a_workflow_action_run_without_violations(watched, site):
    _login(watched)
    # Autocomplete (select2), the calendar and the clock insert markup after load.
    _visit(watched, reverse("admin:articles_article_change", args=[site["article"].pk]))
    watched.click("#id_people + .select2")
    watched.wait_for_selector(".select2-results__option")
    watched.keyboard.press("Escape")
    watched.click("#id_publish_at_0 ~ .datetimeshortcuts a:has(.date-icon)")
    watched.wait_for_selector(".calendarbox", state="visible")
    watched.keyboard.press("Escape")
    # The rich-text editor (django-prose-editor) of the body: typing and its toolbar.
    editor = watched.locator(".ProseMirror:visible").first
    editor.click()
    watched.keyboard.press("Control+End")
    watched.keyboard.type("劳模精神")
    watched.keyboard.press("Control+b")
    watched.keyboard.type("加粗")
    assert "劳模精神" in editor.inner_text()
    assert _violations(watched) == []

    # A workflow action page: submit a draft for review with the button on its change page.
    draft = site["draft"]
    _visit(watched, reverse("admin:articles_article_change", args=[draft.pk]))
    watched.once("dialog", lambda dialog: dialog.accept())
    watched.click("button[value=submit]")
    watched.wait_for_selector(".messagelist .success")
    draft.refresh_from_db()
    assert draft.status == Status.REVIEW_1
    assert workflow.AUDIT_CODES["submit"] == "submitted"
    assert _violations(watched) == []


def test_the_lockout_page_has_no_csp_violation(watched, site, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _visit(watched, reverse("admin:login"))
        watched.fill("#id_username", "chief")
        watched.fill("#id_password", "wrong")
        watched.click("input[type=submit]")
        watched.wait_for_load_state("load")
    assert "登录已暂时锁定" in watched.content()
    assert _violations(watched) == []
