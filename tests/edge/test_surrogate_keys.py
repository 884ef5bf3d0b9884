"""Surrogate keys: which keys each page carries, and which change purges which page.

Pages are read through the real URLs with the page cache on: a page a change must
purge is rendered again on the next request (``X-Page-Cache: miss``) and shows the
change; a page the change does not concern is still served from the cache (``hit``).
"""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from editorial import surrogate, workflow
from editorial.models import Status
from tests.edge.conftest import read
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def keys_of(response):
    return set(response["Surrogate-Key"].split())


# (page, keys it must carry, keys it must not carry): one row per page type.
PAGE_KEYS = [
    (
        "home",
        lambda s: "/",
        lambda s: {"home", "list-slot", "list-placement", "list-event", f"a{s.newer.pk}"},
        lambda s: set(),
    ),
    (
        "article",
        lambda s: s.middle.get_absolute_url(),
        # itself, its neighbours (previous/next links), the names of its column and
        # ancestors, tag, byline and event; the lists its related pieces follow
        lambda s: {
            f"a{s.middle.pk}",
            f"a{s.older.pk}",
            f"a{s.newer.pk}",
            f"col-{s.column.pk}",
            f"col-{s.parent.pk}",
            f"tag-{s.tag.pk}",
            f"person-{s.author.pk}",
            f"event-{s.event.pk}",
            f"list-tag-{s.tag.pk}",
            f"list-person-{s.author.pk}",
            f"list-event-{s.event.pk}",
        },
        # not its column's list: it prints the column's name, not the column's pieces
        lambda s: {
            f"a{s.unrelated.pk}",
            "site",
            "list-article",
            f"list-col-{s.column.pk}",
            f"list-col-{s.parent.pk}",
        },
    ),
    (
        "article list",
        lambda s: "/articles/",
        lambda s: {"list-article", f"a{s.middle.pk}", f"a{s.unrelated.pk}"},
        lambda s: {"site"},
    ),
    (
        "column",
        lambda s: s.column.get_absolute_url(),
        lambda s: {f"col-{s.column.pk}", f"list-col-{s.column.pk}", f"a{s.older.pk}", f"a{s.newer.pk}"},
        lambda s: {f"a{s.unrelated.pk}", "list-article"},
    ),
    (
        "tag",
        lambda s: s.tag.get_absolute_url(),
        lambda s: {f"tag-{s.tag.pk}", f"list-tag-{s.tag.pk}", f"a{s.middle.pk}", f"s{s.speech.pk}"},
        lambda s: {f"a{s.unrelated.pk}", "list-article"},
    ),
    (
        "person",
        lambda s: s.author.get_absolute_url(),
        lambda s: {f"person-{s.author.pk}", f"list-person-{s.author.pk}", f"a{s.middle.pk}"},
        lambda s: {f"a{s.unrelated.pk}"},
    ),
    (
        "event",
        lambda s: s.event.get_absolute_url(),
        lambda s: {f"event-{s.event.pk}", f"list-event-{s.event.pk}", f"a{s.middle.pk}", f"s{s.speech.pk}"},
        lambda s: {f"a{s.unrelated.pk}"},
    ),
    (
        "speech",
        lambda s: s.speech.get_absolute_url(),
        lambda s: {
            f"s{s.speech.pk}",
            f"person-{s.speaker.pk}",
            f"event-{s.event.pk}",
            f"a{s.middle.pk}",
            f"list-person-{s.speaker.pk}",  # related pieces follow the speaker and the occasion
            f"list-event-{s.event.pk}",
        },
        lambda s: {f"a{s.unrelated.pk}"},
    ),
    ("speech list", lambda s: "/speeches/", lambda s: {"list-speech", f"s{s.speech.pk}"}, lambda s: set()),
    ("people", lambda s: "/people/", lambda s: {"list-person", f"person-{s.author.pk}"}, lambda s: set()),
    ("events", lambda s: "/events/", lambda s: {"list-event", f"event-{s.event.pk}"}, lambda s: set()),
    ("tags", lambda s: "/tags/", lambda s: {"list-tag", f"tag-{s.tag.pk}"}, lambda s: set()),
    ("search", lambda s: "/search/?q=劳模", lambda s: {"search"}, lambda s: {"site"}),
    ("feed (declares nothing)", lambda s: "/feeds/", lambda s: {"site", f"a{s.middle.pk}"}, lambda s: set()),
]


