"""editorial.workflow.deferred.insert_values: an import's link rows as tuples of ids."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from editorial.models import Tag, TaggedItem
from editorial.workflow import deferred
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_values_wait_for_the_end_of_the_block_and_go_in_one_insert_per_table():
    article = make_article(title="无标签")
    tags = [Tag.objects.create(name=f"标签{n}") for n in range(3)]
    content_type = ContentType.objects.get_for_model(Article).pk
    with CaptureQueriesContext(connection) as captured:
        with deferred.deferred():
            for tag in tags:
                deferred.insert_values(
                    TaggedItem, ("content_type", "object_id", "tag"), [(content_type, article.pk, tag.pk)]
                )
            assert not TaggedItem.objects.filter(object_id=article.pk).exists()
    inserts = [q["sql"] for q in captured.captured_queries if "INSERT" in q["sql"]]
    assert len(inserts) == 1 and "editorial_taggeditem" in inserts[0]
    assert sorted(article.tags.values_list("name", flat=True)) == ["标签0", "标签1", "标签2"]


def test_values_of_a_save_that_rolls_back_are_dropped_with_it():
    article, other = make_article(title="留下"), make_article(title="回滚")
    tag = Tag.objects.create(name="劳模")
    content_type = ContentType.objects.get_for_model(Article).pk
    fields = ("content_type", "object_id", "tag")
    with deferred.deferred():
        deferred.insert_values(TaggedItem, fields, [(content_type, article.pk, tag.pk)])
        with pytest.raises(RuntimeError), deferred.kept_with():
            deferred.insert_values(TaggedItem, fields, [(content_type, other.pk, tag.pk)])
            raise RuntimeError
    assert list(article.tags.values_list("name", flat=True)) == ["劳模"]
    assert not other.tags.exists()


def test_outside_a_block_values_are_written_at_once():
    article = make_article(title="立即写")
    tag = Tag.objects.create(name="工匠")
    content_type = ContentType.objects.get_for_model(Article).pk
    deferred.insert_values(
        TaggedItem, ("content_type", "object_id", "tag"), [(content_type, article.pk, tag.pk)]
    )
    assert list(article.tags.values_list("name", flat=True)) == ["工匠"]
