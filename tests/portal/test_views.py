"""Home, tag pages, the language switch and the error pages."""

from datetime import timedelta

import pytest
from django.template.loader import get_template
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from editorial.models import Tag
from tests.factories import (
    HOSTILE_TITLES,
    NON_LIVE_STATES,
    make_article,
    make_event,
    make_person,
    make_speech,
    non_live_states,
)

pytestmark = pytest.mark.django_db


def page_text(response):
    return response.content.decode()


def main_of(response):
    html = page_text(response)
    return html[html.index("<main") : html.index("</main>")]


def section(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.find("</section>", start)]


# --- home -------------------------------------------------------------------------


def test_home_shows_latest_articles_speeches_events_and_popular_tags(client):
    today = timezone.localdate()
    make_article(title="另一篇文章", tags=["劳模"])
    make_article(title="最新的文章", tags=["劳模", "工匠精神"])
    make_speech(title="最新的讲话", tags=["劳模"])
    make_event(name="下个月的大会", start_date=today + timedelta(days=30))
    make_event(name="上个月的座谈会", start_date=today - timedelta(days=30))
    html = main_of(client.get(reverse("portal:home")))
    # No placements: the newest article leads, the next make 要闻 (tests/portal/test_front_page.py).
    assert "最新的文章" in section(html, "front-lead") and "另一篇文章" in section(html, "front-top")
    assert "最新的讲话" in section(html, "home-speech")
    assert "下个月的大会" in section(html, "home-upcoming") and "上个月的座谈会" not in section(
        html, "home-upcoming"
    )
    assert "上个月的座谈会" in section(html, "home-recent")
    tags = section(html, "home-tags")
    # 劳模 is on three live pieces, 工匠精神 on one: most used first, with counts.
    assert tags.index("劳模") < tags.index("工匠精神")
    assert '劳模<span class="count">3<' in tags and '工匠精神<span class="count">1<' in tags


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_home_leaves_out_pieces_and_tags_that_are_not_live(client, state):
    make_article(title="公开的文章", tags=["公开标签"])
    make_article(title="隐藏的文章", tags=["秘密标签"], **non_live_states()[state])
    make_speech(title="隐藏的讲话", tags=["秘密标签"], **non_live_states()[state])
    html = main_of(client.get(reverse("portal:home")))
    assert "公开的文章" in html and "公开标签" in html
    assert "隐藏的文章" not in html and "隐藏的讲话" not in html and "秘密标签" not in html


def test_home_has_an_empty_state_for_every_part(client):
    html = main_of(client.get(reverse("portal:home")))
    for expected in ("还没有发布文章", "还没有发布讲话", "暂无即将举行的活动", "暂无往期活动", "还没有标签"):
        assert expected in html


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_home_escapes_titles_and_tag_names(client, title):
    make_article(title=title, short_title=title[:30], tags=[title])
    html = page_text(client.get(reverse("portal:home")))
    assert title[:30] not in html and escape(title[:30]) in html
    assert escape(title) in html  # the tag name


# --- tags -------------------------------------------------------------------------


def test_tag_page_lists_live_articles_speeches_and_events_with_the_tag(client):
    make_article(title="带标签的文章", tags=["工匠精神"])
    make_speech(title="带标签的讲话", tags=["工匠精神"])
    make_event(name="带标签的活动").tags.add("工匠精神")
    make_article(title="别的标签的文章", tags=["劳模"])
    tag = Tag.objects.get(name="工匠精神")
    html = main_of(client.get(tag.get_absolute_url()))
    assert "标签：工匠精神" in html
    assert "带标签的文章" in section(html, "tag-articles")
    assert "带标签的讲话" in section(html, "tag-speech")
    assert "带标签的活动" in section(html, "tag-events")
    assert "别的标签的文章" not in html
    assert reverse("feeds:tag", kwargs={"slug": tag.slug}) in html
    # Articles are the page's list: first in reading order, speeches and events beside them.
    assert html.index('id="tag-articles"') < html.index("<aside") < html.index('id="tag-speech"')


def test_tag_slugs_are_pinyin(client):
    make_article(title="有标签的文章", tags=["工匠精神"])
    tag = Tag.objects.get(name="工匠精神")
    assert tag.get_absolute_url() == "/tags/gongjiang-jingshen/"
    assert "有标签的文章" in main_of(client.get("/tags/gongjiang-jingshen/"))


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_tag_page_leaves_out_pieces_that_are_not_live(client, state):
    make_article(title="公开的文章", tags=["劳模"])
    make_article(title="隐藏的文章", tags=["劳模"], **non_live_states()[state])
    make_speech(title="隐藏的讲话", tags=["劳模"], **non_live_states()[state])
    html = main_of(client.get(Tag.objects.get(name="劳模").get_absolute_url()))
    assert "公开的文章" in html
    assert "隐藏的文章" not in html and "隐藏的讲话" not in html


