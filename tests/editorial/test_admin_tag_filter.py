"""The 标签 filter of the change lists (editorial.changelist.TagListFilter): the right pieces,
asked as IN for a tag few pieces carry and as EXISTS along the list's order for one many
carry, never as Django's join with DISTINCT."""

import datetime
import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.db import connection
from django.template import engines
from django.template.loader import get_template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import escape

from articles.models import Article
from editorial import changelist
from editorial.models import Tag
from tests.editorial.roles import users  # noqa: F401, F811
from tests.factories import make_article, make_speech
from tests.images.helpers import make_image

# Django's own admin/filter.html, which templates/admin/filter.html stands in for.
DJANGOS_FILTER = engines["django"].from_string(
    (Path(django.contrib.admin.__file__).parent / "templates" / "admin" / "filter.html").read_text()
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(client, users):  # noqa: F811
    client.force_login(users["superuser"])
    return client


def list_queries(chief, url, params):
    """The change list's rows and the SQL that read them (the page's SELECT of titles)."""
    with CaptureQueriesContext(connection) as queries:
        response = chief.get(url, params)
    table = response.context["cl"].model._meta.db_table
    reading = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(f'SELECT "{table}"."id"')]
    return response.context["cl"].result_list, [sql for sql in reading if "taggeditem" in sql]


@pytest.mark.parametrize("dense", [True, False])
def test_the_tag_filter_finds_the_pieces_carrying_the_tag_in_the_list_order(chief, monkeypatch, dense):
    # Eight carriers: more than the threshold (walked) or fewer (read and sorted).
    monkeypatch.setattr(changelist, "DENSE_TAG", 3 if dense else 100)
    pieces = [
        make_article(title=f"标签文章{n}", tags=["劳模", *(["罕见"] if n == 3 else [])]) for n in range(8)
    ]
    make_article(title="无标签")
    make_speech(title="讲话也有这个标签", tags=["劳模"])  # another type's tagged item, not this list's
    url = reverse("admin:articles_article_changelist")

    rows, sql = list_queries(chief, url, {"tags__id__exact": Tag.objects.get(name="劳模").pk})

    assert [row.pk for row in rows] == [piece.pk for piece in reversed(pieces)]
    assert sql and all('JOIN "editorial_taggeditem"' not in q and "DISTINCT" not in q for q in sql)
    assert all(("EXISTS" in q) == dense for q in sql)
    rows, _sql = list_queries(chief, url, {"tags__id__exact": Tag.objects.get(name="罕见").pk})
    assert [row.title for row in rows] == ["标签文章3"]


@pytest.mark.parametrize("dense", [True, False])
def test_the_date_navigation_of_a_tags_list_offers_the_periods_of_its_carriers(chief, monkeypatch, dense):
    # A dense tag's probe of each period asks the tag row by row, (SELECT …) IS NOT NULL, not
    # EXISTS (which PostgreSQL planned as a sort and merge of a whole year's rows): the same
    # periods, those holding a piece that carries the tag.
    monkeypatch.setattr(changelist, "DENSE_TAG", 3 if dense else 100)
    moments = [(2022, 5, 1), (2022, 12, 31), (2024, 3, 15), (2024, 3, 16), (2024, 7, 1)]
    for n, (year, month, day) in enumerate(moments):
        moment = timezone.make_aware(datetime.datetime(year, month, day, 0, 30))
        make_article(title=f"带标签{n}", tags=["劳模"], publish_at=moment)
    make_article(
        title="别的年份", tags=["别的"], publish_at=timezone.make_aware(datetime.datetime(2023, 6, 1))
    )
    url = reverse("admin:articles_article_changelist")
    tag = Tag.objects.get(name="劳模").pk
    carriers = Article.objects.filter(tags__id=tag)

    def offered(params, period):
        with CaptureQueriesContext(connection) as queries:
            html = chief.get(url, {"tags__id__exact": tag, **params}).content.decode()
        (probe,) = [q["sql"] for q in queries.captured_queries if "FROM (VALUES" in q["sql"]]
        assert "EXISTS" not in probe and (" IN (" in probe) != dense
        return sorted({int(found) for found in re.findall(rf"publish_at__{period}=(\d+)", html)})

    assert offered({}, "year") == sorted({moment.year for moment in carriers.datetimes("publish_at", "year")})
    assert offered({}, "year") == [2022, 2024]
    in_2024 = carriers.filter(publish_at__year=2024).datetimes("publish_at", "month")
    assert offered({"publish_at__year": 2024}, "month") == [moment.month for moment in in_2024] == [3, 7]


