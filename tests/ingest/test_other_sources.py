"""Documents like the samples from other outlets and layouts (tests/ingest/documents/).

The parsers are general: these vary what the five samples do not (ISO dates with a
zone, role-prefixed bylines, a blog's default author, 「|」-separated metadata lines,
full-width dashes, editor lines in parentheses, a speech whose title names the
occasion, a named speaker).
"""

import datetime
from pathlib import Path

import pytest

from articles.models import Article
from ingest.importer import Options, import_file
from ingest.linking import Vocabulary
from people.models import Person
from speeches.models import Speech

DOCUMENTS = Path(__file__).parent / "documents"
pytestmark = pytest.mark.django_db


def imported(name):
    outcome = import_file(DOCUMENTS / name, Options(), Vocabulary())
    assert outcome.result == "created", outcome.reason
    return outcome


def test_news_agency_front_matter_with_iso_date_role_byline_and_editor_line():
    outcome = imported("xinhua_frontmatter.md")
    assert outcome.format == "frontmatter_html"
    article = Article.objects.get()
    assert article.title == "全国五一劳动奖章获得者李万君：焊接“中国速度”"
    assert article.publish_at == datetime.datetime(2023, 4, 28, 2, 15, tzinfo=datetime.UTC)
    assert [(b.person.name, b.position) for b in article.bylines.all()] == [("张晓明", "新华社记者")]
    assert article.source.name == "新华社"
    assert article.via == ""
    assert article.responsible_editor.name == "李小红"
    assert article.original_url == "https://www.news.cn/2023-04/28/c_1129572.htm"
    assert article.head_image_url == "https://img.example.com/2023/0428/li.jpg"
    assert "<h3>把手艺传下去</h3>" in article.body
    assert "责任编辑" not in article.body
    assert {"大国工匠", "劳动模范"} <= set(article.tags.names())
    assert "李万君" in set(article.people.values_list("name", flat=True))


def test_blog_front_matter_default_author_is_nobody():
    imported("blog_frontmatter.md")
    article = Article.objects.get()
    assert article.bylines.count() == 0
    assert not Person.objects.filter(name="admin").exists()
    assert article.summary == "五一前夕，记者走访了三位一线劳动者。"
    assert article.publish_at == datetime.datetime(2021, 5, 1, 8, tzinfo=datetime.UTC)
    assert not article.body.startswith("<h2>")  # the page's own h1 is the title


def test_scraped_page_with_separated_metadata_line_and_crumb_path():
    outcome = imported("people_scraped.txt")
    assert outcome.format == "scraped_page"
    article = Article.objects.get()
    assert article.title == "劳模精神薪火相传"
    assert article.publish_at == datetime.datetime(2023, 4, 28, 0, 27, tzinfo=datetime.UTC)
    assert [b.person.name for b in article.bylines.all()] == ["张三"]
    assert (article.source.name, article.via) == ("人民日报", "人民网")
    assert article.column.name == "观点"
    assert article.responsible_editor.name == "李四"
    assert article.body == (
        "<p>劳模精神是以爱国主义为核心的民族精神的生动体现。</p><p>新时代更需要大力弘扬劳模精神。</p>"
    )


def test_plain_text_with_reporter_byline_date_and_editor_line():
    imported("plain_byline.txt")
    article = Article.objects.get()
    assert article.title == "让劳模精神代代相传"
    assert [(b.person.name, b.position) for b in article.bylines.all()] == [("张三", "本报记者")]
    assert article.publish_at.date() == datetime.date(2023, 4, 30)  # 2023-05-01 00:00 Beijing
    assert article.responsible_editor.name == "李四"
    assert "责任编辑" not in article.body


def test_speech_whose_title_names_the_occasion():
    outcome = imported("speech_title_only.txt")
    assert outcome.format == "speech"
    speech = Speech.objects.get()
    assert speech.title == "在全省劳动模范表彰大会上的讲话"
    assert speech.subtitle == ""
    assert speech.occasion.name == "全省劳动模范表彰大会"
    assert speech.occasion.start_date == datetime.date(2023, 4, 28)
    assert speech.speaker.name == "张三"
    assert speech.delivered_on == datetime.date(2023, 4, 28)
    assert [s.number + s.heading for s in speech.sections.all()] == [
        "一、充分认识弘扬劳模精神的重大意义",
        "二、切实做好新时代劳模工作",
    ]
    assert speech.closing == ""


def test_speech_with_the_speaker_named_in_the_subtitle():
    imported("speech_named_speaker.txt")
    speech = Speech.objects.get()
    assert speech.speaker.name == "李明"
    assert speech.occasion.name == "市总工会第十五次代表大会"
    assert speech.salutation == "各位代表，同志们："
    assert speech.closing == "谢谢大家！"
    assert speech.sections.count() == 2


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("王晓峰", [("王晓峰", "")]),
        ("作者：张三 李四", [("张三", ""), ("李四", "")]),
        ("文/赵六", [("赵六", "")]),
        ("本报记者 王五 通讯员 赵六", [("王五", "本报记者"), ("赵六", "通讯员")]),
        ("新华社记者张晓明", [("张晓明", "新华社记者")]),
        ("阿卜杜拉·艾尼", [("阿卜杜拉·艾尼", "")]),
        ("本报评论员", []),
        ("admin", []),
        ("人民网", []),
        ("ZAKER", []),
    ],
)
def test_bylines_name_people_only(byline, expected):
    from ingest.textutil import byline_names

    assert byline_names(byline, exclude={"ZAKER"}) == expected
