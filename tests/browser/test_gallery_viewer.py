"""图集 in real Chromium: a gallery of three library pictures goes through 三审 in the admin,
then a reader on a 375 px phone pages through it by keyboard and by swiping."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from editorial import workflow
from editorial.models import Status
from editorial.roles import grant_content_permissions
from galleries.models import Gallery, GalleryImage
from tests.browser.test_review_flow import _click_action, _login
from tests.editorial.roles import ROLE_NAMES, ensure_roles
from tests.galleries.helpers import library_pictures

pytestmark = pytest.mark.django_db(transaction=True)


def swipe_left(page, selector):
    """A finger drawn from right to left across ``selector`` (Chrome DevTools touch events)."""
    box = page.locator(selector).bounding_box()
    y = box["y"] + box["height"] / 3
    start = box["x"] + box["width"] * 0.85
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start, "y": y}]})
    for step in range(1, 11):
        point = {"x": start - step * box["width"] * 0.07, "y": y}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def test_a_gallery_goes_through_review_and_a_phone_reader_pages_through_it(
    page, browser, live_server, screenshot
):
    ensure_roles()
    grant_content_permissions(apps, "galleries", "gallery", "图集")
    User = get_user_model()
    users = {}
    for username, group in ROLE_NAMES.items():
        users[username] = User.objects.create_user(
            username, f"{username}@example.cn", "pass-123456", is_staff=True
        )
        users[username].groups.add(Group.objects.get(name=group))
    pictures = library_pictures(3)
    gallery = Gallery(title="港口的一天", body="<p>从清晨到深夜，桥吊不停。</p>")

    def add_pictures():
        for order, (image, caption) in enumerate(zip(pictures, ["清晨交班", "", "深夜装卸"], strict=True)):
            GalleryImage.objects.create(gallery=gallery, image=image, order=order, caption=caption)

    workflow.save_piece(gallery, users["zuozhe"], related=add_pictures)

    # The review, in the admin: submit, three stages, publish.
    change_url = page.base_url + reverse("admin:galleries_gallery_change", args=[gallery.pk])
    for username, action in [
        ("zuozhe", "submit"),
        ("zebian", "approve"),
        ("zhuren", "approve"),
        ("zongbian", "approve"),
        ("zongbian", "publish"),
    ]:
        _login(page, username)
        _click_action(page, change_url, action)
    gallery.refresh_from_db()
    assert gallery.status == Status.PUBLISHED

    # A reader on a phone.
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 375, "height": 740}, has_touch=True, is_mobile=True
    )
    reader = phone.new_page()
    reader.goto(live_server.url + gallery.get_absolute_url())
    counter = reader.locator("[data-viewer-counter]")
    expect(counter).to_have_text("1 / 3")
    expect(reader.locator("#picture-1 figcaption")).to_contain_text("清晨交班")
    expect(reader.locator("[data-viewer-prev]")).to_be_disabled()

    reader.locator("[data-viewer-track]").focus()
    reader.keyboard.press("ArrowRight")
    expect(counter).to_have_text("2 / 3")
    expect(reader.locator("#picture-2 figcaption")).to_contain_text("图片库说明2")  # the library's caption

    swipe_left(reader, "[data-viewer-track]")
    expect(counter).to_have_text("3 / 3")
    expect(reader.locator("[data-viewer-next]")).to_be_disabled()
    # The picture shown fills the phone's width once the snap has settled; the caption sits under it.
    track = reader.locator("[data-viewer-track]").bounding_box()
    for _ in range(20):
        slide = reader.locator("#picture-3").bounding_box()
        if abs(slide["x"] - track["x"]) < 2:
            break
        reader.wait_for_timeout(100)
    assert abs(slide["x"] - track["x"]) < 2 and abs(slide["width"] - track["width"]) < 2
    image = reader.locator("#picture-3 img").bounding_box()
    caption = reader.locator("#picture-3 figcaption").bounding_box()
    assert caption["y"] >= image["y"] + image["height"] - 1

    reader.keyboard.press("Home")
    expect(counter).to_have_text("1 / 3")
    screenshot(reader, "gallery-375")
    phone.close()
