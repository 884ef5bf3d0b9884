"""The search engine: tokens, live filtering at query time, index upkeep, hostile input."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from editorial.models import Status
from search.models import SearchEntry
from search.query import Filters, QueryError, Search, highlight, snippet, validate
from search.text import MAX_QUERY_CHARS, index_tokens
from speeches.models import SpeechSection
from tests.factories import make_article, make_event, make_person, make_speech

pytestmark = pytest.mark.django_db


def titles(query, **filters):
    return [entry.title for entry in Search(query, Filters(**filters)).results()]


def test_tokens_hold_jieba_words_bigrams_and_latin_words():
    tokens = index_tokens("首届大国工匠创新交流大会，C919、5G 与２０２２年")
    assert {"大国", "国工", "工匠", "c919", "5g", "2022"} <= set(tokens)
    assert "大国工匠创新交流大会" not in tokens


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("5G", "5G基站建设"),
        ("5g", "5G基站建设"),
        ("C919", "C919大飞机总装"),
        ("2022", "2022年劳模表彰"),
        ("２０２２", "2022年劳模表彰"),
        ("大飞机", "C919大飞机总装"),
        ("飞", "C919大飞机总装"),
        ("装", "C919大飞机总装"),
    ],
)
def test_latin_words_numbers_and_single_characters_match(query, found):
    for title in ("5G基站建设", "C919大飞机总装", "2022年劳模表彰", "15G以上"):
        make_article(title=title, body="<p>正文。</p>")
    result = titles(query)
    assert found in result
    assert "15G以上" not in result or query not in ("5G", "5g")


def test_a_new_two_character_word_jieba_does_not_know_still_matches():
    make_article(title="新闻", body="<p>今年出现了新词囧萌，大家都在用。</p>")
    make_article(title="别的", body="<p>囧字和萌字分开出现：囧，萌。</p>")
    assert titles("囧萌") == ["新闻"]


def test_bigrams_never_match_across_punctuation():
    make_article(title="断开", body="<p>铁，人。</p>")
    assert titles("铁人") == []


def test_recent_above_old_when_equal():
    now = timezone.now()
    make_article(
        title="老稿 劳模", body="<p>同样的正文</p>", summary="同", publish_at=now - timedelta(days=9)
    )
    make_article(
        title="新稿 劳模", body="<p>同样的正文</p>", summary="同", publish_at=now - timedelta(days=1)
    )
    assert titles("劳模") == ["新稿 劳模", "老稿 劳模"]


def test_title_then_summary_then_body():
    make_article(title="正文里有", summary="无关摘要", body="<p>工匠精神</p>")
    make_article(title="摘要里有", summary="弘扬工匠精神", body="<p>无关</p>")
    make_article(title="标题有工匠精神", summary="无关摘要", body="<p>无关</p>")
    assert titles("工匠精神") == ["标题有工匠精神", "摘要里有", "正文里有"]


@pytest.mark.parametrize(
    ("field", "value", "query"),
    [
        ("kicker", "深入学习贯彻新思想", "深入学习贯彻"),
        ("subtitle", "——在全市劳动模范座谈会上的讲话", "座谈会上的讲话"),
        ("short_title", "铁人精神永放光芒", "永放光芒"),
    ],
)
def test_words_beside_the_title_match_and_rank_as_the_title(field, value, query):
    make_article(title="正文里有", body=f"<p>{query}</p>", publish_at=timezone.now())
    make_article(
        title="标题旁边有",
        body="<p>无关</p>",
        publish_at=timezone.now() - timedelta(days=9),
        **{field: value},
    )
    assert titles(query) == ["标题旁边有", "正文里有"]


def test_a_speech_salutation_and_an_article_author_note_are_searchable():
    make_speech(title="一篇讲话", salutation="尊敬的各位来宾、同志们：")
    make_article(title="一篇理论文章", author_note="作者为中国劳动关系学院教授")
    assert titles("各位来宾") == ["一篇讲话"]
    assert titles("劳动关系学院") == ["一篇理论文章"]


def test_a_persons_alias_ranks_as_their_name():
    make_article(title="石油战线的故事", body="<p>人们都叫他铁人。</p>", publish_at=timezone.now())
    make_person(name="王进喜", aliases="铁人")
    assert titles("铁人") == ["王进喜", "石油战线的故事"]


def test_scheduled_piece_appears_when_publish_at_passes_without_reindexing():
    publish_at = timezone.now() + timedelta(hours=2)
    make_article(title="定时发布的劳模稿", status=Status.APPROVED, publish_at=publish_at)
    assert titles("劳模稿") == []
    with time_machine.travel(publish_at - timedelta(seconds=1)):
        assert titles("劳模稿") == []
    with time_machine.travel(publish_at):
        assert titles("劳模稿") == ["定时发布的劳模稿"]


def test_expired_piece_disappears_at_expire_at():
    expire_at = timezone.now() + timedelta(hours=1)
    make_article(title="会过期的劳模稿", expire_at=expire_at)
    assert titles("劳模稿") == ["会过期的劳模稿"]
    with time_machine.travel(expire_at):
        assert titles("劳模稿") == []


@pytest.mark.parametrize(
    "status", [Status.DRAFT, Status.REVIEW_1, Status.UNPUBLISHED, Status.ARCHIVED, Status.CLOSED]
)
def test_pieces_readers_cannot_see_are_not_indexed(status):
    make_article(title="不可见的劳模稿", status=status, publish_at=timezone.now() - timedelta(days=1))
    assert titles("劳模稿") == []
    assert not SearchEntry.objects.filter(title="不可见的劳模稿").exists()


def test_unpublishing_removes_and_editing_updates_the_index():
    article = make_article(title="原来的标题", body="<p>钢铁工人</p>")
    assert titles("原来") == ["原来的标题"]
    article.title = "改过的标题"
    article.save()
    assert titles("原来") == []
    assert titles("改过") == ["改过的标题"]
    article.status = Status.UNPUBLISHED
    article.save()
    assert titles("改过") == []


def test_index_change_rolls_back_with_the_publication():
    article = make_article(title="草稿劳模稿", status=Status.DRAFT)
    with pytest.raises(RuntimeError), transaction.atomic():
        article.status = Status.PUBLISHED
        article.publish_at = timezone.now() - timedelta(minutes=1)
        article.save()
        assert titles("劳模稿") == ["草稿劳模稿"]
        raise RuntimeError("the workflow failed after saving")
    assert titles("劳模稿") == []


def test_tags_and_speech_sections_reach_the_index():
    speech = make_speech(title="一篇讲话", body="<p>开场。</p>")
    SpeechSection.objects.create(
        speech=speech, order=0, number="一、", heading="坚持创新", body="<p>钻井队长的故事</p>"
    )
    assert titles("钻井队") == ["一篇讲话"]
    speech.tags.add("劳模")
    assert titles("讲话", tag="laomo") == ["一篇讲话"]
    speech.tags.clear()
    assert titles("讲话", tag="laomo") == []


def test_deleting_removes_the_row():
    article = make_article(title="删掉的劳模稿")
    article.delete()
    assert titles("劳模稿") == []
    assert not SearchEntry.objects.exists()


def test_people_and_events_are_found_by_name_alias_and_honour():
    make_person(name="王进喜", aliases="铁人", honours="全国劳动模范")
    make_event(name="全国劳动模范和先进工作者表彰大会")
    assert titles("铁人") == ["王进喜"]
    assert set(titles("劳动模范")) == {"王进喜", "全国劳动模范和先进工作者表彰大会"}


def test_filters_by_type_tag_and_year():
    now = timezone.now()
    old = make_article(title="二〇二一年劳模", publish_at=now.replace(year=2021), tags=["劳模"])
    make_article(title="今年劳模", tags=["工匠"])
    make_speech(title="劳模座谈会讲话")
    assert set(titles("劳模", kind="speech")) == {"劳模座谈会讲话"}
    assert titles("劳模", tag="laomo") == [old.title]
    assert titles("劳模", year=2021) == [old.title]
    assert titles("劳模", year=2020) == []


def test_rebuild_command_restores_a_wiped_index():
    make_article(title="重建前的劳模稿")
    make_article(title="草稿不进索引", status=Status.DRAFT)
    make_person(name="劳模甲")
    SearchEntry.objects.all().delete()
    assert titles("劳模") == []
    call_command("rebuild_search_index", verbosity=0)
    assert set(titles("劳模")) == {"重建前的劳模稿", "劳模甲"}
    from django.db import connection

    with connection.cursor() as cursor:  # the planner's statistics were renewed
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'search_searchentry'")
            assert cursor.fetchone()[0] > 0
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
            assert cursor.fetchone()[0] >= 0


def test_postgresql_searches_read_no_long_queue_of_unindexed_vectors():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("GIN pending lists and element statistics are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class "
            "WHERE relname IN ('search_entry_vector', 'search_entry_head_vector')"
        )
        options = dict(cursor.fetchall())
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'search_searchentry'::regclass AND attname = 'vector'"
        )
        statistics = cursor.fetchone()[0]
    assert options == {
        "search_entry_head_vector": ["fastupdate=off"],
        "search_entry_vector": ["gin_pending_list_limit=256"],
    }
    assert statistics == 1000


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        '"劳模',
        '劳模"',
        "劳模 OR",
        "AND",
        "NOT 劳模",
        "劳模*",
        "*",
        "^劳模",
        "NEAR(劳模 工匠)",
        "title:劳模",
        "{title}: 劳模",
        "(劳模",
        "劳模)",
        "-劳模",
        "劳模 & 工匠",
        "劳模 | !工匠",
        "劳模:*",
        "劳模\\",
        "%",
        "_",
        "劳模%",
        "'; DROP TABLE search_searchentry; --",
        "\x00劳模",
        "劳模\u200b",
        "<script>劳模</script>",
    ],
)
def test_query_syntax_characters_never_raise(query):
    make_article(title="劳模风采", body="<p>NOT AND OR NEAR 都是普通词。</p>")
    try:
        query = validate(query)
    except QueryError:
        return
    result = titles(query)
    assert result in ([], ["劳模风采"])


@pytest.mark.parametrize(
    ("query", "error"),
    [("", "empty"), ("   ", "empty"), ("劳" * (MAX_QUERY_CHARS + 1), "too_long"), ("！？。", "no_terms")],
)
def test_empty_overlong_and_punctuation_only_queries_are_refused(query, error):
    with pytest.raises(QueryError, match=error):
        validate(query)


def test_snippet_escapes_document_text_before_marking():
    entry = make_article(title="<b>劳模</b>", body="<p>前文&lt;script&gt;alert(1)&lt;/script&gt;劳模后文</p>")
    (row,) = Search("劳模").results()
    pattern = Search("劳模").highlighter()
    html = str(snippet(row, pattern))
    assert "<mark>劳模</mark>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert str(highlight(entry.title, pattern)) == "&lt;b&gt;<mark>劳模</mark>&lt;/b&gt;"


def test_snippet_starts_at_the_sentence_holding_the_match():
    make_article(title="无关", body="<p>" + "前" * 200 + "。第二句话讲劳模的故事，" + "后" * 200 + "</p>")
    (row,) = Search("劳模").results()
    html = str(snippet(row, Search("劳模").highlighter()))
    assert html.startswith("…第二句话讲<mark>劳模</mark>的故事")
    assert html.endswith("…")


def test_snippet_leaves_a_closing_quote_to_the_sentence_before():
    make_article(title="无关", body="<p>" + "前" * 200 + "，“拼命也要拿下大油田。”铁人精神激励着一代人。</p>")
    (row,) = Search("铁人").results()
    assert str(snippet(row, Search("铁人").highlighter())).startswith("…<mark>铁人</mark>精神激励着")


@pytest.mark.parametrize("pieces", [3, 15])
def test_query_count_is_flat_as_results_grow(django_assert_max_num_queries, pieces):
    for _ in range(pieces):
        make_article(title="劳模稿件")
    # Each tier's rows until the page is full, then the rows and their scores.
    with django_assert_max_num_queries(5):
        assert len(Search("劳模").results()[:10]) == min(pieces, 10)


def test_a_readers_query_never_needs_the_tokenizer(monkeypatch):
    from editorial import words

    make_article(title="大国工匠风采", body="<p>弘扬劳模精神和工匠精神。</p>")

    def refuse(*args, **kwargs):
        raise AssertionError("the query cut words")

    monkeypatch.setattr(words, "cut", refuse)
    monkeypatch.setattr(words, "search_words", refuse)
    assert [row.title for row in Search("大国工匠 精神").results()] == ["大国工匠风采"]


def test_the_web_application_loads_rjieba_when_it_starts_and_never_python_jieba():
    """python jieba's dictionary was 0.7 s and 60 MB of every web worker; rjieba's is read on import."""
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, config.wsgi; print('jieba' in sys.modules, 'rjieba' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "False True"


def test_a_rebuild_in_batches_builds_the_same_index_and_keeps_what_it_wrote_if_stopped(monkeypatch):
    from search import indexing

    for n in range(5):
        make_article(title=f"分批重建劳模稿{n}")
    call_command("rebuild_search_index", verbosity=0)
    whole = set(titles("劳模"))
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", "--in-batches", verbosity=0)
    assert set(titles("劳模")) == whole and len(whole) == 5

    written, seen = indexing.document_for, []

    def fails_on_the_fourth(obj):
        seen.append(obj)
        if len(seen) == 4:
            raise RuntimeError("tokenizer crashed")
        return written(obj)

    monkeypatch.setattr(indexing, "document_for", fails_on_the_fourth)
    with pytest.raises(RuntimeError):
        indexing.rebuild(batch_size=2)
    assert set(titles("劳模")) == whole  # one transaction: the old index stands whole
    seen.clear()
    with pytest.raises(RuntimeError):
        indexing.rebuild(batch_size=2, in_batches=True)
    assert len(titles("劳模")) == 2  # the first batch was committed before the failure
