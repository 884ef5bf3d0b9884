"""PreparedQuery: the ORM's own SQL, compiled once, gives what the queryset gives for any values."""

import datetime

import pytest
import time_machine
from django.db import models
from django.utils import timezone

from articles.models import Article
from editorial.prepared import PreparedQuery
from tests.factories import make_article, make_column, make_source, non_live_states

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 1, 8, 0, 0, tzinfo=datetime.UTC)


def by_slug():
    return PreparedQuery(
        lambda p: Article.objects.live(p.now).filter(slug=p.slug).select_related("column", "source"),
        now=models.DateTimeField(),
        slug=models.CharField(),
    )


def test_gives_the_instances_the_queryset_gives_with_its_select_related_rows(django_assert_num_queries):
    column, source = make_column(name="工运前沿"), make_source(name="工人日报")
    article = make_article(title="铁人精神代代传", column=column, source=source)
    query = by_slug()
    with django_assert_num_queries(1):
        found = query.first(now=timezone.now(), slug=article.slug)
        assert found == article
        assert (found.title, found.publish_at) == (article.title, article.publish_at)
        assert found.status == article.status
        assert found.column.name == "工运前沿" and found.source.name == "工人日报"  # no further query


def test_fields_the_query_leaves_out_are_deferred_as_the_querysets_are():
    article = make_article(title="只读卡片字段", summary="摘要", column=make_column(name="评论"))
    fields = ("title", "summary", "column__name")
    query = PreparedQuery(
        lambda p: Article.objects.filter(pk=p.pk).select_related("column").only(*fields),
        pk=models.BigIntegerField(),
    )
    expected = Article.objects.select_related("column").only(*fields).get(pk=article.pk)
    found = query.first(pk=article.pk)
    assert found.get_deferred_fields() == expected.get_deferred_fields()
    assert "body" in found.get_deferred_fields()
    assert (found.pk, found.title, found.summary) == (article.pk, "只读卡片字段", "摘要")
    assert found.column.name == "评论"


def test_a_literal_percent_in_the_sql_survives_the_named_placeholders():
    article = make_article(title="百分之百")
    query = PreparedQuery(
        lambda p: Article.objects.filter(pk=p.pk).extra(where=["'100%%' LIKE '100%%'"]).only("title"),
        pk=models.BigIntegerField(),
    )
    assert query.first(pk=article.pk) == article


@pytest.mark.parametrize("state", sorted(non_live_states()))
def test_a_piece_readers_may_not_see_is_not_found(state):
    article = make_article(title=f"看不见的{state}", **non_live_states()[state])
    assert by_slug().first(now=timezone.now(), slug=article.slug) is None


def test_now_is_a_value_of_each_run_not_of_the_first():
    with time_machine.travel(NOW - datetime.timedelta(days=2), tick=False):
        scheduled = make_article(title="定时发布的一篇", publish_at=NOW)
    query = by_slug()
    assert query.first(now=NOW - datetime.timedelta(seconds=1), slug=scheduled.slug) is None
    assert query.first(now=NOW, slug=scheduled.slug) == scheduled
    assert query.first(now=NOW - datetime.timedelta(seconds=1), slug=scheduled.slug) is None


def test_the_sql_is_compiled_once_and_bound_with_new_values(monkeypatch):
    first, second = make_article(title="第一篇"), make_article(title="第二篇")
    query = by_slug()
    compiled = []
    original = PreparedQuery.compile
    monkeypatch.setattr(
        PreparedQuery, "compile", lambda self, alias: compiled.append(alias) or original(self, alias)
    )
    assert query.first(now=timezone.now(), slug=first.slug) == first
    assert query.first(now=timezone.now(), slug=second.slug) == second
    assert compiled == ["default"]


@pytest.mark.parametrize(
    "slug",
    [
        "' OR 1=1 --",
        '"; DROP TABLE articles_article; --',
        "%",
        "%s",
        "_",
        "a" * 5000,
        "",
    ],
)
def test_hostile_values_are_bound_never_spliced(slug):
    make_article(title="唯一的一篇")
    assert by_slug().first(now=timezone.now(), slug=slug) is None
    assert Article.objects.count() == 1


@pytest.mark.parametrize("values", [{}, {"slug": "x"}, {"now": NOW, "slug": "x", "pk": 1}])
def test_values_must_match_the_parameters(values):
    with pytest.raises(TypeError, match="expects"):
        by_slug()(**values)


def test_a_migrate_or_flush_makes_every_prepared_query_compile_again():
    from django.core.management.sql import emit_post_migrate_signal

    article = make_article(title="迁移之后")
    query = by_slug()
    assert query.first(now=timezone.now(), slug=article.slug) == article
    assert query.compiled
    # What flush and migrate send at their end (content types may come back with other ids).
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert not query.compiled
    assert query.first(now=timezone.now(), slug=article.slug) == article
