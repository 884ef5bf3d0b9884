"""Front matter with a key twice, and values longer than their field: errors that name
them, never a silent cut."""

import pytest

from articles.models import Article
from ingest.importer import Options, import_file
from ingest.linking import Vocabulary
from speeches.models import Speech

pytestmark = pytest.mark.django_db

LONG = "劳" * 10_000


def run(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_file(path, Options(), Vocabulary())


@pytest.mark.parametrize(
    ("front", "key"),
    [
        ("title: 第一个标题\ntitle: 第二个标题\ndate: 2024-05-01", "title"),
        ("title: 标题\ndate: 2024-05-01\nauthor: 张三\nDate: 2024-05-02", "date"),  # keys are case-blind
        ("title: 标题\nmeta:\n  source: 工人日报\n  source: 新华社", "source"),
    ],
    ids=["title", "date-case", "nested"],
)
def test_a_key_given_twice_in_front_matter_is_an_error_naming_it(tmp_path, front, key):
    outcome = run(tmp_path, "dup.md", f"---\n{front}\n---\n<p>正文一段。</p>\n")
    assert outcome.result == "failed"
    assert "重复" in outcome.reason and f"「{key}」" in outcome.reason
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "text", "field", "limit"),
    [
        ("front.md", f"---\ntitle: {LONG}\n---\n<p>正文一段。</p>\n", "主题", 200),
        ("front_kicker.md", f"---\ntitle: 标题\nkicker: {LONG}\n---\n<p>正文一段。</p>\n", "引题", 200),
        ("front_source.md", f"---\ntitle: 标题\nsource: {'报' * 300}\n---\n<p>正文。</p>\n", "来源", 100),
        ("bare.html", f"<html><body><h1>{LONG}</h1><p>正文一段。</p></body></html>", "主题", 200),
        (
            "page.txt",
            f"首页 > 要闻\n{'长' * 250}\n2024-05-01 10:00  来源：工人日报\n第一段正文。\n第二段正文。\n",
            "主题",
            200,
        ),
        (
            "speech.txt",
            f"{'讲' * 300}\n——在全市劳动模范座谈会上的讲话\n同志们：\n"
            "一、第一节\n正文。\n二、第二节\n正文。\n",
            "主题",
            200,
        ),
        (
            "section.txt",
            f"在全市大会上的讲话\n同志们：\n一、{'节' * 400}\n正文。\n二、第二节\n正文。\n",
            "小标题",
            300,
        ),
    ],
    ids=[
        "front-title",
        "front-kicker",
        "front-source",
        "html-h1",
        "scraped-title",
        "speech-title",
        "section",
    ],
)
def test_an_over_long_value_is_an_import_error_naming_the_field_and_its_limit(
    tmp_path, name, text, field, limit
):
    outcome = run(tmp_path, name, text)
    assert outcome.result == "failed"
    assert field in outcome.reason and str(limit) in outcome.reason
    assert Article.objects.count() == 0 and Speech.objects.count() == 0


def test_a_value_at_its_limit_is_kept_whole(tmp_path):
    title = "劳" * 200
    outcome = run(tmp_path, "front.md", f"---\ntitle: {title}\n---\n<p>正文一段。</p>\n")
    assert outcome.result == "created", outcome.reason
    assert Article.objects.get().title == title