def test_tag_page_pages_articles_by_twenty(client):
    base = timezone.now() - timedelta(days=1)
    for n in range(21):
        make_article(title=f"标签分页第{n:02d}篇", tags=["劳模"], publish_at=base + timedelta(minutes=n))
    url = Tag.objects.get(name="劳模").get_absolute_url()
    first, second = main_of(client.get(url)), main_of(client.get(url, {"page": 2}))
    assert "标签分页第20篇" in first and "标签分页第00篇" not in first
    assert "标签分页第00篇" in second and "标签分页第20篇" not in second


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_tag_that_only_hidden_pieces_carry_is_404_like_an_unknown_tag(client, state):
    make_article(title="草稿", tags=["秘密"], **non_live_states()[state])
    response = client.get(Tag.objects.get(name="秘密").get_absolute_url())
    assert response.status_code == 404
    assert "秘密" not in page_text(response) and "草稿" not in page_text(response)
    assert client.get(reverse("portal:tag", kwargs={"slug": "mei-you"})).status_code == 404


def test_tag_carried_only_by_an_event_still_has_a_page(client):
    make_event(name="只有活动的标签").tags.add("表彰")
    html = main_of(client.get(Tag.objects.get(name="表彰").get_absolute_url()))
    assert "只有活动的标签" in html and "这个标签下还没有文章" in html


def test_tag_list_counts_only_live_pieces_and_leaves_out_unused_tags(client):
    make_article(title="一", tags=["劳模"])
    make_speech(title="二", tags=["劳模"])
    make_article(title="三", tags=["劳模", "秘密"], **non_live_states()["scheduled"])
    make_event(name="大会").tags.add("表彰")
    html = main_of(client.get(reverse("portal:tag_list")))
    assert '劳模<span class="count">2<' in html
    assert '表彰<span class="count">1<' in html
    assert "秘密" not in html


def test_tag_list_has_an_empty_state(client):
    assert "还没有标签" in main_of(client.get(reverse("portal:tag_list")))


# --- layout, language, errors -----------------------------------------------------


def test_every_page_has_the_shared_layout(client):
    html = page_text(client.get(reverse("portal:home")))
    assert '<html lang="zh-Hans">' in html
    assert '<a class="skip-link" href="#main">' in html and '<main id="main"' in html
    assert f'action="{reverse("search:results")}"' in html and 'name="q"' in html
    assert '<label for="site-search-q">' in html
    for url in ("articles:list", "speeches:list", "people:list", "events:list", "portal:tag_list"):
        assert f'href="{reverse(url)}"' in html
    assert "csrfmiddlewaretoken" not in html  # public pages stay cacheable


# The language switch and its CSRF protection: tests/portal/test_language_switch.py.


def test_missing_page_uses_the_site_404_template(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = page_text(response)
    assert "页面不存在" in html and 'class="skip-link"' in html


@override_settings(DEBUG=False)
def test_server_error_page_renders_without_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = get_template("500.html").render({})
    assert "服务器出错" in html and '<html lang="zh-Hans">' in html
    assert "{#" not in html and "comment" not in html


def test_person_and_event_pages_link_back_into_the_site(client):
    person, event = make_person(name="王进喜"), make_event(name="大会")
    for obj in (person, event):
        assert f'href="{reverse("portal:home")}"' in main_of(client.get(obj.get_absolute_url()))


def test_tag_page_shows_the_latest_speeches_and_links_to_all_of_them(client):
    base = timezone.now() - timedelta(days=1)
    for n in range(7):
        make_speech(title=f"标签讲话第{n}篇", tags=["劳模"], publish_at=base + timedelta(minutes=n))
    tag = Tag.objects.get(name="劳模")
    speeches = section(main_of(client.get(tag.get_absolute_url())), "tag-speech")
    assert [f"标签讲话第{n}篇" in speeches for n in range(7)] == [False, False] + [True] * 5
    all_speeches = f"{reverse('speeches:list')}?tag={tag.slug}"
    assert f'href="{all_speeches}"' in speeches
    listed = main_of(client.get(all_speeches))
    assert all(f"标签讲话第{n}篇" in listed for n in range(7)) and "标签“劳模”下的讲话" in listed


def test_tag_page_without_more_speeches_has_no_link_to_them(client):
    make_speech(title="唯一的讲话", tags=["劳模"])
    tag = Tag.objects.get(name="劳模")
    speeches = section(main_of(client.get(tag.get_absolute_url())), "tag-speech")
    assert "唯一的讲话" in speeches and "?tag=" not in speeches


def test_site_links_follow_the_script_prefix(rf):
    from django.urls import set_script_prefix

    from portal.context_processors import site

    request = rf.get("/")
    assert site(request)["site_urls"]["articles_list"] == "/articles/"
    set_script_prefix("/cms/")  # as a server mounting the site under /cms sets it
    try:
        urls = site(request)["site_urls"]
    finally:
        set_script_prefix("/")
    assert (urls["articles_list"], urls["search_results"]) == ("/cms/articles/", "/cms/search/")
    assert site(request)["site_urls"]["portal_home"] == "/"
