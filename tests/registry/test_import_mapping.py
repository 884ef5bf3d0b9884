"""The importer reaches the content types through their import mappings (editorial.importing)."""

import pytest

from editorial.importing import for_kind, kinds, mappings
from editorial.registry import content_types
from ingest.importer import Options, import_file
from ingest.linking import Vocabulary


def test_each_kind_is_taken_by_the_type_that_declares_it():
    assert kinds() == [kind for mapping in mappings() for kind in mapping.kinds]
    for mapping in mappings():
        assert mapping.model in content_types()
        for kind in mapping.kinds:
            assert for_kind(kind) is mapping
    assert for_kind("no-such-kind") is None


def test_a_type_without_a_mapping_takes_no_documents():
    silent = [model for model in content_types() if model.import_mapping() is None]
    assert silent, "the gallery type imports nothing"
    assert not {model.kind() for model in silent} & set(kinds())


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["gallery", "article; DROP TABLE", "ARTICLE", "文章"])
def test_a_kind_no_type_takes_is_refused_and_nothing_is_written(tmp_path, kind):
    path = tmp_path / "doc.md"
    path.write_text("---\ntitle: 标题\n---\n<p>正文一段。</p>\n", encoding="utf-8")
    outcome = import_file(path, Options(kind=kind), Vocabulary())
    assert outcome.result == "failed"
    assert f"未知类型 {kind}" in outcome.reason
    assert all(model._base_manager.count() == 0 for model in content_types())


@pytest.mark.django_db
def test_the_kind_option_offers_the_kinds_the_types_take():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="invalid choice"):
        call_command("import_documents", "nowhere.md", "--kind", "gallery")
