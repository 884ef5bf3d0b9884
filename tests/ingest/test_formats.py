"""Documents we wrote ourselves: what the samples do not vary, and hostile input."""

import time

import pytest

from articles.models import Article
from ingest.decoding import decode
from ingest.detect import detect_format
from ingest.importer import MAX_BYTES, Options, import_file
from ingest.linking import Vocabulary
from ingest.parsers import PARSERS
from ingest.record import DocumentError
from speeches.models import Speech

pytestmark = pytest.mark.django_db

FRONT = """---
title: '{title}'
date: {date}
author: {author}
---
{body}
"""

PLAIN = (
    "匠心筑梦新时代（工匠风采）\n李师傅在车间里干了三十年。他说，手艺要一代代传下去。\n"
    "车间里的年轻人\n年轻人跟着他学会了精益求精。\n（作者为本报记者）\n"
)
PLAIN_BODY = (
    "<p>李师傅在车间里干了三十年。他说，手艺要一代代传下去。</p>"
    "<h2>车间里的年轻人</h2><p>年轻人跟着他学会了精益求精。</p>"
)

SCRAPED = (
    "技能报国正当时-工匠风采-示例网\n首页新闻评论视频\n\n工匠风采\n\n技能报国正当时\n\n张三 李四\n"
    "2021-05-01 10:00  来源:示例网-示例日报\n\n  第一段正文。\n\n  第二段正文结束。\n\n"
    "(作者系示例报记者)\n\n编辑:王五\n\n相关新闻\n  • 另一篇文章\n关于我们 | 版权声明\n"
)

SPEECH = (
    "在技能大赛开幕式上的致辞\n——在第二届全省职业技能大赛开幕式上的讲话\n（2021年6月1日）\n"
    "各位选手、同志们：\n大家上午好！\n一、要比出水平\n比赛要公平。\n二、要比出风格\n安全第一。\n谢谢大家！\n"
)


def write(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def run(path, **options):
    return import_file(path, Options(**options), Vocabulary())


# ---------------------------------------------------------------- variants that import


def test_front_matter_without_images_author_or_date_imports_with_no_date(tmp_path):
    path = write(tmp_path, "a.md", "---\ntitle: 没有图片的稿件\n---\n<p>只有一段文字。</p>")
    outcome = run(path)
    assert outcome.result == "created", outcome.reason
    article = Article.objects.get()
    assert article.publish_at is None  # never the import time
    assert article.head_image_url == ""
    assert article.bylines.count() == 0
    assert article.body == "<p>只有一段文字。</p>"


def test_front_matter_author_who_is_not_an_aggregator_becomes_a_byline(tmp_path):
    body = "<p>正文。</p>"
    path = write(
        tmp_path, "a.md", FRONT.format(title="署名稿件", date="2021-05-01 08:00:00", author="赵六", body=body)
    )
    assert run(path).result == "created"
    article = Article.objects.get()
    assert [b.person.name for b in article.bylines.all()] == ["赵六"]
    assert article.via == ""
    assert article.publish_at.isoformat() == "2021-05-01T00:00:00+00:00"  # local Beijing time


def test_crlf_gbk_and_bom_plain_text_all_read_the_same(tmp_path):
    crlf = write(tmp_path, "crlf.txt", PLAIN.replace("\n", "\r\n"))
    gbk = write(tmp_path, "gbk.txt", PLAIN.encode("gbk"))
    bom = write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + PLAIN.encode("utf-8"))
    results = [run(path) for path in (crlf, gbk, bom)]
    assert [r.encoding for r in results] == ["utf-8", "gb18030", "utf-8-sig"]
    # Three different byte strings → three pieces, all with the same text.
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {"匠心筑梦新时代"}
    for article in Article.objects.all():
        assert article.kicker == "工匠风采"
        assert article.body == PLAIN_BODY
        assert "\r" not in article.body
        assert article.author_note == "作者为本报记者"
        # The first sentences, without the heading between them.
        assert (
            article.summary
            == "李师傅在车间里干了三十年。他说，手艺要一代代传下去。年轻人跟着他学会了精益求精。"
        )
    gbk_article = Article.objects.get(original_filename="gbk.txt")
    assert bytes(gbk_article.original_document) == PLAIN.encode("gbk")  # stored verbatim


