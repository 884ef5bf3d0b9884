"""The public page cache never shows a stale page and never caches anything personal."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from editorial import cache as rules
from editorial.models import Status
from tests.factories import make_article
from tests.speed import cache_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.speed.cache_urls")]


@pytest.fixture(autouse=True)
def _page_cache(settings):
    settings.PAGE_CACHE_ENABLED = True
    cache_urls.calls["count"] = 0


def get(client, path="/", **headers):
    response = client.get(path, headers=headers)
    return response, response.content.decode()


def test_second_anonymous_request_is_served_from_the_cache(client):
    make_article(title="劳模精神代代传")
    first, body = get(client)
    second, again = get(client)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert "劳模精神代代传" in again and again == body
    assert cache_urls.calls["count"] == 1


def test_a_cache_hit_runs_no_query(client, django_assert_num_queries):
    make_article(title="劳模精神代代传")
    get(client)
    with django_assert_num_queries(0):
        response, body = get(client)
    assert response["X-Page-Cache"] == "hit" and "劳模精神代代传" in body


def test_a_newly_published_piece_shows_on_the_next_request(client):
    make_article(title="旧稿")
    get(client)
    make_article(title="刚刚发布的新稿")
    response, body = get(client)
    assert "刚刚发布的新稿" in body and "旧稿" in body
    assert response["X-Page-Cache"] == "miss"


def test_an_edit_of_live_content_shows_on_the_next_request(client):
    article = make_article(title="改前的标题")
    get(client)
    article.title = "改后的标题"
    article.save()
    _, body = get(client)
    assert "改后的标题" in body
    assert "改前的标题" not in body


def test_unpublishing_removes_the_piece_on_the_next_request(client, django_user_model):
    workflow = pytest.importorskip("editorial.workflow")
    chief = django_user_model.objects.create_superuser("zongbian", "z@example.cn", "pass-123456")
    article = make_article(title="要撤回的稿件")
    _, body = get(client)
    assert "要撤回的稿件" in body
    workflow.transition(article, "unpublish", chief, opinion="撤回测试")
    _, body = get(client)
    assert "要撤回的稿件" not in body


def test_deleting_a_piece_removes_it_on_the_next_request(client):
    article = make_article(title="要删除的稿件")
    get(client)
    article.delete()
    _, body = get(client)
    assert "要删除的稿件" not in body


def test_tagging_a_piece_starts_a_new_generation():
    article = make_article(title="打标签")
    before = rules.current_generation()
    article.tags.add("工匠精神")
    assert rules.current_generation() != before


def test_a_scheduled_piece_appears_the_moment_publish_at_passes(client):
    now = timezone.now()
    make_article(title="已经公开的稿件")
    make_article(title="定时发布的稿件", status=Status.APPROVED, publish_at=now + timedelta(hours=1))
    with time_machine.travel(now, tick=False):
        _, body = get(client)
        second, cached = get(client)
    assert "定时发布的稿件" not in body
    assert second["X-Page-Cache"] == "hit" and "定时发布的稿件" not in cached
    with time_machine.travel(now + timedelta(hours=1, seconds=1), tick=False):
        response, body = get(client)
    assert "定时发布的稿件" in body and "已经公开的稿件" in body
    assert response["X-Page-Cache"] == "miss"


def test_an_expiring_piece_disappears_the_moment_expire_at_passes(client):
    now = timezone.now()
    make_article(title="限时公开的稿件", expire_at=now + timedelta(minutes=30))
    with time_machine.travel(now, tick=False):
        get(client)
        second, cached = get(client)
    assert second["X-Page-Cache"] == "hit" and "限时公开的稿件" in cached
    with time_machine.travel(now + timedelta(minutes=30), tick=False):
        _, body = get(client)
    assert "限时公开的稿件" not in body


def test_only_pieces_that_may_go_live_set_the_boundary():
    noon = timezone.make_aware(timezone.datetime(2026, 5, 1, 12, 0))
    with time_machine.travel(noon, tick=False):
        make_article(title="草稿", status=Status.DRAFT, publish_at=noon + timedelta(minutes=5))
        make_article(
            title="已撤回",
            status=Status.UNPUBLISHED,
            publish_at=noon - timedelta(days=1),
            expire_at=noon + timedelta(minutes=10),
        )
        make_article(title="定时稿", status=Status.APPROVED, publish_at=noon + timedelta(hours=2))
        assert rules.compute_boundary(noon) == noon + timedelta(hours=2)


def test_local_midnight_bounds_the_cache_when_nothing_is_scheduled():
    evening = timezone.make_aware(timezone.datetime(2026, 5, 1, 23, 0))
    make_article(title="普通稿件")
    assert rules.compute_boundary(evening) == timezone.make_aware(timezone.datetime(2026, 5, 2, 0, 0))


def test_logged_in_editors_neither_read_nor_fill_the_cache(staff_client):
    anonymous = Client()
    make_article(title="公开稿件")
    first, _ = get(anonymous)
    assert first["X-Page-Cache"] == "miss"
    editor, body = get(staff_client)  # an entry exists, but an editor never reads it
    assert "X-Page-Cache" not in editor and "公开稿件" in body
    assert cache_urls.calls["count"] == 2
    staff_client.get("/?page=2")  # and what an editor sees is never stored for anyone
    fresh, _ = get(anonymous, "/?page=2")
    assert fresh["X-Page-Cache"] == "miss"
    assert cache_urls.calls["count"] == 4


def test_an_anonymous_visitor_with_a_session_cookie_bypasses_the_cache(client, settings):
    make_article(title="公开稿件")
    get(client)
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-real-session"
    response, body = get(client)
    assert "X-Page-Cache" not in response and "公开稿件" in body
    assert cache_urls.calls["count"] == 2


@pytest.mark.parametrize(
    "path",
    [
        "/csrf/",  # printed a CSRF token tied to one visitor
        "/cookie/",  # sets a cookie
        "/missing/",  # not a 200
        "/private/",  # the view said never_cache
        "/admin/list/",  # the admin
        "/?preview=1",  # previews
    ],
)
def test_personal_or_unsuccessful_responses_are_never_stored(client, path):
    first = client.get(path)
    second = client.get(path)
    assert first.get("X-Page-Cache") != "miss"
    assert second.get("X-Page-Cache") != "hit"


def test_responses_carry_etag_and_last_modified_and_answer_304(client):
    article = make_article(title="有ETag的页面")
    first, _ = get(client)
    etag = first["ETag"]
    assert etag.startswith('"') and first["Last-Modified"]
    not_modified = client.get("/", headers={"if-none-match": etag})
    assert not_modified.status_code == 304 and not_modified.content == b""
    article.title = "ETag变了"
    article.save()
    changed, body = get(client, **{"if-none-match": etag})
    assert changed.status_code == 200 and "ETag变了" in body
    assert changed["ETag"] != etag


def test_if_modified_since_alone_never_yields_a_stale_304(client):
    article = make_article(title="第一版")
    first, _ = get(client)
    article.title = "第二版"
    article.save()
    response, body = get(client, **{"if-modified-since": first["Last-Modified"]})
    assert response.status_code == 200 and "第二版" in body


def test_the_cache_can_be_switched_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    make_article(title="不缓存")
    get(client)
    response, body = get(client)
    assert "X-Page-Cache" not in response and "不缓存" in body
    assert cache_urls.calls["count"] == 2


def test_a_shared_cache_keeps_the_generation_in_the_cache(client, settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "c"),
        }
    }
    article = make_article(title="共享缓存")
    before = rules.current_generation()
    get(client)
    article.title = "共享缓存改了"
    article.save()
    assert rules.current_generation() != before
    assert not (tmp_path / "generation").exists()
    _, body = get(client)
    assert "共享缓存改了" in body


def test_a_deleted_generation_file_never_brings_back_an_old_page(client, tmp_path):
    # A temp-directory cleaner may remove the file while the workers keep their pages.
    get(client)  # cached before anything was published
    make_article(title="发布之后")
    assert "发布之后" in get(client)[1]
    (tmp_path / "generation").unlink()
    assert "发布之后" in get(client)[1]


def test_coalesced_bumps_renew_the_generation_once_when_the_block_ends(
    client, django_capture_on_commit_callbacks
):
    from tests.factories import make_event, make_person

    get(client)
    before = rules.current_generation()
    with django_capture_on_commit_callbacks() as callbacks, rules.coalesced_bumps():
        make_article(title="导入的稿件")
        make_person()
        make_event()
        assert rules.current_generation() == before  # nothing renewed mid-block
    assert rules.current_generation() != before
    # Once more on commit, not once per row: one generation renewal and one purge of every key.
    assert sorted(getattr(c, "func", c).__name__ for c in callbacks) == [
        "_purge_committed",
        "bump_generation",
    ]
    assert "导入的稿件" in get(client)[1]


def test_a_block_that_changes_nothing_renews_nothing():
    before = rules.current_generation()
    with rules.coalesced_bumps():
        pass
    assert rules.current_generation() == before


def test_memos_in_one_request_share_one_reading_until_the_request_writes():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    with rules.one_reading():
        assert rules.fresh_memo("shared", compute) == 1
        rules.generation_file().write_text("changed-by-another-process")
        # Read once for the request: another process's renewal shows in the next request.
        assert rules.fresh_memo("shared", compute) == 1
        make_article(title="本请求写入")  # this request's own write renews it at once
        assert rules.fresh_memo("shared", compute) == 2
    assert rules.generation_file().read_text() != "changed-by-another-process"
    assert rules.fresh_memo("shared", compute) == 2


def test_a_memo_read_once_in_a_request_is_not_read_from_the_store_again():
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert rules.fresh_memo("again", compute) == 1
    with rules.one_reading():
        assert rules.fresh_memo("again", compute) == 1  # from the store
        rules.page_cache().clear()
        assert rules.fresh_memo("again", compute) == 1  # kept by the request's reading
    assert rules.fresh_memo("again", compute) == 2  # the next request finds the store empty
