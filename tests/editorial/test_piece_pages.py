"""A piece's change form and preview: the same page through config/renderers.py as through
Django's default form renderer, and queries that do not grow with its bylines and tags."""

import re

import pytest
from django.contrib.admin.widgets import AutocompleteMixin
from django.db import connection
from django.forms.renderers import get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import mark_safe

from articles.models import ArticleAuthor
from config.renderers import LABEL_TEMPLATE, FormRenderer
from editorial.admin_widgets import HeldRowsAutocompleteMixin
from tests.editorial.roles import draft_article, users  # noqa: F401
from tests.factories import make_event, make_person

pytestmark = pytest.mark.django_db


def _change(piece):
    return reverse("admin:articles_article_change", args=[piece.pk])


def _with_relations(author, count):
    piece = draft_article(
        author, title=f"署名{count}位", original_url=f"https://example.cn/稿件?n={count}&a=1"
    )
    for n in range(count):
        ArticleAuthor.objects.create(article=piece, person=make_person(name=f"作者{count}-{n}"), order=n)
        piece.people.add(make_person(name=f"人物{count}-{n}"))
        piece.events.add(make_event(name=f"活动{count}-{n}"))
        piece.tags.add(f"标签{count}-{n}")
    return piece


def _comparable(html):
    # The CSRF token is masked anew on every response; Jinja2 escapes " as &#34;, Django as
    # &quot; (the same character to a browser); whitespace between tags differs.
    html = re.sub(r'(name="csrfmiddlewaretoken" value=)"[^"]+"', r"\1", html)
    html = html.replace("&quot;", "&#34;")
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html))


def test_widgets_come_from_jinja2_where_there_is_an_edition_the_others_from_djangos_templates():
    renderer = FormRenderer()
    assert isinstance(renderer.get_template("django/forms/widgets/input.html"), Jinja2Template)
    assert isinstance(renderer.get_template("django/forms/label.html"), Jinja2Template)
    # Ours, in templates/jinja2 (the page test below holds them to Django's).
    assert isinstance(renderer.get_template("admin/widgets/related_widget_wrapper.html"), Jinja2Template)
    assert isinstance(renderer.get_template("admin/widgets/split_datetime.html"), Jinja2Template)
    assert isinstance(renderer.get_template("admin/widgets/url.html"), Jinja2Template)
    assert isinstance(renderer.get_template("admin/widgets/date.html"), Jinja2Template)
    assert isinstance(renderer.get_template("admin/widgets/clearable_file_input.html"), DjangoTemplate)
    assert isinstance(renderer.get_template("images/widgets/image_chooser.html"), DjangoTemplate)


def test_the_change_form_is_the_page_djangos_renderer_writes(client, users, settings):  # noqa: F811
    piece = _with_relations(users["zebian"], 2)
    client.force_login(users["zebian"])
    assert isinstance(get_default_renderer(), FormRenderer)
    ours = client.get(_change(piece)).content.decode()
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    assert not isinstance(get_default_renderer(), FormRenderer)
    djangos = client.get(_change(piece)).content.decode()
    assert 'name="people"' in ours and "作者2-1" in ours and 'name="bylines-1-person"' in ours
    assert _comparable(ours) == _comparable(djangos)


@pytest.mark.parametrize(
    ("label", "attrs", "use_tag"),
    [
        ("标题:", {"for": "id_title", "class": "required"}, True),
        (mark_safe("<b>粗</b>:"), None, True),
        ('引号"与<尖括号>&', {"for": 'id_"x"', "data-on": True, "hidden": False}, True),
        ("无标签", {}, False),
        (" 前后空格 ", {}, True),
    ],
)
def test_labels_are_written_as_the_jinja2_template_writes_them(label, attrs, use_tag):
    context = {"field": None, "label": label, "attrs": attrs, "use_tag": use_tag, "tag": "label"}
    template = FormRenderer().get_template(LABEL_TEMPLATE)
    assert FormRenderer().render(LABEL_TEMPLATE, context) == template.render(context).strip()


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_preview_reads_relations_once_whatever_their_number(client, users):  # noqa: F811
    one, four = _with_relations(users["zebian"], 1), _with_relations(users["zebian"], 4)
    client.force_login(users["zebian"])

    def preview(piece):
        return reverse("admin:articles_article_preview", args=[piece.pk])

    _queries(client, preview(one))  # the session's first page fills per-user caches
    html = client.get(preview(four)).content.decode()
    assert all(f"作者4-{n}" in html and f"标签4-{n}" in html for n in range(4))
    assert _queries(client, preview(one)) == _queries(client, preview(four))


def test_change_form_reads_each_byline_row_once(client, users):  # noqa: F811
    one, four = _with_relations(users["zebian"], 1), _with_relations(users["zebian"], 4)
    client.force_login(users["zebian"])
    _queries(client, _change(one))
    # Each byline row's person autocomplete is labelled from the row's person, read with the
    # rows (editorial.admin_widgets.HeldRowsAutocompleteMixin), as are the people and events
    # boxes from the form's initial value: Django would read each again.
    assert _queries(client, _change(four)) == _queries(client, _change(one))
    html = client.get(_change(four)).content.decode()
    for n in range(4):
        assert f'<option value="{four.bylines.get(order=n).person_id}" selected>作者4-{n}</option>' in html
    assert all(f">人物4-{n}</option>" in html and f">活动4-{n}（" in html for n in range(4))


def test_autocomplete_boxes_are_labelled_as_djangos_query_labels_them(client, users, monkeypatch):  # noqa: F811
    piece = _with_relations(users["zebian"], 3)
    client.force_login(users["zebian"])
    ours = client.get(_change(piece)).content.decode()
    monkeypatch.setattr(HeldRowsAutocompleteMixin, "optgroups", AutocompleteMixin.optgroups)
    djangos = client.get(_change(piece)).content.decode()
    assert ">人物3-2</option>" in ours and ">作者3-1</option>" in ours
    assert _comparable(ours) == _comparable(djangos)


def test_change_form_reads_its_creator_with_the_piece(client, users):  # noqa: F811
    # The 发布 fieldset names the 创建人: joined to the piece, not a query of its own.
    piece = draft_article(users["zuozhe"], title="创建人")
    client.force_login(users["zebian"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_change(piece))
    assert response.status_code == 200
    assert str(users["zuozhe"]) in response.content.decode()
    users_read = [
        query["sql"] for query in queries.captured_queries if 'FROM "auth_user" WHERE' in query["sql"]
    ]
    assert len(users_read) == 1  # the session's user


def test_labels_and_help_texts_are_in_each_requests_language(client, users):  # noqa: F811
    # Translated once when the admin builds the form (editorial.admin.translated_texts): the
    # form is built for each request, in its language.
    piece = draft_article(users["zuozhe"], title="语言")
    client.force_login(users["zebian"])
    for _round in range(2):
        chinese = client.get(_change(piece), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert 'for="id_title">主题:</label>' in chinese and "主题超过 30 个字时必填" in chinese
        assert "Headline" not in chinese
        english = client.get(_change(piece), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert 'for="id_title">Headline:</label>' in english and "主题超过 30 个字时必填" not in english
