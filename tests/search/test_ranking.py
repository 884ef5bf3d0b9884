"""Pages of ranked results: tiers from the index, newest first within a tier, any page alike."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search.query import Filters, Search
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiers():
    """Four headline, three summary and five body matches, published in a shuffled order;
    returns the titles in the order a reader must see them."""
    now = timezone.now()
    expected = {0: [], 1: [], 2: []}
    places = [(0, "标题"), (1, "摘要"), (2, "正文")]
    for number in range(12):
        tier, where = places[0] if number < 4 else places[1] if number < 7 else places[2]
        title = f"{where}{number}" + ("劳模风采" if tier == 0 else "")
        make_article(
            title=title,
            summary="讲述劳模故事" if tier == 1 else "无关摘要",
            body="<p>身边的劳模。</p>" if tier == 2 else "<p>无关正文。</p>",
            # Publication order unrelated to creation order (ids): 5, 10, 3, 8, 1, …
            publish_at=now - timedelta(hours=(number * 5) % 12 + 1),
        )
        expected[tier].append(((number * 5) % 12, title))
    return [title for tier in (0, 1, 2) for _hours, title in sorted(expected[tier])]


def test_every_result_in_tier_then_date_order(tiers):
    assert [row.title for row in Search("劳模").results()] == tiers


@pytest.mark.parametrize("size", [1, 2, 3, 5, 7, 11, 12, 20])
def test_pages_of_any_size_join_into_the_whole_list(tiers, size):
    results = Search("劳模").results()
    pages = [results[start : start + size] for start in range(0, len(tiers) + size, size)]
    assert [row.title for page in pages for row in page] == tiers


@pytest.mark.parametrize(("start", "stop"), [(0, 4), (4, 7), (3, 9), (6, 12), (11, 30), (12, 20), (40, 50)])
def test_a_page_starting_anywhere_holds_the_right_rows(tiers, start, stop):
    assert [row.title for row in Search("劳模").results()[start:stop]] == tiers[start:stop]


def test_a_deep_page_costs_a_fixed_number_of_queries(tiers, django_assert_max_num_queries):
    # A page in the last tier: each tier skipped whole is walked once and counted once.
    with django_assert_max_num_queries(7):
        assert [row.title for row in Search("劳模").results()[10:12]] == tiers[10:12]


@pytest.mark.parametrize("size", [1, 3, 5, 12])
def test_pages_read_after_the_count_are_the_pages_read_without_it(tiers, size):
    # PostgreSQL's count gives every match's key in order, and pages are then read by key.
    search = Search("劳模")
    results = search.results()
    assert search.count(1001, results.now) == len(tiers)
    pages = [results[start : start + size] for start in range(0, len(tiers) + size, size)]
    assert [row.title for page in pages for row in page] == tiers


def test_after_the_count_a_deep_page_is_one_query(tiers, django_assert_num_queries):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite walks each tier's own FTS5 table newest first")
    search = Search("劳模")
    results = search.results()
    search.count(1001, results.now)
    with django_assert_num_queries(1):
        assert [row.title for row in results[10:12]] == tiers[10:12]


def test_after_a_count_of_none_the_page_reads_nothing(django_assert_num_queries):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite walks each tier's own FTS5 table newest first")
    make_article(title="无关", body="<p>无关正文。</p>")
    search = Search("劳模")
    results = search.results()
    assert search.count(1001, results.now) == 0
    with django_assert_num_queries(0):
        assert results[0:10] == []


def test_within_a_page_the_better_score_comes_first_in_its_tier():
    now = timezone.now()
    make_article(title="新的", body="<p>提到一次劳模。" + "无关的话。" * 30 + "</p>", publish_at=now)
    make_article(title="旧的", body="<p>劳模劳模劳模，都是劳模。</p>", publish_at=now - timedelta(days=3))
    rows = Search("劳模").results()[:10]
    assert [row.title for row in rows] == ["旧的", "新的"]
    assert rows[0].score > rows[1].score and rows[0].tier == rows[1].tier


@pytest.mark.parametrize("query", ["大国工匠", "工匠精神", "国工"])
def test_a_long_han_term_matches_only_as_written(query):
    make_article(title="连写", body="<p>争做大国工匠，弘扬工匠精神。</p>")
    make_article(title="拆开", body="<p>大国的工匠，精神可嘉；工匠与大国。</p>")
    assert [row.title for row in Search(query).results()] == ["连写"]


def test_a_year_filter_and_a_kind_filter_walk_the_same_order():
    now = timezone.now()
    make_article(title="去年劳模甲", publish_at=now - timedelta(days=400))
    make_article(title="去年劳模乙", publish_at=now - timedelta(days=401))
    make_article(title="今年劳模", publish_at=now - timedelta(days=1))
    year = timezone.localtime(now - timedelta(days=400)).year
    titles = [row.title for row in Search("劳模", Filters(year=year)).results()]
    assert titles[:2] == ["去年劳模甲", "去年劳模乙"] and "今年劳模" not in titles


def test_results_refuse_single_rows_and_negative_slices():
    results = Search("劳模").results()
    with pytest.raises(TypeError):
        results[0]
    with pytest.raises(ValueError):
        results[-1:]


def test_sqlite_reads_the_full_text_index_first_for_any_page_size():
    from django.db import connection

    from search.backends import get_backend

    for number in range(30):
        body = "<p>身边的劳模。</p>" if number % 10 == 0 else "<p>无关。</p>"
        make_article(title=f"稿件{number}", body=body)
    assert len(Search("劳模").results()[:2]) == 2
    if connection.vendor == "sqlite":
        # Left to itself the planner may walk the live entries and run the full-text
        # query once per entry for a small page (seconds at 10,000 documents).
        search = Search("劳模")
        backend = get_backend()
        sql, params = backend._walk(search._candidates(), backend.expression(search.terms), "1")
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql} LIMIT 2", params)
            plan = [row[-1] for row in cursor.fetchall()]
        assert plan[0].startswith("SCAN search_fts") and "TEMP B-TREE" not in " ".join(plan)


def test_the_score_counts_a_term_where_the_index_matches_it():
    from search.text import Term

    assert Term("c919").occurrences("Ｃ９１９与 C9190、c919。") == 2
    assert Term("工匠精神").occurrences("工匠精神和工匠的精神，弘扬工匠精神") == 2
    assert Term("模").occurrences("劳模，模范") == 2


def test_an_edited_headline_moves_the_piece_between_tiers():
    from search.query import headline_matches

    def headline_ids():
        return headline_matches(article.kind(), "劳模", cap=10)[0]

    article = make_article(title="劳模风采", summary="无关摘要", body="<p>身边的劳模。</p>")
    assert [row.tier for row in Search("劳模").results()] == [0]
    assert headline_ids() == [article.pk]
    article.title = "车间风采"
    article.save()
    assert [row.tier for row in Search("劳模").results()] == [2]
    assert headline_ids() == []
    article.summary = "讲述劳模故事"
    article.save()
    assert [row.tier for row in Search("劳模").results()] == [1]
