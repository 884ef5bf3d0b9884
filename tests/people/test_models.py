"""Person: aliases, positions and honours as editors type them."""

import pytest

from people.models import Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        ("铁人", ["铁人"]),
        ("铁人、高炉卫士", ["铁人", "高炉卫士"]),
        ("铁人，高炉卫士, 老英雄；劳模", ["铁人", "高炉卫士", "老英雄", "劳模"]),
        ("铁人\n\n高炉卫士\n", ["铁人", "高炉卫士"]),
        ("铁人、铁人", ["铁人"]),
        ("", []),
    ],
)
def test_alias_list_splits_on_chinese_and_latin_separators(aliases, expected):
    assert Person(name="王进喜", aliases=aliases).alias_list == expected


def test_positions_split_only_on_lines_because_positions_contain_enumeration_commas():
    person = Person(name="王晓峰", positions="全国总工会研究室、宣教部干部\n\n工人日报特约评论员\n")
    assert person.position_list == ["全国总工会研究室、宣教部干部", "工人日报特约评论员"]


def test_honours_and_names():
    person = Person(name="王进喜", aliases="铁人", honours="全国劳动模范、五一劳动奖章")
    assert person.honour_list == ["全国劳动模范", "五一劳动奖章"]
    assert person.names == ["王进喜", "铁人"]


def test_slug_is_pinyin_and_namesakes_get_distinct_slugs():
    first = make_person(name="王进喜")
    second = make_person(name="王进喜")
    assert first.slug == "wang-jinxi"
    assert second.slug == f"{first.slug}-2"
    assert Person.objects.filter(name="王进喜").count() == 2