def test_the_tag_filter_offers_every_tag_and_marks_the_chosen_one(chief):
    make_article(title="有标签", tags=["劳模", "工匠"])
    tag = Tag.objects.get(name="工匠")
    response = chief.get(reverse("admin:articles_article_changelist"), {"tags__id__exact": tag.pk})
    cl = response.context["cl"]
    (spec,) = [spec for spec in cl.filter_specs if isinstance(spec, changelist.TagListFilter)]
    choices = list(spec.choices(cl))
    assert sorted(choice["display"] for choice in choices[1:]) == sorted(["劳模", "工匠"])
    assert [choice["display"] for choice in choices if choice["selected"]] == ["工匠"]


def test_the_image_list_filters_by_tag_too(chief):
    tagged = make_image(title="车间图")
    tagged.tags.add("劳模")
    make_image(title="无标签图")
    make_article(title="同标签的文章", tags=["劳模"])
    response = chief.get(reverse("admin:images_image_changelist"), {"tags__id__exact": Tag.objects.get().pk})
    assert [row.title for row in response.context["cl"].result_list] == ["车间图"]


@pytest.mark.parametrize("value", ["abc", "1.5", "", "-1", "999999", "1 OR 1=1"])
def test_the_tag_filter_refuses_or_empties_on_hostile_values(chief, value):
    make_article(title="有标签", tags=["劳模"])
    response = chief.get(reverse("admin:articles_article_changelist"), {"tags__id__exact": value})
    if response.status_code == 302:
        assert "e=1" in response["Location"]  # Django's "wrong filter" page, nothing shown
    else:
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []
        assert value in ("-1", "999999")


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status__exact": "draft"},
        {"status__exact": "draft", "q": "劳模 工匠", "o": "2.-1", "publish_at__year": "2026"},
        {"tags__id__exact": "TAG", "is_repost__exact": "1", "p": "2"},
        {"q": "&=?尾 %<", "o": "-3"},
    ],
)
def test_the_tag_filter_writes_what_djangos_filter_writes(chief, params):
    # TagListFilter writes each tag's address and its sidebar markup itself (300 tags through
    # Django's get_query_string and template loop), escaped once per list (addresses) and
    # once per tag (names); both must be Django's, escaping included.
    make_article(title="有标签", tags=["劳模", "工匠", "a&b", "<script>x</script>"])
    tag = Tag.objects.get(name="工匠")
    params = {key: str(tag.pk) if value == "TAG" else value for key, value in params.items()}
    cl = chief.get(reverse("admin:articles_article_changelist"), params).context["cl"]
    (spec,) = [spec for spec in cl.filter_specs if isinstance(spec, changelist.TagListFilter)]
    ours = list(spec.choices(cl))
    djangos = list(super(changelist.TagListFilter, spec).choices(cl))
    assert [(c["selected"], c["query_string"], c["display"]) for c in ours] == [
        (c["selected"], escape(iri_to_uri(c["query_string"])), escape(c["display"])) for c in djangos
    ]
    assert len(ours) == 5 and sum(c["selected"] for c in ours) == 1

    def written(template, choices):
        html = template.render({"title": spec.title, "choices": choices, "spec": spec})
        return re.sub(r">\s+<", "><", html.strip())

    ours_written = written(get_template("admin/filter.html"), ours)  # templates/admin/filter.html
    assert ours_written == written(DJANGOS_FILTER, djangos)
    assert "<script>" not in ours_written and "&lt;script&gt;x&lt;/script&gt;" in ours_written


def test_every_list_filter_is_written_as_djangos_filter_writes_it(chief):
    # templates/admin/filter.html writes every filter's choices through choice_items.
    make_article(title="有标签", tags=["劳模"], is_repost=True)
    cl = chief.get(reverse("admin:articles_article_changelist"), {"status__exact": "draft"}).context["cl"]
    assert len(cl.filter_specs) >= 5
    for spec in cl.filter_specs:
        choices = list(spec.choices(cl))
        context = {"title": spec.title, "choices": choices, "spec": spec}
        ours = re.sub(r">\s+<", "><", get_template(spec.template).render(context).strip())
        assert ours == re.sub(r">\s+<", "><", DJANGOS_FILTER.render(context).strip()), spec.title
