"""Workflow transitions reach the index in their own transaction (they do not call save())."""

import pytest
from django.db import transaction

from editorial.models import Status
from editorial.workflow import admit, transition
from search.models import SearchEntry
from search.query import Search
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def titles(query):
    return [entry.title for entry in Search(query).results()]


@pytest.fixture
def chief(django_user_model):
    return django_user_model.objects.create_superuser("chief", "chief@example.cn", "pass-123456")


def test_publish_unpublish_republish_and_archive_update_the_index(chief):
    piece = make_article(title="工作流里的劳模稿", status=Status.DRAFT, publish_at=None)
    assert titles("劳模稿") == []
    transition(piece, "submit", chief)
    assert titles("劳模稿") == []
    admit(piece, Status.APPROVED)
    transition(piece, "publish", chief)
    assert titles("劳模稿") == ["工作流里的劳模稿"]
    transition(piece, "unpublish", chief)
    assert titles("劳模稿") == []
    assert not SearchEntry.objects.exists()
    transition(piece, "republish", chief)
    assert titles("劳模稿") == ["工作流里的劳模稿"]
    transition(piece, "archive", chief)
    assert titles("劳模稿") == []


def test_admitted_as_published_is_searchable_and_a_failed_outer_transaction_leaves_no_row():
    piece = make_article(title="导入的劳模稿", status=Status.DRAFT, publish_at=None)
    with pytest.raises(RuntimeError), transaction.atomic():
        admit(piece, Status.PUBLISHED)
        assert titles("劳模稿") == ["导入的劳模稿"]
        raise RuntimeError("import failed later")
    assert titles("劳模稿") == []
    piece.refresh_from_db()
    admit(piece, Status.PUBLISHED)
    assert titles("劳模稿") == ["导入的劳模稿"]
