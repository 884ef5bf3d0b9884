"""The derived 摘要: whole sentences of running text; never list items, headings or captions
run together without punctuation."""

import pytest

from editorial.summary import derive_summary
from tests.factories import make_article

LONG_SENTENCE = "劳模精神激励着一代又一代产业工人在平凡岗位上创造不平凡的业绩" * 2 + "。"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The case: list items and a caption between paragraphs.
        (
            "<p>他带领班组开展技术革新。</p><ul><li>工艺改进</li><li>质量攻关</li></ul>"
            "<figure><img src='a.jpg' alt=''><figcaption>车间一角</figcaption></figure>"
            "<p>本文为记者采写。</p>",
            "他带领班组开展技术革新。本文为记者采写。",
        ),
        # A heading is not a sentence; nor is a paragraph's tail without an end mark.
        (
            "<h2>车间里的年轻人</h2><p>年轻人跟着他学手艺。他说：“先学做人。”然后</p>",
            "年轻人跟着他学手艺。他说：“先学做人。”",
        ),
        # Ordered list and a table only: no prose, no summary rather than a made-up one.
        ("<ol><li>第一条</li><li>第二条</li></ol><table><tr><td>数据</td></tr></table>", ""),
        # A paragraph without punctuation at all gives itself (one paragraph, nothing joined).
        ("<p>Hello world</p><ul><li>item</li></ul>", "Hello world"),
        # Whole sentences up to about 120 characters: the next one does not fit, it is left out.
        (
            "<p>" + "工人们在车间里忙碌着。" * 10 + "最后这一句话比较长，超过了剩下的字数。</p>",
            "工人们在车间里忙碌着。" * 10,
        ),
        # A first sentence longer than twice the limit is cut with 「…」.
        ("<p>" + "很长" * 150 + "。</p>", "很长" * 60 + "…"),
        # Quotation and line break inside prose are kept as prose.
        ("<blockquote><p>劳动最光荣。</p></blockquote><p>劳动最崇高！</p>", "劳动最光荣。劳动最崇高！"),
        ("", ""),
        ("<p>&lt;script&gt;不是标签。</p>", "<script>不是标签。"),
    ],
)
def test_derived_summaries_are_whole_sentences_of_prose(body, expected):
    assert derive_summary(body) == expected


def test_summary_never_ends_inside_a_sentence():
    body = "<p>" + "第一句很短。" + LONG_SENTENCE + "</p>"
    assert derive_summary(body) == "第一句很短。" + LONG_SENTENCE


@pytest.mark.django_db
def test_a_saved_piece_without_a_summary_gets_the_derived_one_and_keeps_an_editors_own():
    body = "<h2>小标题</h2><ul><li>要点一</li></ul><p>正文第一句。正文第二句。</p>"
    assert make_article(body=body).summary == "正文第一句。正文第二句。"
    assert make_article(body=body, summary="编辑写的摘要").summary == "编辑写的摘要"


@pytest.mark.django_db
def test_the_migration_rederives_old_derived_summaries_and_keeps_written_ones():
    import importlib

    from django.apps import apps

    from articles.models import Article

    migration = importlib.import_module("editorial.migrations.0007_rederive_summaries")
    body = "<p>他带领班组开展技术革新。</p><ul><li>工艺改进</li><li>质量攻关</li></ul><p>本文为记者采写。</p>"
    derived = make_article(body=body)
    written = make_article(body=body, summary="编辑写的摘要")
    Article.objects.filter(pk=derived.pk).update(summary=migration.old_summary(body))
    assert "工艺改进质量攻关" in migration.old_summary(body)  # the old fault
    migration.rederive(apps, None)
    derived.refresh_from_db()
    written.refresh_from_db()
    assert derived.summary == "他带领班组开展技术革新。本文为记者采写。"
    assert written.summary == "编辑写的摘要"
