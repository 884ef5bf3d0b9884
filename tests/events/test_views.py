"""Public event pages: upcoming and past events, and one event with its live pieces."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.factories import (
    HOSTILE_TITLES,
    NON_LIVE_STATES,
    make_article,
    make_event,
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


def test_event_list_splits_upcoming_and_past_events(client):
    today = timezone.localdate()
    make_event(name="明年的表彰大会", start_date=today + timedelta(days=30), place="北京")
    make_event(
        name="正在进行的技能大赛", start_date=today - timedelta(days=1), end_date=today + timedelta(days=1)
    )
    make_event(name="去年的座谈会", start_date=today - timedelta(days=365))
    make_event(name="日期未定的论坛", start_date=None)
    html = main_of(client.get(reverse("events:list")))
    upcoming, past = section(html, "events-upcoming"), section(html, "events-past")
    assert "明年的表彰大会" in upcoming and "正在进行的技能大赛" in upcoming and "北京" in upcoming
    assert "去年的座谈会" not in upcoming and "日期未定的论坛" not in upcoming
    assert "去年的座谈会" in past and "日期未定的论坛" in past and "明年的表彰大会" not in past
    assert past.index("去年的座谈会") < past.index("日期未定的论坛")


def test_event_list_has_empty_states_for_both_parts(client):
    html = main_of(client.get(reverse("events:list")))
    assert "暂无即将举行的活动" in html and "暂无往期活动" in html


def test_event_list_pages_past_events_by_twenty(client):
    today = timezone.localdate()
    for n in range(1, 23):
        make_event(name=f"往期活动{n:02d}", start_date=today - timedelta(days=n))
    make_event(name="未来活动", start_date=today + timedelta(days=3))
    first = main_of(client.get(reverse("events:list")))
    second = main_of(client.get(reverse("events:list"), {"page": 2}))
    assert "往期活动01" in first and "往期活动20" in first and "往期活动21" not in first
    assert "往期活动21" in second and "往期活动01" not in second
    assert "未来活动" in first and "未来活动" not in second


def test_event_detail_shows_its_live_speeches_and_articles(client):
    event = make_event(name="全国劳动模范和先进工作者表彰大会", place="人民大会堂", description="五年一次。")
    event.tags.add("表彰")
    make_speech(title="在大会上的讲话", occasion=event)
    linked = make_speech(title="关联到大会的讲话")
    linked.events.add(event)
    make_article(title="大会召开的报道").events.add(event)
    make_speech(title="大会讲话草稿", occasion=event, **non_live_states()["draft"])
    make_article(title="其他活动的报道")
    html = main_of(client.get(event.get_absolute_url()))
    for expected in (
        "全国劳动模范和先进工作者表彰大会",
        "人民大会堂",
        "五年一次。",
        "表彰",
        "在大会上的讲话",
        "关联到大会的讲话",
        "大会召开的报道",
    ):
        assert expected in html, expected
    assert "大会讲话草稿" not in html and "其他活动的报道" not in html


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_event_detail_leaves_out_pieces_that_are_not_live(client, state):
    event = make_event(name="座谈会")
    make_speech(title="隐藏的讲话", occasion=event, **non_live_states()[state])
    make_article(title="隐藏的报道", **non_live_states()[state]).events.add(event)
    html = main_of(client.get(event.get_absolute_url()))
    assert "隐藏的讲话" not in html and "隐藏的报道" not in html
    assert "还没有这次活动的讲话" in html and "还没有这次活动的文章" in html


def test_unknown_event_is_404(client):
    assert client.get(reverse("events:detail", kwargs={"slug": "mei-you"})).status_code == 404


@pytest.mark.parametrize("name", HOSTILE_TITLES)
def test_event_names_are_escaped(client, name):
    event = make_event(name=name, place=name, description=name)
    for url in (reverse("events:list"), event.get_absolute_url()):
        html = page_text(client.get(url))
        assert name not in html
        assert escape(name) in html
