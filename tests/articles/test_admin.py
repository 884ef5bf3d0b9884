"""The article, column and source admin: what editors see, at a fixed query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, ArticleAuthor
from editorial.models import Status
from editorial.registry import content_types
from tests.factories import make_article, make_column, make_person, make_source

pytestmark = pytest.mark.django_db


def _count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_article_change_list_shows_titles_columns_sources_and_status(staff_client):
    parent = make_column(name="中工理论")
    column = make_column(name="工运前沿", parent=parent)
    source = make_source(name="工人日报")
    make_article(title="铁人精神永放光芒", column=column, source=source)
    make_article(title="草稿里的一篇文章", status=Status.DRAFT)

    response = staff_client.get(reverse("admin:articles_article_changelist"))

    html = response.content.decode()
    assert "铁人精神永放光芒" in html
    assert "草稿里的一篇文章" in html  # the admin lists every state, unlike the public site
    assert "中工理论 › 工运前沿" in html
    assert "工人日报" in html
    assert "已发布" in html and "草稿" in html
    assert "<script" not in html.split("铁人精神永放光芒")[0][-200:]


def test_article_change_list_escapes_titles(staff_client):
    make_article(title="<script>alert(1)</script>劳模")
    html = staff_client.get(reverse("admin:articles_article_changelist")).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;劳模" in html
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("model", ["article", "column", "source"])
def test_change_lists_run_the_same_number_of_queries_for_5_and_50_rows(staff_client, model):
    parent = make_column(name="中工理论")
    url = reverse(f"admin:articles_{model}_changelist")

    def add(n):
        for _ in range(n):
            if model == "article":
                column = make_column(parent=parent)
                person = make_person()
                article = make_article(column=column, source=make_source(), tags=["劳模", "工匠"])
                ArticleAuthor.objects.create(article=article, person=person, position="记者")
            elif model == "column":
                make_column(parent=make_column(parent=parent))
            else:
                make_source()

    add(5)
    small, response = _count_queries(staff_client, url)
    add(45)
    large, response = _count_queries(staff_client, url)
    assert small == large
    # The header's 待我审 and 退回修改 figures cost a query each per content type.
    assert large <= 10 + 2 * len(content_types())


def test_search_finds_articles_by_chinese_title(staff_client):
    make_article(title="大国工匠的成长之路")
    make_article(title="高炉旁的守望者")
    html = staff_client.get(reverse("admin:articles_article_changelist"), {"q": "工匠"}).content.decode()
    assert "大国工匠的成长之路" in html
    assert "高炉旁的守望者" not in html


def test_filter_by_column_keeps_only_that_column(staff_client):
    theory = make_column(name="中工理论")
    other = make_column(name="劳模风采")
    make_article(title="理论文章甲", column=theory)
    make_article(title="风采文章乙", column=other)
    url = reverse("admin:articles_article_changelist")
    html = staff_client.get(url, {"column__id__exact": theory.pk}).content.decode()
    assert "理论文章甲" in html
    assert "风采文章乙" not in html


def test_add_form_offers_the_headline_fields_byline_inline_and_collapsed_rare_fields(staff_client):
    html = staff_client.get(reverse("admin:articles_article_add")).content.decode()
    for label in ("主题", "副题", "短标题", "摘要", "栏目", "来源", "责任编辑", "署名", "标签"):
        assert label in html
    assert 'name="bylines-TOTAL_FORMS"' in html
    assert "collapse" in html
    # status is shown, never edited here: only editorial/workflow.py changes it
    assert 'name="status"' not in html


def _form_data(**overrides):
    data = {
        "title": "劳动最光荣",
        "subtitle": "",
        "short_title": "",
        "summary": "",
        "body": "<p>正文</p>",
        "tags": "劳模精神, 大国工匠",
        "publish_at_0": "",
        "publish_at_1": "",
        "expire_at_0": "",
        "expire_at_1": "",
        "slug": "",
        "kicker": "",
        "via": "",
        "original_url": "",
        "head_image_url": "",
        "head_image_alt": "",
        "author_note": "",
        "bylines-TOTAL_FORMS": "0",
        "bylines-INITIAL_FORMS": "0",
        "bylines-MIN_NUM_FORMS": "0",
        "bylines-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_adding_an_article_sets_creator_slug_tags_and_sanitised_body(staff_client):
    person = make_person(name="王进喜")
    data = _form_data(
        title="重庆劳模的故事",
        body='<p onclick="x()">铁人精神</p><script>alert(1)</script>',
        **{
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-person": str(person.pk),
            "bylines-0-position": "本报记者",
            "bylines-0-order": "0",
        },
    )
    response = staff_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get()
    assert article.slug == "chongqing-laomo-de-gushi"
    assert article.created_by == staff_client.user
    assert article.status == Status.DRAFT
    assert article.body == "<p>铁人精神</p>"
    assert set(article.tags.names()) == {"大国工匠", "劳模精神"}
    assert list(article.bylines.values_list("person__name", "position")) == [("王进喜", "本报记者")]


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        (
            {
                "publish_at_0": "2026-05-01",
                "publish_at_1": "10:00:00",
                "expire_at_0": "2026-04-30",
                "expire_at_1": "10:00:00",
            },
            "下线时间必须晚于发布时间",
        ),
    ],
)
def test_invalid_article_form_shows_a_chinese_error_and_saves_nothing(staff_client, overrides, field_message):
    response = staff_client.post(reverse("admin:articles_article_add"), _form_data(**overrides))
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert not Article.objects.exists()


def test_column_change_list_shows_nested_path(staff_client):
    parent = make_column(name="中工理论")
    make_column(name="工运前沿", parent=parent)
    html = staff_client.get(reverse("admin:articles_column_changelist")).content.decode()
    assert "工运前沿" in html
    assert "中工理论" in html
    assert "gongyun-qianyan" in html


def test_source_change_list_and_search(staff_client):
    make_source(name="工人日报", url="https://www.workercn.cn/")
    make_source(name="央视网")
    html = staff_client.get(reverse("admin:articles_source_changelist"), {"q": "工人"}).content.decode()
    assert "工人日报" in html
    assert "央视网" not in html