@pytest.mark.parametrize(("page", "path", "must", "must_not"), PAGE_KEYS, ids=[row[0] for row in PAGE_KEYS])
def test_each_page_type_carries_the_keys_of_what_it_shows(client, site, page, path, must, must_not):
    response = read(client, path(site))
    keys = keys_of(response)
    assert must(site) <= keys, must(site) - keys
    assert not (keys & set(must_not(site))), keys & set(must_not(site))
    assert surrogate.ALL in keys  # bulk paths purge everything through it


def test_a_cache_hit_keeps_the_keys_header(client, site):
    first = read(client, "/articles/")
    second = read(client, "/articles/")
    assert second["X-Page-Cache"] == "hit"
    assert second["Surrogate-Key"] == first["Surrogate-Key"]


# --- which change purges which page -------------------------------------------------

PAGES = {
    "home": lambda s: "/",
    "older": lambda s: s.older.get_absolute_url(),
    "middle": lambda s: s.middle.get_absolute_url(),
    "newer": lambda s: s.newer.get_absolute_url(),
    "unrelated": lambda s: s.unrelated.get_absolute_url(),
    "speech": lambda s: s.speech.get_absolute_url(),
    "articles": lambda s: "/articles/",
    "column": lambda s: s.column.get_absolute_url(),
    "parent column": lambda s: s.parent.get_absolute_url(),
    "other column": lambda s: s.other_column.get_absolute_url(),
    "tag": lambda s: s.tag.get_absolute_url(),
    "other tag": lambda s: s.other_tag.get_absolute_url(),
    "author": lambda s: s.author.get_absolute_url(),
    "speaker": lambda s: s.speaker.get_absolute_url(),
    "loner": lambda s: s.loner.get_absolute_url(),
    "event": lambda s: s.event.get_absolute_url(),
    "other event": lambda s: s.other_event.get_absolute_url(),
    "people": lambda s: "/people/",
    "search": lambda s: "/search/?q=劳模",
}


def edit_title(s):
    s.middle.title = "中间的一篇（改）"
    s.middle.save()
    return "中间的一篇（改）"


def rename_author(s):
    s.author.name = "王进喜（改）"
    s.author.save()
    return "王进喜（改）"


def rename_tag(s):
    s.tag.name = "劳动模范"
    s.tag.save()
    return "劳动模范"


def rename_column(s):
    s.column.name = "工运前沿（改）"
    s.column.save()
    return "工运前沿（改）"


def rename_event(s):
    s.event.name = "劳模表彰大会（改）"
    s.event.save()
    return "劳模表彰大会（改）"


def publish_new(s):
    article = make_article(title="刚发布的一篇", column=s.column, tags=["劳模"], publish_at=timezone.now())
    article.authors.add(s.author)
    return "刚发布的一篇"


def publish_plain(s):
    # No tags, people or events: only its column's lists and its neighbour change.
    make_article(title="栏目里新发的一篇", column=s.column, publish_at=timezone.now())
    return "栏目里新发的一篇"


def file_draft(s):
    make_article(title="栏目里的草稿", column=s.column, status=Status.DRAFT)
    return None


def move_out_of_sub_column(s):
    s.middle.column = s.other_column
    s.middle.save()
    return None


def retag(s):
    s.middle.tags.set(["风景"])
    return None  # test_a_piece_leaves_the_lists_it_was_taken_off reads the lists


def change_events(s):
    s.middle.events.set([s.other_event])
    return None


def change_people(s):
    s.unrelated.people.set([s.speaker])
    return None


def change_byline(s):
    s.middle.bylines.all().delete()  # what the importer does on a re-import (a queryset delete)
    s.middle.authors.add(s.loner)
    return None


def unpublish_middle(s, django_user_model):
    chief = django_user_model.objects.create_superuser("zongbian", "z@example.cn", "pass-123456")
    workflow.transition(s.middle, "unpublish", chief)
    return None


def delete_middle(s):
    s.middle.delete()
    return None


