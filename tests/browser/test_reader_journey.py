"""A reader in real Chromium: browsing, searching from the header, keyboard only, a phone.

Every step asserts what the page shows; each main page type is saved as a screenshot
under test-artifacts/ (ignored by git).
"""

from datetime import date
from urllib.parse import quote

import pytest

from speeches.models import SpeechSection
from tests.factories import make_article, make_column, make_event, make_person, make_speech

pytestmark = pytest.mark.django_db(transaction=True)

STORY = (
    "<p>1960年，王进喜带领1205钻井队从玉门来到大庆，人拉肩扛把钻机运上井场。</p>"
    "<p>“宁可少活二十年，拼命也要拿下大油田。”铁人精神激励着一代又一代石油工人。</p>"
    "<p>新时代的产业工人继续弘扬劳模精神、劳动精神、工匠精神，在C919大飞机、5G基站等岗位上建功立业。</p>"
)


@pytest.fixture
def site():
    column = make_column(name="工运前沿", parent=make_column(name="中工理论"))
    person = make_person(
        name="王进喜", aliases="铁人", honours="全国劳动模范", bio="大庆油田1205钻井队队长。"
    )
    event = make_event(name="全国劳动模范和先进工作者表彰大会", place="北京", start_date=date(2020, 11, 24))
    article = make_article(
        title="铁人精神永放光芒",
        summary="王进喜和1205钻井队的故事。",
        body=STORY,
        column=column,
        tags=["劳模精神"],
        original_url="https://www.workercn.cn/papers/grrb/2020/11/26/a-very-long-address-that-should-wrap/index.html",
    )
    article.people.add(person)
    article.events.add(event)
    other = make_article(
        title="大国工匠的创新之路",
        body="<p>大国工匠在平凡岗位上创造不平凡。</p>",
        column=column,
        tags=["劳模精神"],
    )
    speech = make_speech(
        title="在全市劳动模范座谈会上的讲话", speaker=person, occasion=event, tags=["劳模精神"]
    )
    SpeechSection.objects.create(
        speech=speech, order=0, number="一、", heading="大力弘扬劳模精神", body="<p>劳模是民族的精英。</p>"
    )
    return {
        "column": column,
        "person": person,
        "event": event,
        "article": article,
        "other": other,
        "speech": speech,
    }


def heading(page):
    return page.locator("main h1").first.inner_text().strip()


def test_home_list_detail_tag_person_event(page, site, screenshot):
    page.goto(page.base_url + "/")
    assert "铁人精神永放光芒" in page.locator("main").inner_text()
    assert "在全市劳动模范座谈会上的讲话" in page.locator("main").inner_text()
    screenshot(page, "reader-home")

    page.locator(".site-nav").get_by_role("link", name="文章").click()
    page.wait_for_url("**/articles/")
    listing = page.locator("main").inner_text()
    assert "铁人精神永放光芒" in listing and "大国工匠的创新之路" in listing
    assert "在全市劳动模范座谈会上的讲话" not in listing
    screenshot(page, "reader-article-list")

    page.locator("main").get_by_role("link", name="铁人精神永放光芒").first.click()
    page.wait_for_url(f"**{site['article'].get_absolute_url()}")
    assert heading(page) == "铁人精神永放光芒"
    body = page.locator(".piece__body").inner_text()
    assert "宁可少活二十年" in body
    assert (
        page.locator("link[rel=canonical]").get_attribute("href").endswith(site["article"].get_absolute_url())
    )
    screenshot(page, "reader-article-detail")

    page.locator(".relations").get_by_role("link", name="劳模精神").click()
    page.wait_for_url("**/tags/**")
    assert "劳模精神" in heading(page)
    tag_main = page.locator("main").inner_text()
    assert "铁人精神永放光芒" in tag_main and "大国工匠的创新之路" in tag_main
    screenshot(page, "reader-tag")

    page.go_back()
    page.locator(".relations").get_by_role("link", name="王进喜").click()
    page.wait_for_url(f"**{site['person'].get_absolute_url()}")
    assert heading(page) == "王进喜"
    person_main = page.locator("main").inner_text()
    assert "全国劳动模范" in person_main and "铁人" in person_main
    assert "在全市劳动模范座谈会上的讲话" in person_main
    screenshot(page, "reader-person")

    page.go_back()
    page.locator(".relations").get_by_role("link", name="全国劳动模范和先进工作者表彰大会").click()
    page.wait_for_url(f"**{site['event'].get_absolute_url()}")
    assert heading(page) == "全国劳动模范和先进工作者表彰大会"
    assert "北京" in page.locator("main").inner_text()
    screenshot(page, "reader-event")

    page.goto(page.base_url + site["speech"].get_absolute_url())
    assert heading(page) == "在全市劳动模范座谈会上的讲话"
    assert "大力弘扬劳模精神" in page.locator("main").inner_text()
    screenshot(page, "reader-speech")


