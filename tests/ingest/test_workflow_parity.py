"""The importer checks what the workflow checks: the same placeholder fields, and no 短标题 of its own."""

import pytest

from articles.models import Article
from editorial import workflow
from editorial.models import Status
from ingest.importer import Options, import_file
from ingest.linking import Vocabulary
from speeches.models import Speech

pytestmark = pytest.mark.django_db


def run(tmp_path, name, text, **options):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_file(path, Options(**options), Vocabulary())


@pytest.mark.parametrize(
    ("name", "text", "field"),
    [
        ("kicker.md", "---\ntitle: 标题\nkicker: XX专题\n---\n<p>正文一段。</p>\n", "引题"),
        ("summary.md", "---\ntitle: 标题\nsummary: 本市X月底完成\n---\n<p>正文一段。</p>\n", "摘要"),
        (
            "speech.txt",
            "在全市大会上的讲话\nXX同志们：\n一、第一节\n正文。\n二、第二节\n正文。\n谢谢XX！\n",
            "称呼",
        ),
    ],
    ids=["kicker", "summary", "salutation"],
)
def test_the_report_lists_every_placeholder_final_review_will_refuse(tmp_path, name, text, field):
    outcome = run(tmp_path, name, text)
    assert outcome.result == "created", outcome.reason
    reported = outcome.fields["placeholders"]
    assert any(item.startswith(field) for item in reported), reported
    piece = (Speech if name.endswith(".txt") else Article).objects.get()
    assert reported == [str(p) for p in workflow.piece_placeholders(piece)]


def test_a_long_title_gets_no_short_title_from_the_importer_and_is_held_as_a_draft(tmp_path):
    title = "全市各级工会组织深入一线开展职工技能培训累计培训产业工人两万余人次"
    assert len(title) > 30
    outcome = run(
        tmp_path, "long.md", f"---\ntitle: {title}\n---\n<p>正文一段。</p>\n", status=Status.PUBLISHED
    )
    article = Article.objects.get()
    assert article.title == title
    assert article.short_title == ""
    assert article.status == Status.DRAFT
    assert any("短标题" in reason for reason in outcome.held)


def test_the_revision_of_an_imported_piece_records_its_links_as_stored(run_import, seeds):
    """The importer hands the workflow the links it wrote instead of reading them back:
    the revision's snapshot must be what reading them back gives."""
    wild = seeds.parents[1] / "tests" / "ingest" / "documents" / "wild"
    out, err, error = run_import(
        seeds,
        wild / "rmrb03_title_dash_subtitle.txt",
        wild / "sp06_date_line_parenthesis_sections.txt",
        verbosity=0,
    )
    assert error is None, err
    pieces = [*Article.objects.all(), *Speech.objects.all()]
    assert len(pieces) == 7
    for piece in pieces:
        stored = workflow.latest_revision(piece).snapshot
        assert stored == workflow.snapshot(piece), piece.original_filename
    article = Article.objects.get(original_filename="rmrb03_title_dash_subtitle.txt")
    assert len(workflow.latest_revision(article).snapshot["bylines"]) == 2