# change, pages that must show it at once, pages that must stay cached
CHANGES = [
    (
        "edit a live piece",
        edit_title,
        {
            "home",
            "older",
            "middle",
            "newer",
            "articles",
            "column",
            "parent column",
            "tag",
            "author",
            "event",
            "speech",
        },
        {"unrelated", "other column", "other tag", "loner", "other event", "people"},
    ),
    ("rename a person", rename_author, {"middle", "author", "people"}, {"unrelated", "other tag", "loner"}),
    ("rename a tag", rename_tag, {"middle", "tag", "speech"}, {"unrelated", "other tag", "loner", "people"}),
    (
        "rename a column",
        rename_column,
        {"older", "middle", "newer", "column", "articles"},
        {"unrelated", "other tag", "loner", "people", "speech"},
    ),
    (
        "rename an event",
        rename_event,
        {"middle", "event", "speech"},
        {"unrelated", "other tag", "loner", "people"},
    ),
    (
        "publish a piece",
        publish_new,
        {"home", "newer", "articles", "column", "parent column", "tag", "author", "search"},
        {"unrelated", "other column", "other tag", "loner", "other event"},
    ),
    # A piece filed in a column purges the column's lists and its new neighbour, not every
    # page that prints the column's name (the column's other pieces).
    (
        "publish a piece in a column",
        publish_plain,
        {"home", "newer", "articles", "column", "parent column", "search"},
        {"older", "middle", "unrelated", "tag", "author", "event", "speech", "other column", "people"},
    ),
    (
        "file a draft in a column",
        file_draft,
        set(),
        {"older", "middle", "newer", "unrelated", "tag", "author", "event", "speech", "home"},
    ),
    # A move purges the lists it left (the sub-column and its parent) and the ones it joined
    # (with its new neighbour there); its old neighbours link to it.
    (
        "move a piece out of its sub-column",
        move_out_of_sub_column,
        {"middle", "older", "newer", "column", "parent column", "other column", "unrelated", "articles"},
        {"other tag", "loner", "other event", "speaker"},
    ),
    # Changing a piece's links purges the lists it left as well as those it joined.
    (
        "retag a piece",
        retag,
        {"middle", "tag", "other tag", "speech", "unrelated"},
        {"loner", "other event", "other column", "speaker"},
    ),
    (
        "change a piece's events",
        change_events,
        {"middle", "event", "other event", "speech"},
        {"other tag", "loner", "other column", "speaker"},
    ),
    (
        "change a piece's people",
        change_people,
        {"unrelated", "loner", "speaker"},
        {"middle", "tag", "event", "author", "column"},
    ),
    (
        "change a byline",
        change_byline,
        {"middle", "author", "loner"},
        {"other tag", "other event", "speaker"},
    ),
]


def _warm(client, site):
    for name, path in PAGES.items():
        read(client, path(site))
        assert read(client, path(site))["X-Page-Cache"] == "hit", name


@pytest.mark.parametrize(("change", "apply", "purged", "kept"), CHANGES, ids=[row[0] for row in CHANGES])
def test_a_change_purges_exactly_the_pages_that_show_it(client, site, change, apply, purged, kept):
    _warm(client, site)
    text = apply(site)
    for name in sorted(purged):
        response = read(client, PAGES[name](site))
        assert response["X-Page-Cache"] == "miss", f"{change}: {name} was not purged"
        if text and name not in ("search", "people", "parent column", "articles", "older"):
            assert text in response.content.decode(), f"{change}: {name} does not show it"
    for name in sorted(kept):
        assert read(client, PAGES[name](site))["X-Page-Cache"] == "hit", f"{change}: {name} was purged"


@pytest.mark.parametrize(
    ("change", "left", "joined"),
    [
        (move_out_of_sub_column, ("column", "parent column"), ("other column",)),
        (retag, ("tag",), ("other tag",)),
        (change_events, ("event",), ("other event",)),
    ],
    ids=["move out of a sub-column", "retag", "change events"],
)
def test_a_piece_leaves_the_lists_it_was_taken_off(client, site, change, left, joined):
    _warm(client, site)
    change(site)
    for name in left:
        assert "中间的一篇" not in read(client, PAGES[name](site)).content.decode(), f"{name} still lists it"
    for name in joined:
        assert "中间的一篇" in read(client, PAGES[name](site)).content.decode(), f"{name} does not list it"


def test_a_person_taken_off_a_piece_no_longer_lists_it(client, site):
    _warm(client, site)
    change_people(site)
    assert "毫不相干的一篇" not in read(client, PAGES["loner"](site)).content.decode()
    assert "毫不相干的一篇" in read(client, PAGES["speaker"](site)).content.decode()


