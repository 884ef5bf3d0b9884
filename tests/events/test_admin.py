"""The event admin: list, validation, and the content that links to an event."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from tests.factories import make_article, make_event, make_speech

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_event_change_list_has_a_fixed_query_count_and_shows_places(staff_client):
    url = reverse("admin:events_event_changelist")
    for _ in range(5):
        make_event(place="北京人民大会堂").tags.add("劳模表彰")
    small, _html = _queries(staff_client, url)
    for _ in range(45):
        make_event(place="北京人民大会堂").tags.add("劳模表彰")
    large, html = _queries(staff_client, url)
    assert small == large
    assert html.count("北京人民大会堂") >= 50


def test_event_change_page_lists_its_speeches_and_articles(staff_client):
    event = make_event(name="全国劳动模范和先进工作者表彰大会")
    delivered = make_speech(title="在表彰大会上的讲话", occasion=event)
    article = make_article(title="表彰大会侧记")
    article.events.add(event)
    other = make_speech(title="别的场合的讲话")

    html = staff_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    assert reverse("admin:speeches_speech_change", args=[delivered.pk]) in html
    assert reverse("admin:articles_article_change", args=[article.pk]) in html
    assert "表彰大会侧记" in html
    assert other.title not in html


def test_new_event_page_says_nothing_is_linked_yet(staff_client):
    html = staff_client.get(reverse("admin:events_event_add")).content.decode()
    assert "在此活动上的讲话" not in html


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-05-02", "2026-05-01", "结束日期不能早于开始日期"),
        ("", "2026-05-01", "开始日期必填"),
    ],
)
def test_event_form_refuses_impossible_dates_with_a_chinese_message(staff_client, start, end, message):
    response = staff_client.post(
        reverse("admin:events_event_add"),
        {
            "name": "劳模座谈会",
            "start_date": start,
            "end_date": end,
            "place": "",
            "description": "",
            "tags": "",
            "slug": "",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_event_form_saves_valid_dates_and_tags(staff_client):
    response = staff_client.post(
        reverse("admin:events_event_add"),
        {
            "name": "劳模座谈会",
            "start_date": "2026-05-01",
            "end_date": "2026-05-01",
            "place": "北京",
            "description": "",
            "tags": "劳模, 座谈会",
            "slug": "",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.start_date == datetime.date(2026, 5, 1)
    assert event.slug == "laomo-zuotanhui"
    assert set(event.tags.names()) == {"劳模", "座谈会"}


def test_event_tag_filter_offers_only_tags_events_carry(staff_client):
    make_event(name="劳模表彰大会").tags.add("劳模表彰")
    make_article(tags=["只在文章里的标签"])
    url = reverse("admin:events_event_changelist")
    html = staff_client.get(url).content.decode()
    assert "劳模表彰" in html
    assert "只在文章里的标签" not in html
    filtered = staff_client.get(url, {"tags__id__exact": Event.objects.get().tags.get().pk}).content.decode()
    assert "劳模表彰大会" in filtered
