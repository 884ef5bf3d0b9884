"""The front page in real Chromium: a desk chief orders 要闻 by dragging rows (and by the
keyboard), and readers get a newspaper front page at 375 px and 1280 px."""

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from portal.models import Slot
from portal.placements import arrange
from tests.editorial.roles import ensure_roles
from tests.factories import make_article, make_column

pytestmark = pytest.mark.django_db(transaction=True)


def ensure_front_page_rights():
    """Transactional tests flush the migrations' data: the roles, the slots, their rights."""
    ensure_roles()
    importlib.import_module("portal.migrations.0002_front_page_roles").create_slots_and_rights(apps, None)


def desk_chief():
    user = get_user_model().objects.create_user("zhuren", "zhuren@example.cn", "pass-123456", is_staff=True)
    user.groups.add(Group.objects.get(name="编辑部主任"))
    return user


def login(page, username):
    page.goto(page.base_url + reverse("admin:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "pass-123456")
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")


def three_in_top():
    ensure_front_page_rights()
    user = desk_chief()
    now = timezone.now()
    pieces = [
        make_article(title=title, publish_at=now - timedelta(hours=n + 1)) for n, title in enumerate("甲乙丙")
    ]
    make_article(title="头条稿", publish_at=now)  # leads by the rule
    top = Slot.objects.get(kind=Slot.Kind.TOP)
    arrange(top, user, pieces)
    return top, pieces


def placed_titles(top):
    from articles.models import Article

    ids = list(top.placements.order_by("position").values_list("object_id", flat=True))
    titles = dict(Article.objects.filter(pk__in=ids).values_list("pk", "title"))
    return [titles[pk] for pk in ids]


def top_news_on_home(page):
    page.goto(page.base_url + reverse("portal:home"))
    return [text.strip() for text in page.locator(".top-news__item a").all_inner_texts()]


def test_a_desk_chief_reorders_top_news_by_dragging_a_row(page, screenshot):
    top, _pieces = three_in_top()
    login(page, "zhuren")
    page.goto(page.base_url + reverse("admin:portal_slot_change", args=[top.pk]))
    rows = page.locator("fieldset.gj-orderable tbody tr.form-row.has_original")
    assert rows.count() == 3
    assert page.locator("fieldset.gj-orderable th.column-position").is_hidden()  # typed order hidden
    # Drag 丙 (third row) by its handle onto the top half of 甲 (first row).
    rows.nth(2).locator(".gj-order-handle").drag_to(rows.nth(0), target_position={"x": 40, "y": 5})
    first_row_piece = rows.nth(0).locator("td.field-piece select option:checked").inner_text()
    assert "丙" in first_row_piece
    screenshot(page, "front-page-admin-dragged")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert placed_titles(top) == ["丙", "甲", "乙"]
    assert top_news_on_home(page) == ["丙", "甲", "乙"]


def test_the_arrow_buttons_reorder_from_the_keyboard(page):
    top, _pieces = three_in_top()
    login(page, "zhuren")
    page.goto(page.base_url + reverse("admin:portal_slot_change", args=[top.pk]))
    rows = page.locator("fieldset.gj-orderable tbody tr.form-row.has_original")
    up = rows.nth(1).get_by_role("button", name="上移")
    up.focus()
    page.keyboard.press("Enter")  # 乙 moves above 甲
    assert page.locator(".gj-order-status").inner_text() == "已移到第 1 位"
    rows.nth(1).get_by_role("button", name="下移").focus()  # now 甲
    page.keyboard.press("Space")  # 甲 moves below 丙
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert placed_titles(top) == ["乙", "丙", "甲"]


def reader_front_page():
    ensure_front_page_rights()
    theory = make_column(name="中工理论")
    now = timezone.now()
    # The lead's picture is at an address nothing answers: the designed card must show instead.
    lead = make_article(
        title="大力弘扬劳模精神劳动精神工匠精神",
        kicker="深入学习贯彻习近平总书记重要讲话精神",
        subtitle="写在五一国际劳动节到来之际",
        head_image_url="http://127.0.0.1:9/lead.jpg",
        publish_at=now - timedelta(minutes=1),
    )
    for n in range(14):
        make_article(
            title=f"要闻第{n + 1}条：技能人才成长通道进一步打通",
            column=theory if n % 2 else None,
            publish_at=now - timedelta(hours=n + 1),
            head_image_url="http://127.0.0.1:9/focus.jpg" if n < 6 else "",
        )
    Slot.objects.create(kind=Slot.Kind.COLUMN, column=theory, size=5, position=1)
    arrange(Slot.objects.get(kind=Slot.Kind.LEAD), None, [lead])
    return lead


@pytest.mark.parametrize("width", [375, 1280])
def test_the_home_page_reads_as_a_newspaper_front_page(page, screenshot, width):
    lead = reader_front_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(page.base_url + reverse("portal:home"))
    page.wait_for_function("document.querySelectorAll('.pic--failed').length >= 1")
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    lead_box = page.locator(".lead__title").bounding_box()
    top_box = page.locator("#front-top").bounding_box()
    assert page.locator(".lead__title").inner_text() == lead.title
    assert page.locator(".lead__kicker").is_visible() and page.locator(".lead__subtitle").is_visible()
    if width == 375:
        assert lead_box["y"] < top_box["y"]  # one column, the lead first
    else:
        assert top_box["x"] > lead_box["x"] + lead_box["width"] - 1  # 要闻 beside the lead
        assert page.locator(".lead__title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 30
    # A picture that cannot load gives way to the designed card: no broken box, no gap.
    lead_picture = page.locator(".lead .pic")
    assert "pic--failed" in lead_picture.get_attribute("class")
    assert lead_picture.locator(".pic__img").is_hidden()
    assert lead_picture.locator(".pic__placeholder").is_visible()
    assert lead_picture.bounding_box()["height"] > 100
    assert page.locator(".focus__item").count() == 5
    assert page.locator(".top-news__item").count() == 8
    assert page.locator(".column-block").count() == 1
    assert page.locator(".masthead-bar__date").inner_text().startswith(str(timezone.localdate().year))
    screenshot(page, f"front-page-{width}")


def test_pictures_that_cannot_load_leave_no_broken_box_in_lists_and_pieces(page):
    ensure_front_page_rights()
    piece = make_article(
        title="远程图片的稿件",
        head_image_url="http://127.0.0.1:9/head.jpg",
        body='<p>正文第一段。</p><p><img src="http://127.0.0.1:9/body.jpg" alt=""></p><p>正文第二段。</p>',
    )
    for url in (reverse("articles:list"), piece.get_absolute_url()):
        page.goto(page.base_url + url)
        page.wait_for_load_state("networkidle")
        broken = page.evaluate(
            "[...document.images].filter(i => i.complete && i.naturalWidth === 0 && i.src).length"
        )
        assert broken == 0, url
        assert page.get_by_text("远程图片的稿件").first.is_visible()
