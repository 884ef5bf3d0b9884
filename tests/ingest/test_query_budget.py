"""A new document costs a fixed number of SQL statements, however large the archive's vocabulary."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from editorial.models import Tag
from ingest.importer import Options, import_file
from ingest.linking import Vocabulary
from people.models import Person

pytestmark = pytest.mark.django_db

# Lookup by URL/hash (2), the event by name (once per run), savepoint (2), slug, piece,
# people, events, tags, revision snapshot (4), revision, audit entry, the card's byline
# names: nothing per known name or tag (they are read once per run, by the Vocabulary).
BUDGET = 19


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