def test_scraped_page_from_another_site(tmp_path):
    outcome = run(write(tmp_path, "page.txt", SCRAPED))
    assert outcome.result == "created", outcome.reason
    article = Article.objects.get()
    assert article.title == "技能报国正当时"
    assert [b.person.name for b in article.bylines.all()] == ["张三", "李四"]
    assert article.source.name == "示例日报"
    assert article.via == "示例网"
    assert article.responsible_editor.name == "王五"
    assert article.body == "<p>第一段正文。</p><p>第二段正文结束。</p>"
    assert article.column.name == "工匠风采"


def test_speech_with_date_line_and_numbered_occasion(tmp_path):
    outcome = run(write(tmp_path, "speech.txt", SPEECH))
    assert outcome.result == "created", outcome.reason
    speech = Speech.objects.get()
    assert speech.delivered_on.isoformat() == "2021-06-01"
    assert speech.occasion.name == "第二届全省职业技能大赛开幕式"
    assert speech.occasion.start_date.isoformat() == "2021-06-01"
    assert [s.heading for s in speech.sections.all()] == ["要比出水平", "要比出风格"]
    assert speech.closing == "谢谢大家！"
    assert speech.publish_at is None


def test_scripts_iframes_and_handlers_are_dropped_with_their_content(tmp_path):
    body = (
        '<div onclick="steal()"><p class="x" id="y" style="color:red">正文<script>alert(1)</script></p>'
        '<iframe src="https://evil.example/">框架文字</iframe><img src="javascript:alert(1)">'
        '<a href="javascript:alert(2)" onmouseover="x()">链接</a><style>p{}</style></div>'
    )
    path = write(tmp_path, "x.md", FRONT.format(title="脚本", date="2021-05-01", author="ZAKER", body=body))
    assert run(path).result == "created"
    html = Article.objects.get().body
    assert "正文" in html and "链接" in html
    for forbidden in (
        "script",
        "alert",
        "iframe",
        "框架文字",
        "onclick",
        "onmouseover",
        "style",
        "javascript",
        "<img",
    ):
        assert forbidden not in html


def test_deeply_nested_html_is_flattened_without_recursion_error(tmp_path):
    body = "<div>" * 20000 + "<p>深处的文字。</p>" + "</div>" * 20000
    path = write(
        tmp_path, "deep.md", FRONT.format(title="深层嵌套", date="2021-05-01", author="ZAKER", body=body)
    )
    started = time.perf_counter()
    outcome = run(path)
    assert outcome.result == "created", outcome.reason
    assert time.perf_counter() - started < 10
    assert Article.objects.get().body == "<p>深处的文字。</p>"


def test_month_and_day_without_year_is_not_a_date():
    from ingest.textutil import parse_datetime

    assert parse_datetime("2022-04-28 13:30:54").isoformat() == "2022-04-28T13:30:54+08:00"
    assert parse_datetime("Wed, 27 Apr 2022 19:38:11 GMT").isoformat() == "2022-04-27T19:38:11+00:00"
    with pytest.raises(DocumentError):
        parse_datetime("4月27日")
    assert parse_datetime("") is None


# ---------------------------------------------------------------- documents refused

BOMB = (
    "---\na: &a ['x','x','x','x','x','x','x','x','x']\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "title: 炸弹\n---\n<p>正文</p>"
)

HOSTILE = [
    ("empty.txt", b"", "空文件"),
    ("blank.txt", "\n  \n\u3000\n", "空文件"),
    ("nul.txt", "标题\n正文\x00二进制".encode(), "NUL"),
    ("utf16.txt", "标题\n正文正文正文".encode("utf-16"), "NUL"),
    ("random.txt", bytes(range(128, 256)) * 40, "编码"),
    ("bad_bom.txt", b"\xef\xbb\xbf\xff\xfe\xfd", "BOM"),
    ("unclosed.md", "---\ntitle: 没有结束\n<p>正文</p>", "---"),
    ("malformed.md", "---\ntitle: [未闭合\n---\n<p>正文</p>", "YAML"),
    ("python.md", "---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\n<p>x</p>", "标签"),
    ("custom_tag.md", "---\ntitle: !custom 标题\n---\n<p>x</p>", "标签"),
    ("bomb.md", BOMB, "alias"),
    ("deep_yaml.md", "---\ntitle: " + "[" * 200 + "]" * 200 + "\n---\n<p>x</p>", "嵌套"),
    ("list_yaml.md", "---\n- a\n- b\n---\n<p>x</p>", "键值对"),
    ("no_body.md", "---\ntitle: 只有标题\n---\n<div> </div>", "没有正文"),
    (
        "big5.txt",
        ("大力弘揚勞模精神\n工人階級是我國的領導階級，是先進生產力的代表。" * 3).encode("big5"),
        "编码",
    ),  # noqa: E501
    ("iso_bad_date.md", "---\ntitle: 日期错\ndate: 2021-02-30T10:00:00+08:00\n---\n<p>x</p>", "日期"),
    ("bad_date.md", "---\ntitle: 日期错\ndate: 2021-02-30\n---\n<p>x</p>", "日期"),
    ("gibberish.txt", "abc def\n123", "无法识别"),
    ("title_only.txt", "只有一个标题", "正文"),
]


