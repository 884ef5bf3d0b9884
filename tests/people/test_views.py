"""Public person pages: the directory and one person's live work."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from articles.models import ArticleAuthor
from tests.factories import (
    HOSTILE_TITLES,
    NON_LIVE_STATES,
    make_article,
    make_person,
    make_speech,
    non_live_states,
)

pytestmark = pytest.mark.django_db


def make_listed_person(**kwargs):
    """A person the people list shows: one with a live piece (people/pieces.py)."""
    person = make_person(**kwargs)
    make_speech(title=f"{person.name}的讲话", speaker=person)
    return person


def page_text(response):
    return response.content.decode()


def main_of(response):
    html = page_text(response)
    return html[html.index("<main") : html.index("</main>")]


def test_person_list_shows_names_aliases_positions_and_honours(client):
    make_listed_person(
        name="王进喜",
        aliases="铁人",
        positions="大庆油田1205钻井队队长\n全国人大代表",
        honours="全国劳动模范",
    )
    html = main_of(client.get(reverse("people:list")))
    for expected in ("王进喜", "“铁人”", "大庆油田1205钻井队队长", "全国劳动模范"):
        assert expected in html, expected
    assert "全国人大代表" not in html  # only the first position fits a card


def test_person_list_pages_by_twenty_and_has_an_empty_state(client):
    assert "还没有人物" in main_of(client.get(reverse("people:list")))
    make_person(name="只有草稿的人")  # no live piece: not listed, the list is still empty
    assert "还没有人物" in main_of(client.get(reverse("people:list")))
    for n in range(22):
        make_listed_person(name=f"人物{n:02d}")
    first = main_of(client.get(reverse("people:list")))
    second = main_of(client.get(reverse("people:list"), {"page": 2}))
    assert "人物00" in first and "人物19" in first and "人物20" not in first
    assert "人物20" in second and "人物21" in second and "人物00" not in second
    assert "还没有人物" not in first


def test_person_detail_lists_everything_live_they_wrote_delivered_edited_or_appear_in(client):
    person = make_person(
        name="许振超",
        aliases="桥吊状元、许大拿",
        positions="青岛港桥吊队队长",
        honours="全国劳动模范\n大国工匠",
        bio="许振超，山东荣成人。",
    )
    written = make_article(title="我的工匠之路")
    ArticleAuthor.objects.create(article=written, person=person, position="青岛港工人")
    make_speech(title="在技能大赛上的发言", speaker=person)
    make_article(title="他编辑的稿子", responsible_editor=person)
    mentioned = make_article(title="报道许振超的文章")
    mentioned.people.add(person)
    mentioned_speech = make_speech(title="提到许振超的讲话")
    mentioned_speech.people.add(person)
    html = main_of(client.get(person.get_absolute_url()))
    for expected in (
        "许振超",
        "“桥吊状元”",
        "“许大拿”",
        "青岛港桥吊队队长",
        "全国劳动模范",
        "大国工匠",
        "许振超，山东荣成人。",
        "署名文章",
        "我的工匠之路",
        "在技能大赛上的发言",
        "担任责任编辑",
        "他编辑的稿子",
        "报道许振超的文章",
        "提到许振超的讲话",
    ):
        assert expected in html, expected
    assert "还没有与此人相关" not in html


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_person_detail_leaves_out_pieces_that_are_not_live(client, state):
    person = make_person(name="王进喜")
    hidden_kwargs = non_live_states()[state]
    written = make_article(title="未公开的署名文章", **hidden_kwargs)
    ArticleAuthor.objects.create(article=written, person=person)
    make_speech(title="未公开的讲话", speaker=person, **hidden_kwargs)
    make_article(title="未公开的编辑稿", responsible_editor=person, **hidden_kwargs)
    make_article(title="未公开的报道", **hidden_kwargs).people.add(person)
    html = main_of(client.get(person.get_absolute_url()))
    for hidden in ("未公开的署名文章", "未公开的讲话", "未公开的编辑稿", "未公开的报道"):
        assert hidden not in html
    assert "还没有与此人相关的已发布内容" in html


def test_unknown_person_is_404(client):
    make_person(name="王进喜")
    assert client.get(reverse("people:detail", kwargs={"slug": "bu-cun-zai"})).status_code == 404


@pytest.mark.parametrize("name", HOSTILE_TITLES)
def test_person_names_and_bios_are_escaped(client, name):
    person = make_listed_person(name=name, bio=name, aliases=name)
    for url in (reverse("people:list"), person.get_absolute_url()):
        html = page_text(client.get(url))
        assert name not in html
        assert escape(name) in html


def test_person_page_caps_each_list_and_says_so(client, monkeypatch):
    from people.views import person_sections

    # The lists' SQL is written once (PreparedQuery): the limit is part of it.
    monkeypatch.setattr("people.views.PIECES_PER_SECTION", 2)
    monkeypatch.setattr("people.views.SECTIONS", person_sections(2))
    person = make_person(name="高产作者")
    for n in range(3):
        make_article(title=f"报道第{n}篇").people.add(person)
    html = main_of(client.get(person.get_absolute_url()))
    assert "报道第2篇" in html and "报道第1篇" in html and "报道第0篇" not in html
    assert "每类只列出最近 2 篇" in html
    assert reverse("feeds:person", kwargs={"slug": person.slug}) in html