def test_search_from_the_header_box_and_follow_a_result(page, site, screenshot):
    page.goto(page.base_url + "/")
    box = page.locator("header input[name=q]")
    box.fill("铁人")
    box.press("Enter")
    page.wait_for_url(f"**/search/?q={quote('铁人')}*")
    status = page.locator(".search-count").inner_text()
    assert "共找到 2 条结果" in status
    results = page.locator(".search-result")
    titles = [results.nth(i).locator("h2").inner_text() for i in range(results.count())]
    # A title match and the person whose alias it is (an alias ranks as the name).
    assert sorted(titles) == sorted(["铁人精神永放光芒", "王进喜"])
    assert page.locator(".search-result__title mark").first.inner_text() == "铁人"
    assert "大国工匠的创新之路" not in page.locator("main").inner_text()
    screenshot(page, "reader-search")

    results.locator("h2 a", has_text="铁人精神永放光芒").click()
    page.wait_for_url(f"**{site['article'].get_absolute_url()}")
    assert heading(page) == "铁人精神永放光芒"

    # A two-character word from the body only (not the title, summary or any name).
    box = page.locator("header input[name=q]")
    box.fill("钻机")
    box.press("Enter")
    page.wait_for_url(f"**/search/?q={quote('钻机')}*")
    assert "共找到 1 条结果" in page.locator(".search-count").inner_text()
    assert page.locator(".search-result mark").first.inner_text() == "钻机"
    page.locator(".search-result h2 a").first.click()
    page.wait_for_url(f"**{site['article'].get_absolute_url()}")
    assert "人拉肩扛把钻机运上井场" in page.locator(".piece__body").inner_text()

    box = page.locator("header input[name=q]")
    box.fill("钻井队 1205")
    box.press("Enter")
    page.wait_for_url("**/search/**")
    assert page.locator(".search-result h2").first.inner_text() in {"铁人精神永放光芒", "王进喜"}

    page.goto(page.base_url + "/search/?q=" + quote("<script>alert(1)</script>"))
    assert "<script>alert(1)</script>" in page.locator("input#search-page-q").input_value()
    assert page.locator("main script").count() == 0


FOCUS_JS = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {tag: el.tagName, id: el.id, name: el.getAttribute('name'), text: (el.innerText || '').trim(),
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0,
          shadow: style.boxShadow};
}"""


def test_keyboard_only_reaches_the_search_box_and_main_links_with_visible_focus(page, site):
    page.goto(page.base_url + "/")
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUS_JS))
    assert seen[0]["text"] == "跳到正文"
    reached = {item["text"] for item in seen} | {item["id"] for item in seen}
    assert {"文章", "讲话", "人物", "活动", "site-search-q", "铁人精神永放光芒"} <= reached
    for item in seen:
        if item["tag"] in ("A", "INPUT", "BUTTON", "SELECT"):
            visible = (item["outline"] != "none" and item["width"] >= 2) or item["shadow"] != "none"
            assert visible, f"no visible focus on {item}"

    page.keyboard.press("Shift+Tab")
    for _ in range(60):
        if page.evaluate("() => document.activeElement.id") == "site-search-q":
            break
        page.keyboard.press("Shift+Tab")
    page.keyboard.type("劳模精神")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/**")
    assert "共找到" in page.locator(".search-count").inner_text()


def test_no_page_scrolls_sideways_at_375_px(page, site, screenshot):
    page.set_viewport_size({"width": 375, "height": 800})
    paths = {
        "home": "/",
        "article-list": "/articles/",
        "article-detail": site["article"].get_absolute_url(),
        "speech-detail": site["speech"].get_absolute_url(),
        "person": site["person"].get_absolute_url(),
        "event": site["event"].get_absolute_url(),
        "tag": "/tags/" + site["article"].tags.get().slug + "/",
        "column": site["column"].get_absolute_url(),
        "search": "/search/?q=" + quote("劳模精神"),
    }
    too_wide = {}
    for name, path in paths.items():
        page.goto(page.base_url + path)
        assert page.locator("main h1").count() >= 1, name
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 375:
            too_wide[name] = width
        if name in ("home", "article-detail", "search"):
            screenshot(page, f"reader-mobile-{name}")
    assert too_wide == {}
