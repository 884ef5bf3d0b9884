"""A new document costs a fixed number of SQL statements, however large the archive's vocabulary."""

from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.models import Tag
from ingest.importer import Options, import_file
from ingest.linking import Vocabulary
from people.models import Person

pytestmark = pytest.mark.django_db

# Lookup by URL/hash, the event by name (once per run), two savepoints and their releases
# (the document's, the workflow save's), the slug, the piece, its people, events and tags
# (one INSERT each), revision, audit entry: nothing per known name or tag (they are read
# once per run, by the Vocabulary).
BUDGET = 13


def variant(seeds, tmp_path, n):
    text = (seeds / "000_fa4ab69d4d34e2a6.txt").read_text(encoding="utf-8")
    path = tmp_path / f"{n}.md"
    path.write_text(
        text.replace("title: '", f"title: '第{n}号 ", 1) + f"\n<p>第{n}号附记。</p>", encoding="utf-8"
    )
    return path


def statements(path, vocabulary):
    with CaptureQueriesContext(connection) as queries:
        outcome = import_file(path, Options(), vocabulary)
    assert outcome.result == "created", outcome.reason
    return len(queries)


def test_a_new_document_costs_the_same_statements_with_a_larger_vocabulary(seeds, tmp_path):
    statements(variant(seeds, tmp_path, 1), Vocabulary())  # creates its people, event and tags
    small = statements(variant(seeds, tmp_path, 2), Vocabulary())
    Person.objects.bulk_create(Person(name=f"人物{n:03d}", slug=f"p{n}") for n in range(200))
    Tag.objects.bulk_create(Tag(name=f"标签{n:03d}", slug=f"t{n}") for n in range(200))
    large = statements(variant(seeds, tmp_path, 3), Vocabulary())
    assert small == large <= BUDGET


def test_a_new_article_is_written_by_one_insert_with_its_card_names_and_a_free_slug(tmp_path):
    """Its bylines' names go in with the article (no UPDATE after its bylines); a free slug
    is checked once on the unique index (no search for -2, -3…), a taken one still gets -2."""
    from articles.models import Article

    text = (Path(__file__).parent / "documents" / "plain_byline.txt").read_text(encoding="utf-8")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(text, encoding="utf-8")
    second.write_text(text + "\n　　又一段。\n", encoding="utf-8")  # another document, the same title
    vocabulary = Vocabulary()
    with CaptureQueriesContext(connection) as queries:
        outcome = import_file(first, Options(), vocabulary)
    assert outcome.result == "created", outcome.reason
    article = Article.objects.get(pk=outcome.pk)
    assert article.byline_names == "张三" == article.bylines.get().person.name
    statements = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in statements if sql.startswith('UPDATE "articles_article"')]
    assert not [sql for sql in statements if "LIKE" in sql]
    other = Article.objects.get(pk=import_file(second, Options(), vocabulary).pk)
    assert other.slug == f"{article.slug}-2"
