"""The admin at archive scale (editorial/changelist.py, editorial/admin_search.py): the date
navigation, deep pages, capped counts and the indexed search still give the right rows,
and every admin page an editor uses costs the same number of queries at two sizes."""

import datetime
import random
import zoneinfo

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleAuthor
from bench.admin_bench import pages
from editorial import admin_search, changelist, workflow
from editorial.models import AuditEntry, Comment, Revision, Status
from events.models import Event
from tests.editorial.roles import draft_article, ensure_roles, users  # noqa: F401
from tests.factories import make_article, make_column, make_event, make_person, make_speech
from tests.galleries.helpers import make_gallery
from tests.images.helpers import make_image

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
LIST = reverse("admin:articles_article_changelist")


def local(*args):
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def titles(response):
    return [piece.title for piece in response.context["cl"].result_list]


@pytest.fixture
def chief(client, users):  # noqa: F811
    client.force_login(users["superuser"])
    return client


# -- date navigation ----------------------------------------------------------------------

# Each pair straddles a local boundary that UTC puts elsewhere: Shanghai's new year starts
# at 16:00 UTC on 31 December.
BOUNDARY_PIECES = {
    "旧年最后一秒": local(2024, 12, 31, 23, 59, 59),
    "新年第一秒": local(2025, 1, 1, 0, 0, 0),
    "二月最后一秒": local(2025, 2, 28, 23, 59, 59),
    "三月第一秒": local(2025, 3, 1, 0, 0, 0),
    "前年年中": local(2023, 6, 15, 8, 0, 0),
}


@pytest.fixture
def boundary_pieces(db):
    return {title: make_article(title=title, publish_at=moment) for title, moment in BOUNDARY_PIECES.items()}


def test_date_navigation_offers_the_local_years(chief, boundary_pieces):
    html = chief.get(LIST).content.decode()
    for year in (2023, 2024, 2025):
        assert f"?publish_at__year={year}" in html
    assert "?publish_at__year=2022" not in html and "?publish_at__year=2026" not in html


