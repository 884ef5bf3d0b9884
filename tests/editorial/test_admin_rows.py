"""The change lists' rows written once per column (editorial.changelist.ArchiveChangeList.rows)
are Django's own, cell for cell: every list of the admin benchmark, as each role, filtered,
searched, sorted, on its last page."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.contrib.admin.templatetags import admin_list
from django.test import Client
from django.urls import reverse

from articles.models import Article, Source
from bench.admin_bench import pages
from editorial import changelist
from editorial.models import Status
from tests.editorial.roles import ensure_roles, users  # noqa: F401
from tests.editorial.test_admin_scale import grow
from tests.factories import make_article

pytestmark = pytest.mark.django_db

BODY = re.compile(r"<tbody>.*?</tbody>", re.S)


def djangos_rows(cl):
    return list(admin_list.results(cl))


def test_rows_are_djangos_on_every_list(users, monkeypatch):  # noqa: F811
    ensure_roles()
    users["superuser"].username = "admin"  # the bench's name for the superuser
    users["superuser"].save()
    grow(users, 3)
    # Cells Django writes in its own ways: an empty value (an archived piece has no 检查),
    # a missing 来源, a deleted image's thumbnail.
    archived = make_article(title="归档稿件", source=None)
    Article.objects.filter(pk=archived.pk).update(status=Status.ARCHIVED)
    accounts = {"admin": users["superuser"], **{name: users[name] for name in users if name != "superuser"}}
    clients = {}
    written = []
    original = changelist.ArchiveChangeList.rows

    def spy(cl):
        rows = original(cl)
        written.append(all(len(row) == 1 for row in rows))
        return rows

    compared = 0
    for name, role, path in pages():
        if role not in clients:
            clients[role] = Client()
            clients[role].force_login(accounts[role])
        monkeypatch.setattr(changelist.ArchiveChangeList, "rows", spy)
        ours = clients[role].get(path)
        if "cl" not in (ours.context or {}):
            continue
        monkeypatch.setattr(changelist.ArchiveChangeList, "rows", djangos_rows)
        theirs = clients[role].get(path)
        assert ours.status_code == theirs.status_code == 200, name
        mine, django = (BODY.findall(response.content.decode()) for response in (ours, theirs))
        assert mine == django, f"{name}: {path}"
        compared += 1
    assert compared > 60
    assert written and all(written), "every list's rows written by ArchiveChangeList.rows"


def test_row_links_keep_the_lists_filters(users):  # noqa: F811
    piece = make_article(title="带筛选的链接", publish_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC))
    client = Client()
    client.force_login(users["superuser"])
    url = reverse("admin:articles_article_changelist")
    html = client.get(url, {"status__exact": piece.status, "q": "带筛选"}).content.decode()
    change = reverse("admin:articles_article_change", args=[piece.pk])
    kept = urlencode({"_changelist_filters": urlencode({"status__exact": piece.status, "q": "带筛选"})})
    assert f'<a href="{change}?{kept}"><span class="gj-title">带筛选的链接</span></a></th>' in html


def test_hostile_text_in_a_row_is_escaped_as_django_escapes_it(users, monkeypatch):  # noqa: F811
    # Rows are joined as one piece of markup and marked safe: every cell must come out
    # escaped, exactly as Django's own rows escape it.
    # The title goes through format_html; the 来源 column is a plain field's value.
    source = Source.objects.create(name='<script>alert("来源")</script>')
    make_article(title='<script>alert("标题")</script>', source=source)
    client = Client()
    client.force_login(users["superuser"])
    url = reverse("admin:articles_article_changelist")
    ours = BODY.findall(client.get(url).content.decode())
    monkeypatch.setattr(changelist.ArchiveChangeList, "rows", djangos_rows)
    theirs = BODY.findall(client.get(url).content.decode())
    assert ours == theirs
    assert "<script>" not in ours[0]
    assert "&lt;script&gt;" in ours[0]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_date_cells_are_written_as_django_writes_them(language):
    # A date or date-time column is written from its format worked out once per list
    # (_date_writer); Django's display_for_field is the reference, at Shanghai's midnights.
    from django.contrib.admin.utils import display_for_field
    from django.utils import timezone, translation

    from speeches.models import Speech

    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    moments = [
        datetime.datetime(2024, 12, 31, 15, 59, 59, tzinfo=datetime.UTC),
        datetime.datetime(2024, 12, 31, 16, 0, 0, tzinfo=datetime.UTC),
        datetime.datetime(2025, 3, 1, 0, 0, 0, tzinfo=shanghai),
        datetime.datetime(2025, 10, 9, 7, 5, 3, tzinfo=shanghai),
    ]
    days = [datetime.date(2025, 1, 1), datetime.date(2024, 2, 29), datetime.date(2025, 12, 31)]
    with translation.override(language), timezone.override("Asia/Shanghai"):
        for field, values in (
            (Speech._meta.get_field("publish_at"), moments),
            (Speech._meta.get_field("delivered_on"), days),
        ):
            write = changelist._date_writer(field)
            assert (write is not None) == (language == "zh-hans")  # English's "N j, Y, P" is left to Django
            for value in values:
                if write is not None:
                    assert write(value) == display_for_field(value, field, "-")
