"""The home page's slots (推荐位): placed pieces, their order and expiry, the rules that fill
the rest, who may arrange them, the audit entry, the page cache, and the query budget."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial import cache as rules
from portal.models import Placement, Slot
from portal.placements import arrange, front_page
from tests.factories import NON_LIVE_STATES, make_article, make_column, make_speech, non_live_states

pytestmark = pytest.mark.django_db


def slot(kind):
    return Slot.objects.get(kind=kind)


def shown(kind):
    return [piece.title for s, pieces in front_page() if s.kind == kind for piece in pieces]


def articles(count, **kwargs):
    """``count`` live articles, the first the newest."""
    now = timezone.now()
    return [
        make_article(title=f"稿件{n}", publish_at=now - timedelta(hours=1, minutes=n), **kwargs)
        for n in range(count)
    ]


def main_of(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def region(html, heading_id):
    start = html.index(f'id="{heading_id}"')
    return html[start : html.find("</section>", start)]


# --- rules and placements ---------------------------------------------------------


def test_empty_slots_fall_back_to_the_newest_articles_without_repeating_one():
    pieces = articles(12)
    assert shown(Slot.Kind.LEAD) == ["稿件0"]
    assert shown(Slot.Kind.TOP) == [f"稿件{n}" for n in range(1, 9)]  # 要闻 holds 8
    assert shown(Slot.Kind.FOCUS) == []  # none has a picture
    assert len(pieces) == 12


def test_focus_falls_back_to_the_newest_pieces_with_a_picture():
    make_article(title="有图稿", head_image_url="https://img.example.cn/a.jpg")
    make_article(title="无图新稿")  # the newest: it leads
    assert shown(Slot.Kind.FOCUS) == ["有图稿"]
    assert "有图稿" not in shown(Slot.Kind.TOP)


def test_a_column_block_falls_back_to_its_column_and_sub_columns():
    theory = make_column(name="中工理论")
    frontier = make_column(name="工运前沿", parent=theory)
    make_article(title="理论稿", column=theory)
    make_article(title="前沿稿", column=frontier)
    make_article(title="别的栏目", column=make_column(name="新闻"))
    Slot.objects.create(kind=Slot.Kind.COLUMN, column=theory, size=5)
    block = [pieces for s, pieces in front_page() if s.kind == Slot.Kind.COLUMN][0]
    assert {piece.title for piece in block} == {"理论稿", "前沿稿"}


def test_placed_pieces_show_in_the_editors_order_before_the_rule(users):
    old = articles(3)
    newest = make_article(title="最新稿")
    arrange(slot(Slot.Kind.LEAD), users["zhuren"], [old[2]])
    arrange(slot(Slot.Kind.TOP), users["zhuren"], [old[1], old[0]])
    assert shown(Slot.Kind.LEAD) == ["稿件2"]
    # The placed pieces first, then the newest not shown above.
    assert shown(Slot.Kind.TOP) == ["稿件1", "稿件0", newest.title]


def test_a_speech_can_lead(client, users):
    speech = make_speech(title="讲话做头条")
    articles(2)
    arrange(slot(Slot.Kind.LEAD), users["zongbian"], [speech])
    html = main_of(client.get(reverse("portal:home")))
    assert "讲话做头条" in region(html, "front-lead")


def test_the_lead_is_never_empty_while_an_article_is_live(users):
    pieces = articles(3)
    arrange(slot(Slot.Kind.TOP), users["zhuren"], pieces)
    assert shown(Slot.Kind.LEAD) == [pieces[0].title]  # repeated rather than no lead at all


def test_a_piece_placed_in_lead_and_top_shows_once(users):
    piece, other = articles(2)
    arrange(slot(Slot.Kind.LEAD), users["zhuren"], [piece])
    arrange(slot(Slot.Kind.TOP), users["zhuren"], [piece, other])
    assert shown(Slot.Kind.LEAD) == [piece.title]
    assert piece.title not in shown(Slot.Kind.TOP)


def test_an_expired_placement_gives_way_to_the_rule_at_its_moment(users):
    placed, newest = articles(2)[::-1]
    at = timezone.now() + timedelta(hours=2)
    arrange(slot(Slot.Kind.LEAD), users["zhuren"], [(placed, at)])
    with time_machine.travel(at - timedelta(seconds=1), tick=False):
        assert shown(Slot.Kind.LEAD) == [placed.title]
    with time_machine.travel(at, tick=False):
        assert shown(Slot.Kind.LEAD) == [newest.title]


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_a_placed_piece_readers_cannot_see_is_left_out(client, users, state):
    live = make_article(title="公开稿")
    hidden = make_article(title="隐藏稿")
    arrange(slot(Slot.Kind.LEAD), users["zhuren"], [hidden])
    type(hidden).objects.filter(pk=hidden.pk).update(**non_live_states()[state])
    assert shown(Slot.Kind.LEAD) == [live.title]
    assert "隐藏稿" not in main_of(client.get("/"))


# Local noon, so that the next midnight (always a boundary) never comes first.
NOON = timezone.make_aware(timezone.datetime(2026, 5, 1, 12, 0))


@time_machine.travel(NOON, tick=False)
def test_a_placement_expiry_is_a_page_cache_boundary(users):
    piece = make_article()
    now = timezone.now()
    at = now + timedelta(minutes=30)
    arrange(slot(Slot.Kind.LEAD), users["zhuren"], [(piece, at)])
    assert rules.compute_boundary(now) == at
    Placement.objects.update(expires_at=now - timedelta(minutes=1))
    assert rules.compute_boundary(now) > at  # a passed expiry no longer counts


# --- the page cache -----------------------------------------------------------------


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_arranging_a_slot_renews_the_cached_home_page(client, users, page_cache):
    first, second = articles(2)
    before = client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    assert first.title in region(main_of(before), "front-lead")
    arrange(slot(Slot.Kind.LEAD), users["zongbian"], [second])
    after = client.get("/")
    assert after["X-Page-Cache"] == "miss"
    assert second.title in region(main_of(after), "front-lead")


def test_the_cached_home_page_changes_when_a_placement_expires(client, users, page_cache):
    placed, newest = articles(2)[::-1]
    at = timezone.now() + timedelta(hours=1)
    arrange(slot(Slot.Kind.LEAD), users["zongbian"], [(placed, at)])
    with time_machine.travel(at - timedelta(minutes=1), tick=False):
        assert placed.title in region(main_of(client.get("/")), "front-lead")
        assert client.get("/")["X-Page-Cache"] == "hit"
    with time_machine.travel(at + timedelta(seconds=1), tick=False):
        assert newest.title in region(main_of(client.get("/")), "front-lead")


# --- query budget -------------------------------------------------------------------


def count_front_page_queries():
    with CaptureQueriesContext(connection) as queries:
        result = front_page()
    return len(queries), result


@pytest.mark.parametrize("size", [5, 50])
def test_front_page_runs_the_same_queries_filled_or_empty(users, size):
    theory = make_column(name="中工理论")
    Slot.objects.create(kind=Slot.Kind.COLUMN, column=theory, size=5)
    pieces = articles(size, column=theory, head_image_url="https://img.example.cn/a.jpg")
    speeches = [make_speech() for _ in range(3)]
    ContentType.objects.get_for_models(*{type(p) for p in pieces + speeches})  # warm the type cache
    empty_count, empty = count_front_page_queries()
    for kind, chosen in [
        (Slot.Kind.LEAD, [speeches[0]]),
        (Slot.Kind.FOCUS, pieces[:5]),
        (Slot.Kind.TOP, pieces[5:] + speeches[1:]),
    ]:
        arrange(slot(kind), users["zhuren"], chosen)
    filled_count, filled = count_front_page_queries()
    # slots, placements, one per content type placed, one per slot's rule: 2 + 2 + 4.
    assert empty_count <= 8 and filled_count <= 8
    assert all(pieces for _slot, pieces in filled)
    assert [len(p) for _s, p in empty][:1] == [1]


def test_home_page_query_count_is_the_same_for_5_and_50_placed_pieces(client, users, settings):
    settings.PAGE_CACHE_ENABLED = False
    counts = []
    for size in (5, 50):
        Placement.objects.all().delete()
        pieces = articles(size)
        arrange(slot(Slot.Kind.TOP), users["zhuren"], pieces[:size])
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        counts.append(len(queries))
        assert len(re.findall(r'class="top-news__item"', response.content.decode())) == min(size, 8)
    assert counts[0] == counts[1]


def test_a_missing_fixed_slot_still_fills_by_its_rule(client):
    # A flushed database (transactional tests) or a slot deleted in the shell: no blank page.
    Slot.objects.filter(kind__in=[Slot.Kind.LEAD, Slot.Kind.TOP]).delete()
    articles(3)
    assert shown(Slot.Kind.LEAD) == ["稿件0"] and shown(Slot.Kind.TOP) == ["稿件1", "稿件2"]
    html = main_of(client.get("/"))
    assert "稿件0" in region(html, "front-lead") and "稿件2" in region(html, "front-top")


@time_machine.travel(NOON, tick=False)
def test_the_schedule_boundary_is_one_query_whatever_it_counts(users, django_assert_num_queries):
    now = timezone.now()
    soon = now + timedelta(minutes=10)
    make_article(status="approved", publish_at=now + timedelta(hours=3))
    make_article(expire_at=now + timedelta(hours=2))
    make_speech(status="approved", publish_at=now + timedelta(hours=1))
    arrange(slot(Slot.Kind.TOP), users["zhuren"], [(make_article(), soon)])
    with django_assert_num_queries(1):
        assert rules.compute_boundary(now) == soon
    Placement.objects.all().delete()
    assert rules.compute_boundary(now) == now + timedelta(hours=1)  # the speech's publish_at
