"""Article, column and source: validation messages, headline rules, bylines."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Column
from editorial import workflow
from editorial.models import SHORT_TITLE_THRESHOLD
from tests.factories import make_article, make_column, make_person, make_source

pytestmark = pytest.mark.django_db

LONG_TITLE = "全国总工会召开会议部署深入学习贯彻劳模精神劳动精神工匠精神的具体工作"


def _errors(instance):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


def test_long_title_without_short_title_saves_as_a_draft_and_is_reported_by_the_checks():
    assert len(LONG_TITLE) > SHORT_TITLE_THRESHOLD
    article = Article(title=LONG_TITLE, body="<p>正文。</p>")
    article.full_clean(exclude=["slug"])  # no validation error: a draft may wait for its 短标题
    problems = workflow.content_problems(article)
    assert [problem.field for problem in problems] == ["short_title"]
    assert str(problems[0]) == "主题超过 30 个字，缺少短标题。"


@pytest.mark.parametrize("short_title", ["", "   "])
def test_blank_short_title_does_not_count(short_title):
    article = Article(title=LONG_TITLE, short_title=short_title, body="<p>正文。</p>")
    assert [problem.field for problem in workflow.content_problems(article)] == ["short_title"]


def test_long_title_with_short_title_is_accepted_and_displayed():
    article = Article(title=LONG_TITLE, short_title="全总部署弘扬劳模精神")
    article.full_clean()
    assert article.display_title == "全总部署弘扬劳模精神"


def test_title_of_exactly_thirty_characters_needs_no_short_title():
    article = Article(title="劳" * SHORT_TITLE_THRESHOLD)
    article.full_clean()
    assert article.display_title == "劳" * SHORT_TITLE_THRESHOLD


@pytest.mark.parametrize(
    ("expire_delta", "refused"),
    [
        (datetime.timedelta(hours=-1), True),
        (datetime.timedelta(0), True),
        (datetime.timedelta(seconds=1), False),
    ],
)
def test_expire_at_must_come_after_publish_at(expire_delta, refused):
    publish_at = timezone.now()
    article = Article(title="劳模", publish_at=publish_at, expire_at=publish_at + expire_delta)
    if refused:
        assert _errors(article)["expire_at"] == ["下线时间必须晚于发布时间。"]
    else:
        article.full_clean()


def test_summary_defaults_to_the_first_sentences_of_the_body():
    body = "<p>" + "劳动创造幸福。" * 30 + "</p>"
    article = make_article(body=body)
    assert article.summary.startswith("劳动创造幸福。")
    assert article.summary.endswith("。")
    assert len(article.summary) <= 120
    assert "<p>" not in article.summary


def test_given_summary_is_kept():
    assert make_article(summary="编辑写的摘要").summary == "编辑写的摘要"


def test_an_emptied_summary_is_derived_again_from_the_edited_body():
    article = make_article(body="<p>第一版导语。后面还有。</p>")
    assert article.summary == "第一版导语。后面还有。"
    article.body = "<p>改过的导语。</p>"
    article.save()
    assert article.summary == "第一版导语。后面还有。"  # an editor's summary is never overwritten
    article.summary = ""
    article.save()
    assert article.summary == "改过的导语。"


def test_reading_minutes_count_chinese_characters():
    assert make_article(body="<p>" + "字" * 1200 + "</p>").reading_minutes == 3
    assert make_article(body="<p>短</p>").reading_minutes == 1
    # Spaces and line breaks are layout: 1,200 characters over 400 paragraphs are 3 minutes, not 5.
    assert make_article(body="<p>字 字 字</p>\n" * 400).reading_minutes == 3


def test_original_document_is_kept_verbatim_and_hashed():
    raw = "原文\r\n第二行 ".encode("gb18030")
    article = make_article(original_document=raw, original_filename="a.txt")
    stored = Article.objects.get(pk=article.pk)
    assert bytes(stored.original_document) == raw
    assert len(stored.content_hash) == 64


def test_column_path_and_str_show_the_nesting():
    theory = make_column(name="中工理论")
    frontier = make_column(name="工运前沿", parent=theory)
    assert frontier.path == [theory, frontier]
    assert str(frontier) == "中工理论 › 工运前沿"
    assert frontier.slug == "gongyun-qianyan"


def test_column_names_are_unique_within_a_parent_only():
    theory = make_column(name="中工理论")
    make_column(name="评论", parent=theory)
    make_column(name="评论")  # same name elsewhere is fine
    with pytest.raises(IntegrityError):
        Column.objects.create(name="评论", parent=theory)


def test_bylines_keep_order_and_printed_positions():
    article = make_article(source=make_source(name="工人日报"))
    second = make_person(name="李明")
    first = make_person(name="王晓峰")
    ArticleAuthor.objects.create(article=article, person=second, position="记者", order=1)
    ArticleAuthor.objects.create(article=article, person=first, position="本报记者", order=0)
    assert [str(byline) for byline in article.bylines.all()] == ["王晓峰（本报记者）", "李明（记者）"]
    assert article.source.name == "工人日报"


def test_a_person_is_named_once_per_byline():
    article = make_article()
    person = make_person()
    ArticleAuthor.objects.create(article=article, person=person)
    with pytest.raises(IntegrityError):
        ArticleAuthor.objects.create(article=article, person=person)


def test_a_column_cannot_become_its_own_ancestor():
    theory = make_column(name="中工理论")
    frontier = make_column(name="工运前沿", parent=theory)
    for parent in (theory, frontier):
        theory.parent = parent
        with pytest.raises(ValidationError) as excinfo:
            theory.full_clean()
        assert excinfo.value.message_dict["parent"] == ["上级栏目不能是本栏目或它的下级栏目。"]
    frontier.parent = None
    frontier.full_clean()


def test_column_admin_form_refuses_a_cycle(staff_client):
    from django.urls import reverse

    theory = make_column(name="中工理论")
    frontier = make_column(name="工运前沿", parent=theory)
    response = staff_client.post(
        reverse("admin:articles_column_change", args=[theory.pk]),
        {"name": "中工理论", "parent": frontier.pk, "position": 0, "slug": theory.slug, "description": ""},
    )
    assert response.status_code == 200
    assert "上级栏目不能是本栏目" in response.content.decode()
    theory.refresh_from_db()
    assert theory.parent is None
