"""The admin on a 375 px phone, in real Chromium, as each role: 我的工作台, the change list and
the change form (with its 署名 inline stacked) never scroll sideways. On a 1280 px laptop the
article change list shows every column beside its filters."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleAuthor
from editorial import workflow
from tests.editorial.roles import ROLE_NAMES, ensure_roles
from tests.factories import make_column, make_person, make_source

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}
LONG = "全国总工会召开会议部署深入学习贯彻劳模精神劳动精神工匠精神的具体工作"


def _login(page, username):
    page.context.clear_cookies()
    page.goto(page.base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-123456")
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


@pytest.fixture
def newsroom():
    ensure_roles()
    User = get_user_model()
    users = {}
    for username, group in ROLE_NAMES.items():
        users[username] = User.objects.create_user(
            username, f"{username}@example.cn", "pass-123456", is_staff=True, first_name=group
        )
        users[username].groups.add(Group.objects.get(name=group))
    from tests.editorial.roles import draft_article

    person = make_person(name="王晓峰")
    pieces = []
    for n in range(3):
        piece = draft_article(
            users["zuozhe"],
            title=f"{LONG}{n}",
            body="<p>今年共有XX人参加技能培训，多数学员取得了新的职业技能等级证书。</p>" * 5,
        )
        ArticleAuthor.objects.create(article=piece, person=person, position="全总劳动和经济工作部部长")
        pieces.append(piece)
    workflow.transition(pieces[1], "submit", users["zuozhe"])
    workflow.transition(pieces[2], "submit", users["zuozhe"])
    workflow.transition(pieces[2], "send_back", users["zebian"], "请补充数据来源，" * 8)
    return users, pieces


@pytest.mark.parametrize("username", list(ROLE_NAMES))
def test_the_admin_fits_a_375_px_phone_for_each_role(page, screenshot, newsroom, username):
    users, pieces = newsroom
    page.set_viewport_size(PHONE)
    _login(page, username)
    # zuozhe edits the draft; the reviewers open the piece at 初审 (read-only for some).
    piece = pieces[0] if username == "zuozhe" else pieces[1]
    screens = {
        "desk": reverse("admin:index"),
        "list": reverse("admin:articles_article_changelist"),
        "form": reverse("admin:articles_article_change", args=[piece.pk]),
    }
    for name, url in screens.items():
        page.goto(page.base_url + url)
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        screenshot(page, f"phone-{username}-{name}")
        assert width <= 375, f"{username} {name}: the page is {width} px wide"
        if name == "list":  # rows stacked as cards, not a table scrolling inside its box
            right = page.evaluate("document.querySelector('#result_list').getBoundingClientRect().right")
            assert right <= 375
    if username == "zuozhe":
        # The 署名 inline is stacked, each field under its column's name.
        cell = page.locator(".inline-group .tabular td.field-position").first
        assert cell.get_attribute("data-label") == "署名职务"
        assert cell.bounding_box()["x"] < 60  # starts at the left: a stacked row, not a table cell
    page.goto(page.base_url + reverse("admin:index"))
    assert page.locator("#desk-mine, #desk-awaiting").count() >= 1


def test_the_preview_shows_phone_and_desktop_side_by_side_and_switches(page, newsroom):
    users, pieces = newsroom
    _login(page, "zuozhe")
    url = page.base_url + reverse("admin:articles_article_preview_compare", args=[pieces[0].pk])
    page.goto(url)
    phone, desktop = page.locator("#preview-phone"), page.locator("#preview-desktop")
    assert phone.is_visible() and desktop.is_visible()
    # Both frames load the public template (not refused by X-Frame-Options).
    frame = page.frame_locator("#preview-phone iframe")
    assert "预览，读者看不到此页" in frame.locator("#gj-preview-banner").inner_text()
    assert phone.bounding_box()["x"] < desktop.bounding_box()["x"]  # side by side
    page.click(".gj-compare-switch button[data-mode=phone]")
    assert phone.is_visible() and not desktop.is_visible()
    page.click(".gj-compare-switch button[data-mode=desktop]")
    assert desktop.is_visible() and not phone.is_visible()
    # The desktop frame is scaled to its box: nothing sticks out of the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    # On a phone it starts with the phone frame alone, and fits.
    page.set_viewport_size(PHONE)
    page.goto(url)
    assert phone.is_visible() and not desktop.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_the_change_list_shows_every_column_on_a_1280_px_laptop(page, screenshot, newsroom):
    """The navigation sidebar starts closed below 1440 px (static/js/admin_desk.js): open, it
    left the list too narrow and the 发布时间 and 题图 columns were cut off at the right."""
    users, pieces = newsroom
    parent = make_column(name="中工理论")
    piece = pieces[0]
    piece.column = make_column(name="工运前沿", parent=parent)
    piece.source = make_source(name="工人日报")
    piece.publish_at = timezone.now()
    piece.save()
    _login(page, "zongbian")
    page.goto(page.base_url + reverse("admin:articles_article_changelist"))
    screenshot(page, "laptop-article-list")
    assert page.get_attribute("#nav-sidebar", "aria-expanded") == "false"
    visible = page.evaluate("document.querySelector('.results').getBoundingClientRect().right")
    for column in ("publish_at", "thumbnail_display"):
        right = page.evaluate(
            f"document.querySelector('#result_list th.column-{column}').getBoundingClientRect().right"
        )
        assert right <= visible + 1, f"{column} ends at {right} px, the list's box at {visible} px"
    # The dated piece's row shows its date (drafts have none; PostgreSQL lists them first).
    dated = page.locator("#result_list tr", has_text=piece.title).locator("td.field-publish_at")
    assert dated.inner_text().startswith(str(piece.publish_at.year))
    # The editor's own choice wins: opened once, it stays open on the next page.
    page.click("#toggle-nav-sidebar")
    page.goto(page.base_url + reverse("admin:speeches_speech_changelist"))
    assert page.get_attribute("#nav-sidebar", "aria-expanded") == "true"


def test_a_30_character_headline_shows_whole_in_the_change_form_on_a_laptop(page, newsroom):
    users, pieces = newsroom
    _login(page, "zuozhe")
    page.goto(page.base_url + reverse("admin:articles_article_change", args=[pieces[0].pk]))
    headline = LONG[:30]
    page.fill("#id_title", headline)
    title = page.locator("#id_title")
    assert title.evaluate("input => input.scrollWidth <= input.clientWidth"), "the 主题 field scrolls"
    # As wide as the body editor, not wider.
    editor = page.locator(".prose-editor").first.bounding_box()
    assert abs(title.bounding_box()["width"] - editor["width"]) < 60
