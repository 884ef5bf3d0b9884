"""FreshCountPaginator: the list count is shared between requests yet never stale."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from editorial.cache import FreshCountPaginator
from editorial.models import Status
from tests.factories import make_article, make_column

pytestmark = pytest.mark.django_db


def count(queryset):
    return FreshCountPaginator(queryset, 20).count


def test_the_count_query_runs_once_per_generation(django_assert_num_queries):
    for _ in range(3):
        make_article()
    assert count(Article.objects.for_listing()) == 3
    with django_assert_num_queries(0):
        assert count(Article.objects.for_listing()) == 3


def test_publishing_a_piece_changes_the_count_on_the_next_request():
    make_article()
    assert count(Article.objects.for_listing()) == 1
    make_article()
    assert count(Article.objects.for_listing()) == 2


def test_a_scheduled_piece_is_counted_once_its_moment_passes():
    now = timezone.now()
    make_article()
    make_article(status=Status.APPROVED, publish_at=now + timedelta(minutes=10))
    with time_machine.travel(now, tick=False):
        assert count(Article.objects.for_listing()) == 1
    with time_machine.travel(now + timedelta(minutes=10, seconds=1), tick=False):
        assert count(Article.objects.for_listing()) == 2


def test_different_filters_keep_different_counts():
    column = make_column()
    make_article(column=column)
    make_article()
    make_article()
    assert count(Article.objects.for_listing().filter(column=column)) == 1
    assert count(Article.objects.for_listing()) == 3
    assert count(Article.objects.for_listing().filter(column=column)) == 1


def test_a_plain_list_is_counted_as_usual():
    assert FreshCountPaginator(list(range(45)), 20).count == 45
