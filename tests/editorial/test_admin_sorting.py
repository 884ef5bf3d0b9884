"""Sorting the admin's change lists by a related column (editorial/changelist.py): by the
stored key with ties by id, in both directions, read off an index (no join on the
related table's ordering, no sort of every row)."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from images.models import Image
from speeches.models import Speech
from tests.editorial.roles import users  # noqa: F401, F811
from tests.factories import make_article, make_column, make_event, make_person, make_source, make_speech
from tests.images.helpers import make_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(client, users):  # noqa: F811
    client.force_login(users["superuser"])
    return client


def sort_param(model, column, users, descending=False):  # noqa: F811
    """The ``o`` value the column header of ``column`` links to."""
    request = RequestFactory().get("/")
    request.user = users["superuser"]
    display = list(admin.site.get_model_admin(model).get_list_display(request))
    index = display.index(column) + 1
    return f"-{index}" if descending else str(index)


def grouped(count, batch=""):
    """Pieces in related rows created in the opposite order of their names, with a piece
    that has none: a sort by name and a sort by the stored key would differ."""
    columns = [make_column(name=f"{name}{batch}") for name in ("乙栏目", "甲栏目")]
    sources = [make_source(name=f"{name}{batch}") for name in ("乙来源", "甲来源")]
    speakers = [make_person(name=f"{name}{batch}") for name in ("乙讲话人", "甲讲话人")]
    occasions = [make_event(name=f"{name}{batch}") for name in ("乙大会", "甲大会")]
    for n in range(count):
        make_article(
            title=f"文章{n}",
            column=columns[n % 2] if n % 5 else None,
            source=sources[(n // 2) % 2] if n % 7 else None,
        )
        make_speech(
            title=f"讲话{n}", speaker=speakers[n % 2] if n % 5 else None, occasion=occasions[(n // 2) % 2]
        )


def stored_key_order(rows, attname, descending):
    # NULL first ascending on SQLite, last on PostgreSQL: compare the non-null part.
    keyed = [row for row in rows if getattr(row, attname) is not None]
    return sorted(keyed, key=lambda row: (getattr(row, attname), row.pk), reverse=descending)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    ("model", "column", "attname"),
    [
        (Article, "column", "column_id"),
        (Article, "source", "source_id"),
        (Article, "status_display", "status"),
        (Speech, "speaker", "speaker_id"),
        (Speech, "occasion", "occasion_id"),
        (Speech, "delivered_on", "delivered_on"),
    ],
)
def test_a_related_column_sorts_by_its_stored_key_without_joining_its_table(
    chief,
    users,  # noqa: F811
    model,
    column,
    attname,
    descending,  # noqa: F811
):
    grouped(12)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = chief.get(url, {"o": sort_param(model, column, users, descending)})
    shown = [row for row in response.context["cl"].result_list if getattr(row, attname) is not None]
    expected = stored_key_order(model.objects.all(), attname, descending)
    assert [row.pk for row in shown] == [row.pk for row in expected]
    table = model._meta.db_table
    field = model._meta.get_field(attname.removesuffix("_id"))
    listing = [
        q["sql"] for q in queries.captured_queries if f'FROM "{table}"' in q["sql"] and "ORDER BY" in q["sql"]
    ]
    assert any(f'ORDER BY "{table}"."{field.column}"' in sql for sql in listing), listing
    # The related table's own order (a column's position and name) is not asked for.
    if field.related_model is not None:
        assert not any(f'ORDER BY "{field.related_model._meta.db_table}"' in sql for sql in listing)


def test_the_image_list_sorts_by_uploader_key_in_both_directions(chief, users):  # noqa: F811
    uploaders = [users["zuozhe"], users["zebian"], None]
    for n in range(9):
        make_image(title=f"图{n}", uploaded_by=uploaders[n % 3])
    url = reverse("admin:images_image_changelist")
    for descending in (False, True):
        rows = (
            chief.get(url, {"o": sort_param(Image, "uploaded_by", users, descending)})
            .context["cl"]
            .result_list
        )
        shown = [row.pk for row in rows if row.uploaded_by_id is not None]
        assert shown == [
            row.pk for row in stored_key_order(Image.objects.all(), "uploaded_by_id", descending)
        ]


def test_a_sorted_list_costs_the_same_queries_at_5_and_50_pieces(chief, users):  # noqa: F811
    url = reverse("admin:articles_article_changelist")
    counts = []
    for total in (5, 50):
        grouped(total - Article.objects.count(), batch=str(total))
        with CaptureQueriesContext(connection) as queries:
            response = chief.get(url, {"o": sort_param(Article, "column", users)})
        assert len(response.context["cl"].result_list) == min(Article.objects.count(), 50)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_rows_checkboxes_are_djangos_own(chief):
    # ArchiveAdminMixin writes the checkbox itself (a widget rendered per row costs a fifth
    # of a list); the markup must stay what Django's actions script and screen readers read.
    piece = make_article(title="复选框<稿件>")
    html = chief.get(reverse("admin:articles_article_changelist")).content.decode()
    djangos = admin.ModelAdmin.action_checkbox(admin.site.get_model_admin(Article), piece)
    assert djangos in html and f'value="{piece.pk}"' in djangos
    assert "复选框&lt;稿件&gt;" in djangos and "复选框<稿件>" not in html