@pytest.mark.parametrize(("name", "content", "reason"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_documents_fail_with_a_reason_and_write_nothing(tmp_path, name, content, reason):
    started = time.perf_counter()
    outcome = run(write(tmp_path, name, content))
    assert outcome.result == "failed"
    assert reason in outcome.reason
    assert time.perf_counter() - started < 5
    assert Article.objects.count() == 0
    assert Speech.objects.count() == 0


def test_file_over_the_size_limit_is_refused_without_reading_it(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.write("标题\n".encode())
        handle.seek(MAX_BYTES + 10)
        handle.write(b"x")
    vocabulary = Vocabulary()  # reads its own word lists: not the document
    opened = []
    monkeypatch.setattr(
        "builtins.open", lambda *a, **k: opened.append(a) or (_ for _ in ()).throw(AssertionError)
    )
    outcome = import_file(path, Options(), vocabulary)
    assert outcome.result == "failed"
    assert "过大" in outcome.reason
    assert opened == []


def test_billion_laughs_is_refused_before_yaml_builds_anything():
    started = time.perf_counter()
    with pytest.raises(DocumentError, match="^front matter 引用（alias）过多"):
        PARSERS["frontmatter_html"](BOMB)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\n---\ntitle: x\n---\n<p>y</p>", "frontmatter_html"),
        ("<html><body><h1>标题</h1><p>正文</p></body></html>", "frontmatter_html"),
        ("标题\n——在某某大会上的讲话\n同志们：\n正文。", "speech"),
        ("标题\n同志们：\n一、第一\n正文。\n二、第二\n正文。", "speech"),
        ("标题-栏目-网站\n导航\n标题\n2020-01-01 10:00:00 来源:某报\n正文。", "scraped_page"),
        ("一个标题\u3000\u3000第一段正文，内容足够长。", "plain_text"),
        ("<!-- saved from url -->\n<html><body><h1>标题</h1><p>正文。</p></body></html>", "frontmatter_html"),
        ("\ufeff<!DOCTYPE html>\n<!-- x -->\n<html><p>正文。</p></html>", "frontmatter_html"),
        ('<?xml version="1.0"?>\n<!DOCTYPE html>\n<html><p>正文。</p></html>', "frontmatter_html"),
        ("# 标题\n\n第一段正文。\n", "frontmatter_html"),
        (
            "首页 > 新闻\n标题\n本报记者 张三\n这是一段足够长的正文内容，用来说明网页文本的正文从这里开始。",
            "scraped_page",
        ),
        (
            "工人日报 2024年05月06日 星期一\n返回目录\n标题\n这是一段足够长的正文内容，说明电子报正文。",
            "scraped_page",
        ),
        ("在全市大会上的致辞\n各位来宾：\n大家好。\n", "speech"),
        ("标题\n浏览：12  2024-04-30 09:12  来源：工人日报\n正文第一段。\n正文第二段。", "scraped_page"),
        ("  <某某>不是网页\n这是一段正文。", "plain_text"),
    ],
)
def test_format_detection(text, expected):
    assert detect_format(text) == expected


def test_decode_prefers_utf8_and_normalises_newlines():
    assert decode("标题\r\n正文\r".encode()) == ("标题\n正文\n", "utf-8")
    assert decode("标题".encode("gb18030")) == ("标题", "gb18030")


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (RecursionError("maximum recursion depth exceeded"), "嵌套过深"),
        (MemoryError(), "内存不足"),
        (ValueError("bad value"), "bad value"),
        (UnicodeError("bad text"), "bad text"),
    ],
)
def test_no_parser_error_escapes_as_a_traceback(tmp_path, monkeypatch, error, reason):
    def explode(text):
        raise error

    monkeypatch.setitem(PARSERS, "plain_text", explode)
    outcome = run(write(tmp_path, "a.txt", "标题\n正文。"))
    assert outcome.result == "failed"
    assert reason in outcome.reason
    assert Article.objects.count() == 0