@pytest.mark.parametrize("remove", ["unpublish", "delete"])
def test_a_piece_taken_down_leaves_no_page_that_shows_it(client, site, django_user_model, remove):
    _warm(client, site)
    if remove == "unpublish":
        unpublish_middle(site, django_user_model)
    else:
        delete_middle(site)
    for name in (
        "home",
        "older",
        "newer",
        "articles",
        "column",
        "parent column",
        "tag",
        "author",
        "event",
        "speech",
    ):
        body = read(client, PAGES[name](site)).content.decode()
        assert "中间的一篇" not in body, f"{remove}: {name} still shows the piece"
    assert client.get(site.middle.get_absolute_url()).status_code == 404
    # The neighbours now link each other.
    assert site.newer.title in read(client, PAGES["older"](site)).content.decode()
    for name in ("unrelated", "other tag", "loner", "other event"):
        assert read(client, PAGES[name](site))["X-Page-Cache"] == "hit", f"{remove}: {name} was purged"


def test_a_workflow_step_shows_on_the_next_request(client, site, django_user_model):
    chief = django_user_model.objects.create_superuser("zongbian", "z@example.cn", "pass-123456")
    draft = make_article(title="待签发的一篇", column=site.column, status=Status.REVIEW_3)
    _warm(client, site)
    workflow.transition(draft, "approve", chief)
    workflow.transition(draft, "publish", chief)
    assert "待签发的一篇" in read(client, "/articles/").content.decode()
    assert "待签发的一篇" in read(client, site.column.get_absolute_url()).content.decode()
    assert read(client, site.unrelated.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_scheduled_moment_changes_the_pages_with_no_job(client, site):
    soon = timezone.now() + timedelta(minutes=5)
    make_article(title="定时发布的一篇", column=site.column, status=Status.APPROVED, publish_at=soon)
    _warm(client, site)
    assert "定时发布的一篇" not in read(client, "/articles/").content.decode()
    with time_machine.travel(soon + timedelta(seconds=1)):
        assert "定时发布的一篇" in read(client, "/articles/").content.decode()
        assert "定时发布的一篇" in read(client, site.column.get_absolute_url()).content.decode()


def test_an_expiry_moment_removes_the_piece_with_no_job(client, site):
    soon = timezone.now() + timedelta(minutes=5)
    site.middle.expire_at = soon
    site.middle.save()
    _warm(client, site)
    assert "中间的一篇" in read(client, site.tag.get_absolute_url()).content.decode()
    with time_machine.travel(soon + timedelta(seconds=1)):
        assert "中间的一篇" not in read(client, "/articles/").content.decode()
        assert "中间的一篇" not in read(client, site.older.get_absolute_url()).content.decode()


def test_rebuilding_the_search_index_purges_search_pages(client, site):
    from articles.models import Article

    # A bulk write that sent no signal: the index does not know it yet.
    Article.objects.filter(pk=site.unrelated.pk).update(title="劳模风景")
    before = read(client, "/search/?q=劳模风景").content.decode()
    assert read(client, "/search/?q=劳模风景")["X-Page-Cache"] == "hit"
    call_command("rebuild_search_index", verbosity=0)
    response = read(client, "/search/?q=劳模风景")
    assert response["X-Page-Cache"] == "miss"
    assert response.content.decode() != before and "劳模风景" in response.content.decode()


def test_an_import_shows_on_the_next_request(client, site, tmp_path):
    document = tmp_path / "doc.md"
    document.write_text(
        "---\ntitle: 导入的一篇新稿\ntags: [劳模]\n---\n<p>导入的正文，劳模精神。</p>\n", encoding="utf-8"
    )
    _warm(client, site)
    call_command("import_documents", str(document), "--status", "published", verbosity=0)
    assert "导入的一篇新稿" in read(client, "/articles/").content.decode()
    assert "导入的一篇新稿" in read(client, site.tag.get_absolute_url()).content.decode()
    assert read(client, site.unrelated.get_absolute_url())["X-Page-Cache"] == "hit"


def test_purge_all_drops_every_page(client, site):
    from editorial.purging import purge_all

    _warm(client, site)
    purge_all()
    assert all(read(client, path(site))["X-Page-Cache"] == "miss" for path in PAGES.values())
