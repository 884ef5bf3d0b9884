"""Public article pages: list, detail, column. Only live content, escaped metadata."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import ArticleAuthor
from tests.factories import (
    HOSTILE_TITLES,
    NON_LIVE_STATES,
    make_article,
    make_column,
    make_event,
    make_person,
    make_source,
    non_live_states,
)

pytestmark = pytest.mark.django_db


def page_text(response):
    return response.content.decode()


# --- list -------------------------------------------------------------------------


def test_article_list_shows_live_articles_newest_first(client):
    older = make_article(title="劳模座谈会在京召开", publish_at=timezone.now() - timedelta(days=2))
    newer = make_article(title="大国工匠走进校园", publish_at=timezone.now() - timedelta(hours=2))
    html = page_text(client.get(reverse("articles:list")))
    assert older.title in html and newer.title in html
    assert html.index(newer.title) < html.index(older.title)


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_article_list_hides_articles_that_are_not_live(client, state):
    make_article(title="已经公开的文章")
    make_article(title="不该出现的文章", **non_live_states()[state])
    html = page_text(client.get(reverse("articles:list")))
    assert "已经公开的文章" in html
    assert "不该出现的文章" not in html


def test_article_list_has_an_explicit_empty_state(client):
    make_article(title="草稿一篇", **non_live_states()["draft"])
    html = page_text(client.get(reverse("articles:list")))
    assert "还没有发布文章" in html
    assert "草稿一篇" not in html


def test_article_list_pages_by_twenty(client):
    base = timezone.now() - timedelta(days=1)
    for n in range(25):
        make_article(title=f"分页测试第{n:02d}篇", publish_at=base + timedelta(minutes=n))
    first = client.get(reverse("articles:list"))
    second = client.get(reverse("articles:list"), {"page": 2})
    assert len(first.context["object_list"]) == 20
    assert "分页测试第24篇" in page_text(first) and "分页测试第04篇" not in page_text(first)
    assert len(second.context["object_list"]) == 5
    assert "分页测试第04篇" in page_text(second) and "分页测试第24篇" not in page_text(second)
    assert 'rel="next"' in page_text(first) and 'rel="prev"' in page_text(second)
    assert client.get(reverse("articles:list"), {"page": 3}).status_code == 404


def test_article_list_never_loads_bodies(client):
    make_article(title="正文不进列表", summary="列表摘要", body="<p>只在详情页出现的正文独有内容</p>")
    response = client.get(reverse("articles:list"))
    article = response.context["object_list"][0]
    assert "body" in article.get_deferred_fields()
    assert "只在详情页出现的正文独有内容" not in page_text(response)


# --- detail -----------------------------------------------------------------------


@pytest.fixture
def full_article():
    theory = make_column(name="中工理论")
    frontier = make_column(name="工运前沿", parent=theory)
    author = make_person(name="王小工")
    editor = make_person(name="李编辑")
    mentioned = make_person(name="许振超")
    event = make_event(name="全国劳动模范表彰大会")
    article = make_article(
        kicker="弘扬劳模精神",
        title="新时代产业工人队伍建设",
        subtitle="访全国劳动模范许振超",
        body="<p>" + "劳" * 1200 + "</p><p><strong>加粗的正文</strong></p>",
        column=frontier,
        source=make_source(name="工人日报", url="https://www.workercn.cn/"),
        via="ZAKER",
        original_url="https://www.workercn.cn/c/2024-05-01/1.shtml",
        responsible_editor=editor,
        author_note="作者为中国劳动关系学院教授",
        publish_at=datetime(2024, 5, 1, 0, 30, tzinfo=UTC),
        tags=["工匠精神", "劳模"],
    )
    ArticleAuthor.objects.create(article=article, person=author, position="中国劳动关系学院教授", order=0)
    article.people.add(mentioned)
    article.events.add(event)
    return article


def test_article_detail_shows_every_part_of_the_article(client, full_article):
    response = client.get(full_article.get_absolute_url())
    html = page_text(response)
    for expected in (
        "弘扬劳模精神",
        "新时代产业工人队伍建设",
        "访全国劳动模范许振超",
        "王小工",
        "（中国劳动关系学院教授）",
        "来源：",
        'href="https://www.workercn.cn/"',
        "工人日报",
        "转载平台：ZAKER",
        "原文链接：",
        "https://www.workercn.cn/c/2024-05-01/1.shtml",
        "责任编辑：",
        "李编辑",
        "作者为中国劳动关系学院教授",
        "工匠精神",
        "许振超",
        "全国劳动模范表彰大会",
        "<strong>加粗的正文</strong>",
    ):
        assert expected in html, expected
    assert response.context["article"] == full_article


def test_article_detail_shows_the_date_in_beijing_time(client, full_article):
    html = page_text(client.get(full_article.get_absolute_url()))
    main = html[html.index("<main") :]
    assert '<time datetime="2024-05-01T08:30:00+08:00">2024年5月1日 08:30</time>' in main
    assert "00:30" not in main


def test_article_detail_counts_reading_time_in_characters(client, full_article):
    # 1,200 + 5 characters at 400 a minute: about 3 minutes.
    assert "约 3 分钟" in page_text(client.get(full_article.get_absolute_url()))


def test_article_detail_breadcrumbs_follow_the_column_path(client, full_article):
    html = page_text(client.get(full_article.get_absolute_url()))
    crumbs = html[html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))]
    assert crumbs.index("首页") < crumbs.index("中工理论") < crumbs.index("工运前沿")
    assert reverse("articles:column", kwargs={"slug": full_article.column.slug}) in crumbs


def test_an_article_without_a_column_has_the_article_list_as_its_crumb(client):
    html = page_text(client.get(make_article(title="不属于任何栏目").get_absolute_url()))
    crumbs = html[html.index('class="breadcrumbs"') : html.index("</nav>", html.index('class="breadcrumbs"'))]
    assert crumbs.index("首页") < crumbs.index(f'<a href="{reverse("articles:list")}">文章</a>')


def test_article_detail_keeps_the_via_platform_apart_from_the_source(client):
    article = make_article(title="只有转载平台", via="ZAKER")
    html = page_text(client.get(article.get_absolute_url()))
    assert "转载平台：ZAKER" in html
    assert "来源：" not in html


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_article_detail_is_404_unless_live(client, state):
    article = make_article(title="看不见的文章", **non_live_states()[state])
    assert client.get(article.get_absolute_url()).status_code == 404


def test_unknown_article_slug_is_404(client):
    make_article(title="真实存在的文章")
    response = client.get(reverse("articles:detail", kwargs={"slug": "bu-cun-zai"}))
    assert response.status_code == 404
    assert "真实存在的文章" not in page_text(response)


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_article_titles_are_escaped_on_list_and_detail(client, title):
    article = make_article(title=title, short_title="危险标题", kicker=title, subtitle=title)
    for url in (reverse("articles:list"), article.get_absolute_url()):
        html = page_text(client.get(url))
        assert title not in html
        assert escape(title) in html


def test_previous_and_next_stay_in_the_column_and_skip_hidden_articles(client):
    column, other = make_column(name="工运前沿"), make_column(name="劳模风采")
    now = timezone.now()
    first = make_article(title="同栏目较早一篇", column=column, publish_at=now - timedelta(days=3))
    make_article(title="同栏目草稿", column=column, **non_live_states()["draft"])
    middle = make_article(title="中间这一篇", column=column, publish_at=now - timedelta(days=2))
    make_article(title="别的栏目文章", column=other, publish_at=now - timedelta(days=1, hours=12))
    make_article(
        title="同栏目已下线",
        column=column,
        publish_at=now - timedelta(days=1, hours=6),
        expire_at=now - timedelta(hours=1),
    )
    last = make_article(title="同栏目较晚一篇", column=column, publish_at=now - timedelta(days=1))
    html = page_text(client.get(middle.get_absolute_url()))
    nav = html[html.index('class="piece-nav"') :]
    assert f'rel="prev" href="{first.get_absolute_url()}"' in nav
    assert f'rel="next" href="{last.get_absolute_url()}"' in nav
    for hidden in ("同栏目草稿", "别的栏目文章", "同栏目已下线"):
        assert hidden not in html
    first_html = page_text(client.get(first.get_absolute_url()))
    assert 'rel="prev"' not in first_html and "中间这一篇" in first_html


def test_previous_and_next_order_articles_published_at_the_same_moment_by_id():
    from articles.views import neighbours

    column = make_column(name="同一时刻")
    moment = timezone.now() - timedelta(hours=2)
    same = [make_article(column=column, publish_at=moment) for _ in range(3)]
    before = make_article(column=column, publish_at=moment - timedelta(minutes=1))
    after = make_article(column=column, publish_at=moment + timedelta(minutes=1))
    order = [before, *same, after]  # (publish_at, id): the list's own order, oldest first
    for index, article in enumerate(order):
        previous, following = neighbours(article)
        assert previous == (order[index - 1] if index else None)
        assert following == (order[index + 1] if index + 1 < len(order) else None)


def test_related_articles_share_a_tag_person_or_event_and_are_live(client):
    person, event = make_person(name="王进喜"), make_event(name="铁人精神座谈会")
    article = make_article(title="主文章", tags=["铁人精神"])
    article.people.add(person)
    article.events.add(event)
    by_tag = make_article(title="同标签文章", tags=["铁人精神"])
    by_person = make_article(title="同人物文章")
    by_person.people.add(person)
    by_event = make_article(title="同活动文章")
    by_event.events.add(event)
    make_article(title="无关文章", tags=["别的"])
    make_article(title="同标签草稿", tags=["铁人精神"], **non_live_states()["draft"])
    html = page_text(client.get(article.get_absolute_url()))
    related = html[html.index('id="related-heading"') :]
    for expected in (by_tag, by_person, by_event):
        assert expected.title in related
    assert "无关文章" not in related and "同标签草稿" not in related and "主文章" not in related


def test_related_articles_load_only_what_their_links_print(client):
    article = make_article(title="主文章", tags=["铁人精神"])
    make_article(title="同标签文章", short_title="短题", summary="不在链接里", tags=["铁人精神"])
    response = client.get(article.get_absolute_url())
    (related,) = response.context["related_articles"]
    assert related.get_deferred_fields() >= {"body", "summary", "head_image_id"}
    assert {"title", "short_title", "slug", "publish_at"}.isdisjoint(related.get_deferred_fields())
    assert "短题" in page_text(response)


def test_byline_authors_count_as_related_people(client):
    author = make_person(name="王小工")
    article = make_article(title="署名文章")
    ArticleAuthor.objects.create(article=article, person=author)
    other = make_article(title="同作者提到的文章")
    other.people.add(author)
    html = page_text(client.get(article.get_absolute_url()))
    assert "同作者提到的文章" in html


# --- column -----------------------------------------------------------------------


def test_column_page_lists_live_articles_of_the_column_and_its_children(client):
    theory = make_column(name="中工理论")
    frontier = make_column(name="工运前沿", parent=theory)
    other = make_column(name="劳模风采")
    make_article(title="理论栏目文章", column=theory)
    make_article(title="子栏目文章", column=frontier)
    make_article(title="别的栏目文章", column=other)
    make_article(title="理论栏目草稿", column=theory, **non_live_states()["draft"])
    make_article(title="子栏目定时稿", column=frontier, **non_live_states()["scheduled"])
    html = page_text(client.get(theory.get_absolute_url()))
    assert "理论栏目文章" in html and "子栏目文章" in html
    assert frontier.get_absolute_url() in html  # the sub-column is offered as a link
    for hidden in ("别的栏目文章", "理论栏目草稿", "子栏目定时稿"):
        assert hidden not in html


def test_child_column_page_shows_its_path_and_not_its_parents_articles(client):
    theory = make_column(name="中工理论")
    frontier = make_column(name="工运前沿", parent=theory)
    make_article(title="父栏目文章", column=theory)
    make_article(title="子栏目文章", column=frontier)
    html = page_text(client.get(frontier.get_absolute_url()))
    assert "子栏目文章" in html and "父栏目文章" not in html
    assert theory.get_absolute_url() in html
    assert '<span aria-current="page">工运前沿</span>' in html


def test_column_page_has_an_empty_state_and_unknown_columns_are_404(client):
    column = make_column(name="空栏目")
    assert "这个栏目还没有发布文章" in page_text(client.get(column.get_absolute_url()))
    assert client.get(reverse("articles:column", kwargs={"slug": "mei-you"})).status_code == 404


# --- old addresses ----------------------------------------------------------------


def remember_slug(piece, slug):
    """A revision snapshot from when the piece had another slug (what the workflow keeps)."""
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import Revision

    Revision.objects.create(
        content_type=ContentType.objects.get_for_model(piece),
        object_id=piece.pk,
        version=1,
        snapshot={"title": piece.title, "slug": slug},
    )


def test_an_old_address_of_a_live_article_redirects_permanently(client):
    article = make_article(title="改过网址的文章", slug="xin-wang-zhi")
    remember_slug(article, "jiu-wang-zhi")
    response = client.get(reverse("articles:detail", kwargs={"slug": "jiu-wang-zhi"}))
    assert response.status_code == 301
    assert response["Location"] == "/articles/xin-wang-zhi/"


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_an_old_address_of_a_hidden_article_is_404(client, state):
    article = make_article(title="改过网址的草稿", slug="xin-wang-zhi", **non_live_states()[state])
    remember_slug(article, "jiu-wang-zhi")
    assert client.get(reverse("articles:detail", kwargs={"slug": "jiu-wang-zhi"})).status_code == 404


def test_an_old_address_taken_by_another_article_shows_that_article(client):
    renamed = make_article(title="改名的文章", slug="xin-wang-zhi")
    remember_slug(renamed, "jiu-wang-zhi")
    make_article(title="现在用这个网址的文章", slug="jiu-wang-zhi")
    response = client.get(reverse("articles:detail", kwargs={"slug": "jiu-wang-zhi"}))
    assert response.status_code == 200
    assert "现在用这个网址的文章" in page_text(response)
