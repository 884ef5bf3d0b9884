"""The English catalogue (locale/en) reaches readers and editors, and the page cache keeps languages apart."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_article, make_speech

pytestmark = pytest.mark.django_db

# The home page's per-type blocks ("最新%(kind)s") wait for the catalogue the lead updates at the end.
# Header navigation: (Chinese source, English translation from locale/en).
NAV = [("文章", "Articles"), ("讲话", "Speeches"), ("人物", "People"), ("活动", "Events"), ("标签", "Tags")]
CHINESE_ONLY = ["跳到正文", "搜索全站", "更多文章", "近期活动", "主导航"]
ENGLISH_ONLY = ["Skip to content", "Search the site", "More articles", "Recent events", "Main navigation"]


def nav_of(response):
    html = response.content.decode()
    match = re.search(r'<nav class="site-nav".*?</nav>', html, re.S)
    assert match, "header navigation missing"
    return match.group(0)


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def assert_english(response):
    html = response.content.decode()
    nav = nav_of(response)
    assert html_lang(response) == "en"
    for chinese, english in NAV:
        assert f">{english}</a>" in nav
        assert f">{chinese}</a>" not in nav
    for text in ENGLISH_ONLY:
        assert text in html
    for text in CHINESE_ONLY:
        assert text not in html


def assert_chinese(response):
    html = response.content.decode()
    nav = nav_of(response)
    assert html_lang(response) == "zh-Hans"
    for chinese, english in NAV:
        assert f">{chinese}</a>" in nav
        assert f">{english}</a>" not in nav
    for text in CHINESE_ONLY:
        assert text in html
    for text in ENGLISH_ONLY:
        assert text not in html


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def content():
    make_article(title="大国工匠的一天")
    make_speech(title="在劳模表彰大会上的讲话")


@pytest.mark.parametrize("language", ["en", "zh_Hans"])  # zh_Hans: third-party apps' strings
def test_catalogue_is_compiled_and_committed_next_to_its_source(language):
    # The .mo is committed, so a fresh checkout needs no gettext at run time.
    folder = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES"
    po, mo = folder / "django.po", folder / "django.mo"
    assert po.exists() and mo.exists()
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    # No empty translation except the header entry.
    assert re.findall(r'\nmsgstr ""\n\n', text) == []


def test_accept_language_en_gets_english_home(client, content):
    assert_english(client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en"))


@pytest.mark.parametrize("header", ["zh-hans", "zh-CN,zh;q=0.9", "", "fr"])
def test_chinese_or_unknown_language_gets_chinese_home(client, content, header):
    assert_chinese(client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE=header))


def test_language_switch_cookie_gives_english_then_back_to_chinese(client, content):
    response = client.post(reverse("portal:set_language"), {"language": "en", "next": reverse("portal:home")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # The cookie beats a Chinese Accept-Language header.
    assert_english(client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="zh-hans"))

    client.post(reverse("portal:set_language"), {"language": "zh-hans", "next": reverse("portal:home")})
    assert_chinese(client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en"))


@pytest.mark.parametrize(
    ("name", "english", "chinese"),
    [
        ("articles:list", "No articles published yet.", "还没有发布文章。"),
        ("people:list", "No people yet.", "还没有人物。"),
    ],
)
def test_empty_lists_speak_english(client, name, english, chinese):
    html = client.get(reverse(name), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english in html
    assert chinese not in html


def test_page_cache_never_serves_one_language_to_the_other(client, content):
    # Each language fills its own entry; a hit must still be in the reader's language.
    first_zh = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert first_zh["X-Page-Cache"] == "miss"
    assert_chinese(first_zh)

    first_en = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert first_en["X-Page-Cache"] == "miss"
    assert_english(first_en)

    again_en = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en")
    again_zh = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again_en["X-Page-Cache"] == again_zh["X-Page-Cache"] == "hit"
    assert_english(again_en)
    assert_chinese(again_zh)
    # Shared caches in front of us must key on the language too.
    assert "Accept-Language" in again_en["Vary"]


def test_page_cache_keys_on_the_language_cookie(client, content):
    assert_chinese(client.get(reverse("portal:home")))  # fills the Chinese entry
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("portal:home"))
    assert response["X-Page-Cache"] == "miss"
    assert_english(response)


def test_admin_index_in_english_uses_our_catalogue(staff_client):
    html = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for english in ["Articles", "Speeches", "People", "Events", "Newsroom", "Audit log"]:
        assert f">{english}<" in html
    for chinese in ["文章", "讲话", "人物", "编辑部", "审计日志"]:
        assert f">{chinese}<" not in html
    # The admin's own titles (editorial/admin.py) and the desk's are translated too.
    assert "<title>My desk | 工匠 Newsroom</title>" in html
    assert ">我的工作台<" not in html
    # The header's figure counts pieces sent back (a state), not the action of sending back.
    assert ">Sent back <" in html and "Send back" not in html


def test_admin_index_in_chinese_stays_chinese(staff_client):
    html = staff_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for chinese in ["文章", "讲话", "人物", "编辑部"]:
        assert f">{chinese}<" in html
    for english in ["Articles", "Speeches", "Newsroom", "Audit log"]:
        assert f">{english}<" not in html


def test_admin_article_form_labels_in_english(staff_client):
    html = staff_client.get(reverse("admin:articles_article_add"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for label in ["Kicker", "Headline", "Subtitle", "Short headline", "Summary", "Column", "Source", "Via"]:
        assert f">{label}:</label>" in html or f">{label}</label>" in html, label
    for chinese in ["引题", "副题", "短标题", "转载平台"]:
        assert f">{chinese}" not in html


def test_dates_follow_the_reader_language(client):
    # 2024-04-30 09:12 in Shanghai (01:12 UTC): Django's locale formats, not a Chinese pattern
    # written into the template, so an English page does not show "2024年4月30日".
    import datetime

    published = datetime.datetime(2024, 4, 30, 1, 12, tzinfo=datetime.UTC)
    article = make_article(title="大国工匠的一天", publish_at=published)
    delivered = datetime.date(2024, 4, 28)
    speech = make_speech(title="在劳模表彰大会上的讲话", publish_at=published, delivered_on=delivered)
    for piece, chinese, english in [
        (article, ["2024年4月30日 09:12"], ["April 30, 2024, 9:12 a.m."]),
        (speech, ["2024年4月28日", "2024年4月30日 09:12"], ["April 28, 2024", "April 30, 2024, 9:12 a.m."]),
    ]:
        zh = client.get(piece.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        en = client.get(piece.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        for text in chinese:
            assert f">{text}</time>" in zh
        for text in english:
            assert f">{text}</time>" in en
        assert "2024年4月30日" not in en


def test_masthead_date_in_english(client, content):
    import calendar

    from django.utils import timezone

    today = timezone.localdate()
    en = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    zh = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    weekday_zh = "一二三四五六日"[today.weekday()]
    # Python's own C-locale names, independent of Django's date filter.
    day, month = calendar.day_name[today.weekday()], calendar.month_name[today.month]
    assert f">{day}, {month} {today.day}, {today.year}</time>" in en
    assert f">{today.year}年{today.month}月{today.day}日 星期{weekday_zh}</time>" in zh