@pytest.mark.parametrize(
    ("params", "months_or_days", "rows"),
    [
        ({"publish_at__year": 2024}, ["publish_at__month=12"], ["旧年最后一秒"]),
        (
            {"publish_at__year": 2025},
            ["publish_at__month=1&", "publish_at__month=2&", "publish_at__month=3&"],
            None,
        ),
        ({"publish_at__year": 2025, "publish_at__month": 1}, ["publish_at__day=1"], ["新年第一秒"]),
        ({"publish_at__year": 2025, "publish_at__month": 2}, ["publish_at__day=28"], ["二月最后一秒"]),
        ({"publish_at__year": 2025, "publish_at__month": 3, "publish_at__day": 1}, [], ["三月第一秒"]),
    ],
)
def test_date_navigation_cuts_at_shanghai_midnight(chief, boundary_pieces, params, months_or_days, rows):
    response = chief.get(LIST, params)
    html = response.content.decode()
    for link in months_or_days:
        assert link in html.replace("&amp;", "&") + "&"
    if rows is not None:
        assert titles(response) == rows
    if params.get("publish_at__year") == 2025 and "publish_at__month" not in params:
        assert sorted(titles(response)) == sorted(["新年第一秒", "二月最后一秒", "三月第一秒"])
        assert "publish_at__month=4" not in html and "publish_at__month=12" not in html


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_date_navigation_agrees_with_djangos_own_at_every_level(db, seed):
    """Pieces at random moments near local midnights: the index-read periods are Django's."""
    rng = random.Random(seed)
    for n in range(40):
        day = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(0, 800))
        moment = local(day.year, day.month, day.day) + datetime.timedelta(
            seconds=rng.choice([-1, 0, 1, 3600])
        )
        make_article(title=f"随机{n}", publish_at=moment)
    queryset = Article.objects.all()
    bounds = changelist.date_range(queryset, "publish_at")
    years = [moment.date() for moment in queryset.datetimes("publish_at", "year")]
    assert changelist.dates_with_rows(queryset, "publish_at", bounds) == years
    for year in {y.year for y in years}:
        months = [
            moment.date()
            for moment in queryset.filter(
                publish_at__gte=local(year, 1, 1), publish_at__lt=local(year + 1, 1, 1)
            ).datetimes("publish_at", "month")
        ]
        assert changelist.dates_with_rows(queryset, "publish_at", bounds, year) == months
        # The list as the chosen year and another filter leave it: the same months of those rows.
        chosen = queryset.filter(
            publish_at__gte=local(year, 1, 1), publish_at__lt=local(year + 1, 1, 1), title__contains="1"
        )
        assert changelist.dates_with_rows(chosen, "publish_at", bounds, year) == [
            moment.date() for moment in chosen.datetimes("publish_at", "month")
        ]
        for month in months:
            start = local(month.year, month.month, 1)
            end = local(month.year + month.month // 12, month.month % 12 + 1, 1)
            days = [
                moment.date()
                for moment in queryset.filter(publish_at__gte=start, publish_at__lt=end).datetimes(
                    "publish_at", "day"
                )
            ]
            assert changelist.dates_with_rows(queryset, "publish_at", bounds, year, month.month) == days


def test_date_navigation_of_a_date_column_agrees_with_djangos(db):
    for offset in (0, 30, 31, 365, 400):
        make_event(start_date=datetime.date(2024, 1, 1) + datetime.timedelta(days=offset))
    queryset = Event.objects.all()
    bounds = changelist.date_range(queryset, "start_date")
    assert changelist.dates_with_rows(queryset, "start_date", bounds) == list(
        queryset.dates("start_date", "year")
    )
    assert changelist.dates_with_rows(queryset, "start_date", bounds, 2024) == list(
        queryset.filter(start_date__year=2024).dates("start_date", "month")
    )


def test_date_navigation_of_a_list_searched_across_tags(chief):
    # Searching images reads their tags' names, as a subquery: no row twice, no DISTINCT.
    image = make_image(title="车间一角")
    image.tags.add("车间", "车间安全")
    response = chief.get(reverse("admin:images_image_changelist"), {"q": "车间"})
    assert [image.title for image in response.context["cl"].result_list] == ["车间一角"]
    assert not response.context["cl"].queryset.query.distinct
    assert f"created_at__year={timezone.localdate().year}" in response.content.decode()


def test_date_navigation_of_a_searched_list_offers_the_periods_between_its_matches(chief, boundary_pieces):
    # Asking each period for a match would test the search on every row of the periods
    # without one (a scan of the audit log per year): a searched list offers every period
    # from its first match to its last, unasked.
    make_article(title="检索甲", publish_at=local(2023, 6, 1, 12))
    make_article(title="检索乙", publish_at=local(2025, 3, 1, 12))
    response = chief.get(LIST, {"q": "检索"})
    assert sorted(titles(response)) == ["检索乙", "检索甲"]
    html = response.content.decode().replace("&amp;", "&")
    assert [f"publish_at__year={year}" in html for year in (2022, 2023, 2024, 2025, 2026)] == [
        False,
        True,
        True,  # between the matches, though it holds none
        True,
        False,
    ]
    html = chief.get(LIST, {"q": "检索", "publish_at__year": 2025}).content.decode().replace("&amp;", "&")
    assert "publish_at__month=3&" in html and "publish_at__month=1&" not in html
    # Unsearched, each period is still asked: 2025 holds pieces in its first three months only.
    html = chief.get(LIST, {"publish_at__year": 2025}).content.decode().replace("&amp;", "&") + "&"
    assert [f"publish_at__month={month}&" in html for month in (1, 2, 3, 4)] == [True, True, True, False]


def test_date_navigation_of_an_empty_list_offers_nothing(chief, users):  # noqa: F811
    draft_article(users["zuozhe"])  # no publish time
    response = chief.get(LIST)
    assert response.status_code == 200
    assert "publish_at__year=" not in response.content.decode()


# -- deep pages, capped counts, sorting -----------------------------------------------------


@pytest.fixture
def many(db):
    now = timezone.now()
    # Titles repeat, so a sort by title needs its tie-break.
    return [
        make_article(title=f"标题{n % 7}", publish_at=now - datetime.timedelta(minutes=n)) for n in range(130)
    ]


@pytest.mark.parametrize("order", ["", "1", "-1"])
def test_deep_pages_hold_the_rows_offset_would_give(chief, many, monkeypatch, order):
    monkeypatch.setattr(changelist, "SHALLOW", 0)  # every page reads its keys first
    params = {"o": order} if order else {}
    seen = []
    for page in (1, 2, 3):
        response = chief.get(LIST, {**params, "p": page})
        seen += [piece.pk for piece in response.context["cl"].result_list]
    if order == "1":
        expected = sorted(many, key=lambda piece: (piece.title, piece.pk))
    elif order == "-1":
        expected = sorted(many, key=lambda piece: (piece.title, piece.pk), reverse=True)
    else:
        expected = sorted(many, key=lambda piece: (piece.publish_at, piece.pk), reverse=True)
    assert seen == [piece.pk for piece in expected]


@pytest.mark.parametrize("order", ["", "1", "-1"])
def test_pages_near_the_end_read_backwards_hold_the_same_rows(chief, many, monkeypatch, order):
    """The back half's pages read their keys from the end (CappedPaginator.page): the same
    rows as reading forwards, pieces without a date (placed first or last by the database)
    included."""
    Article.objects.filter(pk__in=[piece.pk for piece in many[::9]]).update(publish_at=None)
    params = {"o": order} if order else {}

    def pages(shallow):
        monkeypatch.setattr(changelist, "SHALLOW", shallow)
        return [
            [piece.pk for piece in chief.get(LIST, {**params, "p": page}).context["cl"].result_list]
            for page in (1, 2, 3)
        ]

    backwards, forwards = pages(0), pages(10_000)
    assert backwards == forwards and len(backwards[2]) == 30


def test_a_sort_breaks_ties_in_its_own_direction(chief, many):
    cl = chief.get(LIST, {"o": "1"}).context["cl"]
    assert cl.get_ordering(None, cl.queryset)[-1] == "pk"
    cl = chief.get(LIST, {"o": "-1"}).context["cl"]
    assert cl.get_ordering(None, cl.queryset)[-1] == "-pk"


def test_a_count_past_the_cap_says_more_than(chief, many, monkeypatch):
    monkeypatch.setattr(changelist.CappedPaginator, "ahead", 100)
    response = chief.get(LIST)
    assert response.context["cl"].result_count == 101
    assert "超过 100 文章" in response.content.decode()
    # The last page it offers counts further on: all 130, its rows in order.
    last = chief.get(LIST, {"p": 3})
    assert last.status_code == 200 and last.context["cl"].result_count == 130
    everything = sorted(many, key=lambda piece: (piece.publish_at, piece.pk), reverse=True)
    assert [piece.pk for piece in last.context["cl"].result_list] == [piece.pk for piece in everything[100:]]
    assert "130 文章" in last.content.decode()
    # Past the last row there is no page, whatever the count ahead.
    assert chief.get(LIST, {"p": 4}).status_code == 302
    monkeypatch.setattr(changelist.CappedPaginator, "ahead", 1000)
    assert "130 文章" in chief.get(LIST).content.decode()


def test_deep_pages_cost_the_same_queries_at_two_depths(chief, many, monkeypatch):
    monkeypatch.setattr(changelist, "SHALLOW", 0)
    chief.get(LIST)  # an editor at work: the header's figures are kept after the first page
    counts = []
    for page in (2, 3):
        with CaptureQueriesContext(connection) as queries:
            assert chief.get(LIST, {"p": page}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


CAPPED_COUNT = "SELECT COUNT(*) FROM (SELECT"  # CappedPaginator's (the header's counts are others)


def test_a_deep_page_of_an_unfiltered_list_counts_with_its_keys(chief, many, monkeypatch):
    """Its keys and the count ahead are one walk of the ordering's index (no COUNT query);
    a filtered list still counts on its own (its count may read a narrower index)."""
    monkeypatch.setattr(changelist, "SHALLOW", 0)
    monkeypatch.setattr(changelist.CappedPaginator, "ahead", 60)
    everything = sorted(many, key=lambda piece: (piece.publish_at, piece.pk), reverse=True)
    for page, count in ((2, 111), (3, 130)):  # capped at 50 + 60 + 1; then exact
        with CaptureQueriesContext(connection) as queries:
            cl = chief.get(LIST, {"p": page}).context["cl"]
        assert cl.result_count == count
        assert [piece.pk for piece in cl.result_list] == [
            piece.pk for piece in everything[(page - 1) * 50 :][:50]
        ]
        assert not any(CAPPED_COUNT in query["sql"] for query in queries)
    with CaptureQueriesContext(connection) as queries:
        cl = chief.get(LIST, {"p": 2, "status__exact": "published"}).context["cl"]
    assert [piece.pk for piece in cl.result_list] == [piece.pk for piece in everything[50:100]]
    assert any(CAPPED_COUNT in query["sql"] for query in queries)


# -- search ---------------------------------------------------------------------------------


@pytest.fixture
def searchable(users):  # noqa: F811
    return {
        "published": make_article(title="大国工匠的一天", slug="daguo-gongjiang-yitian"),
        "subtitle": make_article(title="车间里的青年", subtitle="记一位年轻工匠"),
        "body_only": make_article(title="普通新闻", body="<p>正文里提到工匠。</p>"),
        "draft": draft_article(users["zuozhe"], title="工匠草稿"),
        "other_draft": draft_article(users["zebian"], title="别人的工匠草稿"),
        "in_review": make_article(title="送审的工匠稿", status=Status.REVIEW_1, created_by=users["zuozhe"]),
        "unrelated": make_article(title="劳动模范"),
    }


def test_search_finds_headlines_through_the_index_and_unindexed_pieces_by_like(chief, searchable):
    found = set(titles(chief.get(LIST, {"q": "工匠"})))
    assert found == {"大国工匠的一天", "车间里的青年", "工匠草稿", "别人的工匠草稿", "送审的工匠稿"}


def test_search_finds_an_approved_piece_without_a_date_which_the_index_does_not_hold(chief, searchable):
    make_article(title="待定日期的工匠稿", status=Status.APPROVED, publish_at=None)
    assert "待定日期的工匠稿" in titles(chief.get(LIST, {"q": "工匠"}))


def test_search_finds_an_exact_address(chief, searchable):
    assert titles(chief.get(LIST, {"q": "daguo-gongjiang-yitian"})) == ["大国工匠的一天"]


def test_search_keeps_an_authors_own_pieces_only(client, users, searchable):  # noqa: F811
    client.force_login(users["zuozhe"])
    assert set(titles(client.get(LIST, {"q": "工匠"}))) == {"工匠草稿", "送审的工匠稿"}


# FEW 0: the index holds more headlines than that; 2: it holds two, but three pieces it
# does not hold match too. Either way the word is common: the list is walked with LIKE.
@pytest.mark.parametrize("few", [0, 2])
def test_a_common_word_is_searched_by_walking_the_list(client, users, searchable, monkeypatch, few):  # noqa: F811
    monkeypatch.setattr(admin_search, "FEW", few)
    client.force_login(users["superuser"])
    found = set(titles(client.get(LIST, {"q": "工匠"})))
    assert found == {"大国工匠的一天", "车间里的青年", "工匠草稿", "别人的工匠草稿", "送审的工匠稿"}
    assert titles(client.get(LIST, {"q": "工匠 青年"})) == ["车间里的青年"]
    client.force_login(users["zuozhe"])
    assert set(titles(client.get(LIST, {"q": "工匠"}))) == {"工匠草稿", "送审的工匠稿"}


def test_a_search_counts_fewer_rows_ahead(chief, many, monkeypatch):
    monkeypatch.setattr(admin_search, "FEW", 0)
    monkeypatch.setattr(changelist, "SEARCH_COUNT_AHEAD", 10)
    response = chief.get(LIST, {"q": "标题"})
    assert response.context["cl"].result_count == 11
    assert "超过 10 文章" in response.content.decode()
    assert chief.get(LIST).context["cl"].result_count == 130


@pytest.fixture
def library(db):
    """Images, people and events whose words sit in different fields, some in Latin letters."""
    make_image(title="车间一角", alt="")
    make_image(title="高炉", alt="Workshop at dawn")
    make_image(title="夜班", caption="车间里的夜班", photographer="王师傅")
    tagged = make_image(title="无题", alt="")
    tagged.tags.add("车间", "车间安全")  # two tags matching: the image is still one row
    make_image(title="码头", source="工人日报 WORKSHOP 版")
    make_person(name="王进喜", aliases="铁人", slug="wang-jinxi")
    make_person(name="王海", slug="wang-hai")
    make_person(name="许振超", aliases="“许大拿”")
    make_person(name="Li Wang", slug="li-wang")
    make_event(name="全国劳动模范表彰大会", place="北京")
    make_event(name="技能大赛", place="大会堂")
    make_event(name="Workers Congress", place="Wuhan")
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import AuditEntry

    piece = ContentType.objects.get(app_label="articles", model="article")
    for repr_, actor, opinion, code in (
        ("大国工匠", "王编辑", "", "approved"),
        ("炉前", "Li Wang", "标题里写上工匠", "returned"),
        ("码头", "许振超", "Good", "submitted"),
    ):
        AuditEntry.objects.create(
            content_type=piece, object_id=1, object_repr=repr_, actor_name=actor, opinion=opinion, code=code
        )


# Django's own search (ModelAdmin.get_search_results, DISTINCT when it joins tags) is what
# the list's search must still find: a word in any search field, any letter case.
@pytest.mark.parametrize(
    "changelist_name, query",
    [
        ("images_image", "车间"),
        ("images_image", "workshop"),
        ("images_image", "车间 夜班"),
        ("images_image", "王"),
        ("images_image", "安全"),
        ("images_image", "无此词"),
        ("people_person", "王"),
        ("people_person", "WANG"),
        ("people_person", "铁人"),
        ("people_person", "许大拿"),
        ("events_event", "大会"),
        ("events_event", "congress"),
        ("events_event", "北京 大会"),
        ("editorial_auditentry", "工匠"),
        ("editorial_auditentry", "wang"),
        ("editorial_auditentry", "GOOD 码头"),
        ("editorial_auditentry", "王 工匠"),
    ],
)
def test_a_searched_list_holds_the_rows_djangos_search_finds(chief, library, changelist_name, query):
    from django.contrib import admin

    response = chief.get(reverse(f"admin:{changelist_name}_changelist"), {"q": query})
    cl = response.context["cl"]
    found = [row.pk for row in cl.result_list]
    model_admin = cl.model_admin
    queryset = model_admin.model.objects.all()
    expected, duplicates = admin.ModelAdmin.get_search_results(model_admin, None, queryset, query)
    expected = expected.distinct() if duplicates else expected
    assert sorted(found) == sorted(expected.values_list("pk", flat=True))
    assert len(found) == len(set(found))
    assert not cl.queryset.query.distinct
    if query != "无此词":
        assert found


@pytest.mark.parametrize("query", ["", "   ", "！？", "'; DROP TABLE x; --", '"工匠', "工匠*", "a" * 300])
def test_search_survives_hostile_queries(chief, searchable, query):
    response = chief.get(LIST, {"q": query})
    assert response.status_code == 200
    if query.strip('"*') == "工匠":
        assert "大国工匠的一天" in titles(response)


# -- the audit log's filters ----------------------------------------------------------------


def test_audit_event_and_type_filters_read_the_right_entries(chief, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="审计筛选")
    workflow.transition(piece, "submit", users["zuozhe"])
    workflow.transition(piece, "approve", users["zebian"])
    speech = make_speech(title="讲话审计", status=Status.DRAFT, publish_at=None, created_by=users["zuozhe"])
    workflow.transition(speech, "submit", users["zuozhe"])
    url = reverse("admin:editorial_auditentry_changelist")
    approved = chief.get(url, {"event": "approved"}).context["cl"].result_list
    assert [entry.code for entry in approved] == ["gongjiang.article.approved"]
    speech_type = ContentType.objects.get_for_model(speech)
    entries = chief.get(url, {"content_type__id__exact": speech_type.pk}).context["cl"].result_list
    assert {entry.object_id for entry in entries} == {speech.pk}
    assert {entry.code for entry in entries} >= {"gongjiang.speech.submitted"}
    # The 内容类型 filter offers the types that have entries, and only those.
    response = chief.get(url)
    spec = next(
        spec
        for spec in response.context["cl"].filter_specs
        if getattr(spec, "parameter_name", "") == "content_type__id__exact"
    )
    offered = {pk for pk, _name in spec.lookup_choices}
    assert offered == set(AuditEntry.objects.values_list("content_type", flat=True))
    assert speech_type.pk in offered
    # Kept until the next change: a type's first entry puts it among the choices at once.
    gallery = make_gallery(title="图集审计", status=Status.DRAFT, publish_at=None, created_by=users["zuozhe"])
    workflow.transition(gallery, "submit", users["zuozhe"])
    html = chief.get(url).content.decode()
    assert f"content_type__id__exact={ContentType.objects.get_for_model(gallery).pk}" in html
    # Each row links to its piece's change page, as reverse() writes it.
    assert reverse("admin:galleries_gallery_change", args=[gallery.pk]) in html
    assert reverse("admin:articles_article_change", args=[piece.pk]) in html


def test_audit_status_filter_and_its_date_navigation(chief, users, time_machine):  # noqa: F811
    url = reverse("admin:editorial_auditentry_changelist")
    time_machine.move_to(local(2024, 12, 31, 23, 30))
    old = draft_article(users["zuozhe"], title="旧年送审")
    workflow.transition(old, "submit", users["zuozhe"])
    time_machine.move_to(local(2025, 1, 1, 0, 30))
    new = draft_article(users["zuozhe"], title="新年送审")
    workflow.transition(new, "submit", users["zuozhe"])
    workflow.transition(new, "approve", users["zebian"])
    response = chief.get(url, {"to_status__exact": Status.REVIEW_1})
    assert {entry.object_repr for entry in response.context["cl"].result_list} == {"旧年送审", "新年送审"}
    html = response.content.decode()
    assert "created_at__year=2024" in html and "created_at__year=2025" in html
    # Approved only in the new year, Shanghai time (16:30 UTC on 31 December).
    response = chief.get(url, {"to_status__exact": Status.REVIEW_2})
    assert [entry.object_repr for entry in response.context["cl"].result_list] == ["新年送审"]
    html = response.content.decode()
    assert "created_at__year=2024" not in html


# -- query budgets ------------------------------------------------------------------------


def grow(users, count):  # noqa: F811
    """``count`` pieces of each kind with what editors see around them: history, bylines,
    people, events, images, comments."""
    column = make_column(name=f"子栏目{count}", parent=make_column(name=f"栏目{count}"))
    now = timezone.now()
    for n in range(count):
        person = make_person(name=f"人物{count}-{n}")
        event = make_event(
            name=f"活动{count}-{n}", start_date=timezone.localdate() - datetime.timedelta(days=n)
        )
        article = make_article(
            title=f"工匠文章{count}-{n}",
            column=column,
            created_by=users["zuozhe"],
            publish_at=now - datetime.timedelta(days=n),
            tags=["劳模"],
        )
        ArticleAuthor.objects.create(article=article, person=person, position="记者")
        article.events.add(event)
        make_speech(title=f"工匠讲话{count}-{n}", speaker=person, occasion=event, created_by=users["zuozhe"])
        piece = draft_article(users["zuozhe"], title=f"待审{count}-{n}")
        workflow.transition(piece, "submit", users["zuozhe"])
        workflow.save_piece(article, users["zongbian"], expected_version=article.version)
        Comment.objects.create(
            content_type=ContentType.objects.get_for_model(article),
            object_id=article.pk,
            author=users["zebian"],
            body="请核实",
        )
        if n % 10 == 0:
            image = make_image(title=f"图片{count}-{n}", uploaded_by=users["superuser"])
        make_gallery(
            pictures=[image], title=f"工匠图集{count}-{n}", column=column, created_by=users["zuozhe"]
        )


def page_queries(client_for):
    counts = {}
    warmed = set()
    for name, role, path in pages():
        client = client_for(role)
        if role not in warmed:  # an editor at work: the desk and its figures are kept since the last save
            client.get(reverse("admin:index"))
            warmed.add(role)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, f"{name}: {response.status_code} {path}"
        counts[name] = len(queries)
    return counts


def test_every_admin_page_costs_the_same_queries_at_5_and_50_pieces(users, time_machine):  # noqa: F811
    from django.test import Client

    # The clock stands still at a local noon: a value kept by editorial.cache.fresh_memo
    # (tag counts, live totals) lives at most PAGE_CACHE_SECONDS, and on a slow machine the
    # 150 pages outlast it, so one page or another would count its recomputation at one
    # size and not at the other (a constant, not growth with the archive).
    time_machine.move_to(datetime.datetime(2026, 6, 15, 12, 0, tzinfo=SHANGHAI), tick=False)

    ensure_roles()
    accounts = {
        "admin": users["superuser"],
        **{name: users[name] for name in ("zuozhe", "zebian", "zhuren", "zongbian")},
    }
    clients = {}

    def client_for(role):
        if role not in clients:
            clients[role] = Client()
            clients[role].force_login(accounts[role])
            # An editor already at work: the first page after logging in fills per-user caches.
            clients[role].get(reverse("admin:index"))
        return clients[role]

    users["superuser"].username = "admin"  # the bench's name for the superuser
    users["superuser"].save()
    # A running server has every content type cached after its first pages; so do we.
    ContentType.objects.get_for_models(*apps.get_models())
    grow(users, 5)
    small = page_queries(client_for)
    grow(users, 45)
    large = page_queries(client_for)
    assert len(small) > 80
    changed = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert not changed, f"pages whose query count grows with the archive: {changed}"
    assert max(large.values()) <= 40, max(large.items(), key=lambda item: item[1])


def test_revisions_and_audit_of_a_piece_are_listed_from_their_indexes(chief, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], title="修订")
    for n in range(3):
        piece.title = f"修订{n}"
        workflow.save_piece(piece, users["zuozhe"], expected_version=piece.version)
    assert Revision.for_piece(piece).count() >= 3
    assert AuditEntry.for_piece(piece).count() >= 3
    meta = Article._meta
    response = chief.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_revisions", args=[piece.pk]))
    assert response.status_code == 200 and "修订2" in response.content.decode()
