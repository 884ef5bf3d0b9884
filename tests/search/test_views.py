"""The search page: results, filters, pagination, friendly messages, escaping."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Status
from search.text import MAX_QUERY_CHARS
from tests.factories import make_article, make_person, make_speech

pytestmark = pytest.mark.django_db

URL = reverse("search:results")


def test_results_page_links_highlights_and_counts(client):
    article = make_article(title="大力弘扬劳模精神", body="<p>要大力弘扬劳模精神、劳动精神。</p>")
    person = make_person(name="劳模张三")
    make_article(title="草稿劳模", status=Status.DRAFT)
    html = client.get(URL, {"q": "劳模"}).content.decode()
    assert f'href="{article.get_absolute_url()}"' in html
    assert f'href="{person.get_absolute_url()}"' in html
    assert "大力弘扬<mark>劳模</mark>精神" in html
    assert "共找到 2 条结果" in html
    assert "草稿劳模" not in html


def test_each_result_names_its_kind_and_only_pieces_carry_a_date(client):
    publish_at = timezone.make_aware(datetime(2024, 5, 1, 9, 30))
    article = make_article(title="劳模风采", publish_at=publish_at, first_published_at=publish_at)
    make_person(name="劳模李四")
    html = client.get(URL, {"q": "劳模"}).content.decode()
    local = timezone.localtime(article.publish_at)
    assert f'<time datetime="{local.isoformat()}">2024-05-01</time>' in html
    assert html.count("<time ") == 1  # the person has none
    for kind, label in (("article", "文章"), ("person", "人物")):
        item = f'<li class="search-result search-result--{kind}">'
        assert f'{item}<span class="search-result__kind">{label}</span>' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "请输入要搜索的词"),
        ("   ", "请输入要搜索的词"),
        ("劳" * (MAX_QUERY_CHARS + 1), "搜索词太长了"),
        ("。。！", "请用汉字、字母或数字搜索"),
    ],
)
def test_empty_overlong_and_punctuation_queries_get_a_friendly_message(client, query, message):
    make_article(title="劳模")
    response = client.get(URL, {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "search-results" not in html


@pytest.mark.parametrize(
    "query",
    [
        '<script>alert("劳模")</script>',
        '"><img src=x onerror=alert(1)>劳模',
        "劳模' OR 1=1 --",
        'NEAR("劳模")',
    ],
)
def test_query_is_escaped_everywhere_it_is_shown(client, query):
    make_article(title="劳模风采")
    response = client.get(URL, {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;" in html or "&#x27;" in html or "&quot;" in html


def test_type_filter_and_pagination(client):
    for number in range(12):
        make_article(title=f"劳模稿件{number:02d}")
    make_speech(title="劳模座谈会讲话")
    first = client.get(URL, {"q": "劳模", "type": "article"}).content.decode()
    assert "共找到 12 条结果" in first
    assert "劳模座谈会讲话" not in first
    assert 'rel="next"' in first
    second = client.get(URL, {"q": "劳模", "type": "article", "page": 2}).content.decode()
    assert second.count('class="search-result ') == 2
    speeches = client.get(URL, {"q": "劳模", "type": "speech"}).content.decode()
    assert "共找到 1 条结果" in speeches


@pytest.mark.parametrize(
    "params", [{"type": "bogus"}, {"year": "abc"}, {"tag": "<b>"}, {"page": "999"}, {"page": "x"}]
)
def test_bad_filter_values_are_ignored_not_errors(client, params):
    make_article(title="劳模风采")
    response = client.get(URL, {"q": "劳模", **params})
    assert response.status_code == 200
    assert "<mark>劳模</mark>风采" in response.content.decode()


def test_no_results_has_an_explicit_empty_state(client):
    make_article(title="劳模风采")
    html = client.get(URL, {"q": "航天"}).content.decode()
    assert "没有找到相关内容" in html
    assert "风采" not in html


def test_counting_stops_at_the_cap_and_says_more_than(client, monkeypatch):
    from search import views

    monkeypatch.setattr(views, "MAX_COUNTED", 3)
    for number in range(5):
        make_article(title=f"劳模稿件{number}")
    html = client.get(URL, {"q": "劳模"}).content.decode()
    assert "找到超过 3 条结果" in html
    assert "共找到" not in html
    assert html.count('class="search-result ') == 3


def test_tag_filter_is_named_by_the_tag_and_can_be_dropped(client):
    make_article(title="劳模风采", tags=["劳模精神"])
    make_article(title="劳模访谈")
    html = client.get(URL, {"q": "劳模", "tag": "laomo-jingshen", "page": "1"}).content.decode()
    assert "只看标签：劳模精神" in html
    assert "laomo-jingshen</p>" not in html
    assert "<mark>劳模</mark>风采" in html and "访谈" not in html
    assert '<a href="?q=%E5%8A%B3%E6%A8%A1">取消标签筛选</a>' in html
    assert '<input type="hidden" name="tag" value="laomo-jingshen">' in html


def test_a_tag_only_unpublished_pieces_carry_is_not_named(client):
    make_article(title="劳模新品", tags=["秘密新品"], status=Status.DRAFT)
    make_article(title="劳模访谈")
    html = client.get(URL, {"q": "劳模", "tag": "mimi-xinpin"}).content.decode()
    assert "秘密新品" not in html and "新品" not in html
    assert "只看标签：mimi-xinpin" in html and "没有找到" in html


def test_a_tag_page_searches_within_its_tag(client):
    make_article(title="劳模风采", tags=["劳模精神"])
    html = client.get(reverse("portal:tag", kwargs={"slug": "laomo-jingshen"})).content.decode()
    form = html[
        html.index('<form class="inline-search"') : html.index("</form>", html.index('class="inline-search"'))
    ]
    assert f'action="{URL}"' in form
    assert '<input type="hidden" name="tag" value="laomo-jingshen">' in form
    assert "在“劳模精神”中搜索" in form


def test_no_results_says_so_once_without_a_zero_count(client):
    make_article(title="劳模风采")
    html = client.get(URL, {"q": "航天"}).content.decode()
    assert html.count("没有找到相关内容") == 1
    assert "共找到 0 条结果" not in html


def test_the_result_count_does_not_rank(client):
    # Ranking through the FTS join made SQLite run MATCH once per live row just to count.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(3):
        make_article(title=f"劳模稿件{number}")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(URL, {"q": "劳模"}).content.decode()
    assert "共找到 3 条结果" in html
    # The count (on PostgreSQL with each match's key and tier), and every other statement.
    searched = [query["sql"] for query in captured.captured_queries if "search_" in query["sql"]]
    assert searched and not [sql for sql in searched if "bm25" in sql or "ts_rank" in sql]


def _search_queries(client, params):
    """The page's HTML and how many statements the search itself ran (not the page
    cache's once-per-change reads of the next publication moment)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        html = client.get(URL, params).content.decode()
    searched = [
        query for query in captured.captured_queries if "search_" in query["sql"] or "enable_" in query["sql"]
    ]
    return html, len(searched)


