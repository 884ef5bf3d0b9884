"""Every admin fieldset is written by the Jinja2 edition of Django's admin/includes/fieldset.html
(editorial/templatetags/admin_forms.py): the markup Django's own template writes, for editable,
read-only and rejected forms, collapsed fieldsets, multi-field lines and stacked inlines."""

from pathlib import Path

import django.contrib.admin
import pytest
from django.template import Context, Engine
from django.urls import reverse

from editorial.models import Status
from tests.editorial.roles import draft_article, draft_speech, users  # noqa: F401
from tests.editorial.test_piece_pages import _comparable, _with_relations

pytestmark = pytest.mark.django_db

DJANGOS = Engine(dirs=[Path(django.contrib.admin.__file__).parent / "templates"], libraries={})
INCLUDE = (
    '{% include "admin/includes/fieldset.html" with heading_level=level prefix=prefix'
    " id_prefix=id_prefix id_suffix=id_suffix %}"
)


def _both(fieldset, level, prefix, id_prefix, id_suffix):
    context = {"fieldset": fieldset, "level": level, "prefix": prefix, "id_prefix": id_prefix}
    context["id_suffix"] = id_suffix
    ours = Engine.get_default().from_string(INCLUDE).render(Context(context))
    djangos = DJANGOS.from_string(INCLUDE).render(Context(context))
    return ours, djangos


def _fieldsets(response):
    """(fieldset, heading level, prefix, id prefix, id suffix) as change_form.html and stacked.html
    include them."""
    for n, fieldset in enumerate(response.context["adminform"]):
        yield fieldset, 2, "fieldset", 0, n
    for formset in response.context["inline_admin_formsets"]:
        for counter, inline_form in enumerate(formset):
            for n, fieldset in enumerate(inline_form):
                yield fieldset, 4, fieldset.formset.prefix, counter, n


def _tokens(html):
    return html.replace("&quot;", "&#34;").replace("&#x27;", "&#39;").split()


def _assert_all_as_djangos(response, expect):
    assert response.status_code == 200
    written = []
    for args in _fieldsets(response):
        ours, djangos = _both(*args)
        # The same words and tags, and the same spaces between them (only how many differs).
        assert _comparable(ours) == _comparable(djangos)
        assert _tokens(ours) == _tokens(djangos)
        written.append(ours)
    page = "".join(written)
    for fragment in expect:
        assert fragment in page


def test_an_editable_article_form_is_written_as_djangos(client, users):  # noqa: F811
    piece = _with_relations(users["zebian"], 2)
    client.force_login(users["zebian"])
    response = client.get(reverse("admin:articles_article_change", args=[piece.pk]))
    _assert_all_as_djangos(
        response,
        ['name="title"', "<details><summary>", 'class="help"', 'name="people"', 'class="readonly"'],
    )


def test_a_read_only_article_is_written_as_djangos(client, users):  # noqa: F811
    piece = _with_relations(users["zebian"], 1)
    piece.status = Status.PUBLISHED
    piece.save()
    client.force_login(users["zebian"])  # publishers alone edit a published piece
    response = client.get(reverse("admin:articles_article_change", args=[piece.pk]))
    _assert_all_as_djangos(response, ['<div class="readonly">', "rendered-body"])
    assert 'name="title"' not in response.content.decode()


def test_a_rejected_form_shows_its_errors_as_djangos(client, users):  # noqa: F811
    piece = draft_article(users["zebian"])
    client.force_login(users["zebian"])
    url = reverse("admin:articles_article_change", args=[piece.pk])
    data = {"title": "", "bylines-TOTAL_FORMS": "0", "bylines-INITIAL_FORMS": "0", "slug": "x"}
    response = client.post(url, data)
    _assert_all_as_djangos(response, ['<ul class="errorlist"', "form-row errors"])


def test_speech_sections_and_add_forms_are_written_as_djangos(client, users):  # noqa: F811
    piece = draft_speech(users["zebian"], sections=[("一、", "标题", "<p>正文</p>")] * 2)
    client.force_login(users["zebian"])
    response = client.get(reverse("admin:speeches_speech_change", args=[piece.pk]))
    _assert_all_as_djangos(response, ['name="sections-1-heading"', "form-multiline", "fieldBox"])
    for add in ("admin:speeches_speech_add", "admin:articles_article_add"):
        _assert_all_as_djangos(client.get(reverse(add)), ['name="title"'])
