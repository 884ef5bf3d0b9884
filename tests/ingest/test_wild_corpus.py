"""The wild corpus (tests/ingest/documents/wild/): documents in the layouts newsrooms receive,
each with the fields an editor reads in it (expected.yaml), scored field by field."""

import pytest

from bench.import_accuracy import CORPUS, FIELDS, score, table

MIN_OVERALL = 0.97
MIN_PER_FIELD = 0.90


@pytest.fixture(scope="module")
def result():
    return score(CORPUS)


def test_the_corpus_has_sixty_documents_in_every_layout_and_encoding():
    names = [path.name for path in CORPUS.iterdir() if path.name != "expected.yaml"]
    assert len(names) >= 60
    prefixes = {name.split("_")[0].rstrip("0123456789") for name in names}
    assert {"md", "rmrb", "scr", "html", "txt", "sp"} <= prefixes
    raw = [(CORPUS / name).read_bytes() for name in names]
    assert sum(b"\r\n" in data for data in raw) >= 3
    assert sum(data.startswith(b"\xef\xbb\xbf") for data in raw) >= 3
    not_utf8 = 0
    for data in raw:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            not_utf8 += 1
    assert not_utf8 >= 3  # GB18030


def test_no_document_of_the_corpus_crashes_the_importer(result):
    assert result["crashes"] == []


def test_the_corpus_scores_97_percent_overall_and_90_on_every_field(result):
    report = table(result)
    assert result["overall"] >= MIN_OVERALL, report
    for field in FIELDS:
        right, total = result["fields"][field]
        assert right / total >= MIN_PER_FIELD, f"{field}\n{report}"


def test_only_what_cannot_be_a_document_is_refused(result):
    refused = [(d["name"], d["error"]) for d in result["documents"] if d["error"]]
    assert refused == []


@pytest.mark.parametrize(
    "text",
    [
        "中工网\n首页 > 要闻\n2024-05-01 10:00  来源：工人日报\n"
        "今天上午，全市劳模座谈会召开。会议听取了劳模代表的发言。\n",
        "同志们：\n今天，我们召开全市劳模座谈会。\n一、关心劳模\n要关心劳模。\n二、学习劳模\n要学习劳模。\n",
    ],
    ids=["site-name-only", "salutation-first"],
)
def test_a_site_name_or_a_salutation_is_never_a_title(text):
    from ingest.importer import Options, read_document

    record, _ = read_document(text.encode(), Options())
    assert record.title_derived
    assert record.title in ("今天上午，全市劳模座谈会召开", "今天，我们召开全市劳模座谈会")