def test_a_failure_while_writing_leaves_nothing_half_written(tmp_path, monkeypatch):
    from people.models import Person

    def fail(*args, **kwargs):  # after the piece, its people and links were written
        raise DocumentError("工作流拒绝")

    monkeypatch.setattr("editorial.workflow.actions.record_revision", fail)
    outcome = run(write(tmp_path, "a.txt", "标题（栏目）\n“铁人”王进喜说，正文。"))
    assert outcome.result == "failed" and "工作流拒绝" in outcome.reason
    assert Article.objects.count() == 0
    assert Person.objects.count() == 0  # the person created inside the transaction is rolled back


def test_bare_html_takes_its_title_from_h1_without_repeating_it(tmp_path):
    outcome = run(
        write(tmp_path, "page.html", "<html><body><h1>只有 HTML</h1><p>正文 &amp; 实体。</p></body></html>")
    )
    assert outcome.result == "created", outcome.reason
    article = Article.objects.get()
    assert article.title == "只有 HTML"
    assert article.body == "<p>正文 &amp; 实体。</p>"


def test_chinese_date_with_time_is_beijing_time():
    from ingest.textutil import parse_datetime

    assert parse_datetime("2021年5月1日 10:30").isoformat() == "2021-05-01T10:30:00+08:00"


def test_name_index_finds_each_name_at_its_first_mention():
    from ingest.linking import NameIndex

    index = NameIndex(["王进喜", "王进", "孟泰", "劳模精神", "劳模", "X", ""])
    text = "X“铁人”王进喜、“高炉卫士”孟泰。劳模精神，劳模。王进"
    assert index.first_positions(text) == {
        "X": 0,
        "王进喜": 5,
        "王进": 5,
        "孟泰": 15,
        "劳模精神": 18,
        "劳模": 18,
    }
    assert index.first_positions("") == {}


def test_a_known_name_inside_a_longer_known_name_is_not_linked(tmp_path):
    from people.models import Person

    Person.objects.create(name="王进")
    Person.objects.create(name="王进喜", aliases="铁人")
    text = "王进喜的故事\n\n　　王进喜是大庆油田的钻井工人。人们都记得王进喜。\n"
    outcome = run(write(tmp_path, "a.txt", text))
    assert outcome.result == "created", outcome.reason
    assert set(Article.objects.get().people.values_list("name", flat=True)) == {"王进喜"}
    # Named on its own as well: both are linked.
    text = "两位工人的故事\n\n　　王进喜和王进都是钻井工人。\n"
    outcome = run(write(tmp_path, "b.txt", text))
    assert outcome.result == "created", outcome.reason
    piece = Article.objects.get(title="两位工人的故事")
    assert set(piece.people.values_list("name", flat=True)) == {"王进喜", "王进"}


def test_sections_and_byline_positions_written_in_bulk_are_cleaned_like_any_save(tmp_path):
    """bulk_create sends no pre_save: the importer cleans those rows' text itself (editorial.text)."""
    speech = SPEECH.replace("一、要比出水平", "一、要比出水平\u200b")
    speech = speech.replace("安全第一。", "安全第一。Cafe\u0301")
    assert run(write(tmp_path, "speech.txt", speech)).result == "created"
    sections = list(Speech.objects.get().sections.values_list("heading", "body"))
    # Zero-width characters at the ends go; decomposed accents are composed (NFC).
    assert sections == [("要比出水平", "<p>比赛要公平。</p>"), ("要比出风格", "<p>安全第一。Caf\u00e9</p>")]
    page = SCRAPED.replace("张三 李四", "张三").replace("(作者系示例报记者)", "(作者系示例报记者\u200b)")
    assert run(write(tmp_path, "page.txt", page)).result == "created"
    bylines = Article.objects.get().bylines.values_list("person__name", "position")
    assert list(bylines) == [("张三", "示例报记者")]