@pytest.mark.parametrize("matches", [5, 50])
def test_the_search_page_runs_a_fixed_number_of_queries(client, matches):
    for number in range(matches):
        make_article(title=f"劳模稿件{number}" if number % 2 else f"稿件{number}", body="<p>身边的劳模。</p>")
    first, first_queries = _search_queries(client, {"q": "劳模"})
    last, last_queries = _search_queries(client, {"q": "劳模", "page": "last"})
    # The capped count and each tier's rows until the page is full; a deep page also
    # counts the tiers it skips. On PostgreSQL the count, and the rows of a query that
    # matches few, sit between two statements pointing the planner at the GIN index.
    assert first_queries <= 8 and last_queries <= 10
    assert f"共找到 {matches} 条结果" in first
    assert first.count('class="search-result ') == min(10, matches)
    assert last.count('class="search-result ') == matches - 10 * ((matches - 1) // 10)


def test_a_cached_search_page_never_outlives_a_publication(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    make_article(title="劳模旧稿")
    first = client.get(URL, {"q": "劳模"})
    assert client.get(URL, {"q": "劳模"})["X-Page-Cache"] == "hit"
    fresh = make_article(title="刚发布的劳模新稿")
    response = client.get(URL, {"q": "劳模"})
    html = response.content.decode()
    assert first["X-Page-Cache"] == "miss" and response["X-Page-Cache"] == "miss"
    assert f'href="{fresh.get_absolute_url()}"' in html and "共找到 2 条结果" in html
    fresh.status = Status.UNPUBLISHED
    fresh.save()
    assert "刚发布的劳模新稿" not in client.get(URL, {"q": "劳模"}).content.decode()


def test_counting_leaves_the_planner_settings_as_they_were(client):
    from django.db import connection

    make_article(title="劳模风采")
    assert "共找到 1 条结果" in client.get(URL, {"q": "劳模"}).content.decode()
    if connection.vendor == "postgresql":  # the settings the count changes are PostgreSQL's
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            seqscan = cursor.fetchone()[0]
            cursor.execute("SHOW enable_indexscan")
            assert (seqscan, cursor.fetchone()[0]) == ("on", "on")


def _postgresql_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate and the probe are PostgreSQL's")


def test_a_word_most_documents_hold_is_past_the_cap_without_being_counted(client, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from search import views

    _postgresql_only()
    monkeypatch.setattr(views, "MAX_COUNTED", 3)
    for number in range(8):
        make_article(title=f"稿件{number}", body="<p>身边的劳模。</p>")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(URL, {"q": "劳模"}).content.decode()
    assert "找到超过 3 条结果" in html
    assert html.count('class="search-result ') == 3
    # No statement read the matches one by one up to the cap.
    assert not [
        query for query in captured.captured_queries if 'COUNT(*) FROM (SELECT "search_' in query["sql"]
    ]


def test_a_phrase_whose_bigrams_every_document_holds_apart_is_still_counted(client, monkeypatch):
    from django.db import connection

    from search import views

    _postgresql_only()
    monkeypatch.setattr(views, "MAX_COUNTED", 3)
    for number in range(8):
        make_article(title=f"稿件{number}", body="<p>大国工匠与中国。</p>")
    make_article(title="中国工匠的故事")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    # 中国, 国工 and 工匠 are in every document, so the planner guesses nine; one holds the phrase.
    html = client.get(URL, {"q": "中国工匠"}).content.decode()
    assert "共找到 1 条结果" in html and "超过" not in html


def test_a_headline_tier_of_a_common_word_is_read_newest_first_among_the_newest(client, monkeypatch):
    from datetime import timedelta

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from search import query, views

    _postgresql_only()
    monkeypatch.setattr(views, "MAX_COUNTED", 3)
    monkeypatch.setattr(query, "FEW", 2)  # past the cap is many
    now = timezone.now()
    for number in range(12):
        make_article(
            title=f"劳模稿件{number:02d}",
            body="<p>身边的劳模。</p>",
            publish_at=now - timedelta(hours=12 - number),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchentry")
    with CaptureQueriesContext(connection) as captured:
        html = client.get(URL, {"q": "劳模"}).content.decode()
    assert "找到超过 3 条结果" in html
    shown = [f"稿件{number:02d}" for number in range(12) if f"稿件{number:02d}<" in html]
    assert shown == ["稿件09", "稿件10", "稿件11"]  # a page of three under this cap
    # Found by the walk through the newest candidates, with nothing read after it.
    assert "COALESCE(search_searchentry.head_vector @@" in captured.captured_queries[-1]["sql"]
