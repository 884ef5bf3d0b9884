"""Event validation: dates make sense, with Chinese messages."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from events.models import Event
from tests.factories import make_event

pytestmark = pytest.mark.django_db

MAY_1 = datetime.date(2026, 5, 1)


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (MAY_1, MAY_1 - datetime.timedelta(days=1), "end_date", "结束日期不能早于开始日期。"),
        (None, MAY_1, "start_date", "填写了结束日期时，开始日期必填。"),
    ],
)
def test_impossible_dates_are_refused_with_a_chinese_message(start, end, field, message):
    with pytest.raises(ValidationError) as excinfo:
        Event(name="劳模座谈会", start_date=start, end_date=end).full_clean()
    assert excinfo.value.message_dict[field] == [message]


@pytest.mark.parametrize(
    ("start", "end"),
    [(MAY_1, MAY_1), (MAY_1, MAY_1 + datetime.timedelta(days=2)), (MAY_1, None), (None, None)],
)
def test_sensible_dates_are_accepted(start, end):
    Event(name="劳模座谈会", start_date=start, end_date=end).full_clean()


def test_str_shows_the_date_when_known():
    assert str(make_event(name="表彰大会", start_date=MAY_1)) == "表彰大会（2026-05-01）"
    assert str(make_event(name="座谈会", start_date=None)) == "座谈会"


def test_slug_is_pinyin_and_unique():
    first = make_event(name="劳模座谈会")
    second = make_event(name="劳模座谈会")
    assert (first.slug, second.slug) == ("laomo-zuotanhui", "laomo-zuotanhui-2")


def test_events_are_ordered_newest_first():
    old = make_event(start_date=MAY_1 - datetime.timedelta(days=365))
    new = make_event(start_date=MAY_1)
    assert list(Event.objects.filter(pk__in=[old.pk, new.pk])) == [new, old]
