"""Sharing metadata: canonical, description, OpenGraph, Twitter card, JSON-LD NewsArticle."""

import json
import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from tests.factories import make_article, make_event, make_person, make_speech

pytestmark = pytest.mark.django_db

SITE = "https://news.example.cn"


def render_meta(obj, host="testserver"):
    request = RequestFactory().get("/whatever/", HTTP_HOST=host)
    template = Template("{% load seo %}{% meta_tags object %}")
    return template.render(Context({"object": obj, "request": request}))


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return match.group(1) if match else None


def json_ld_types(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return [json.loads(block)["@type"] for block in blocks]


def test_article_has_canonical_og_twitter_and_news_article(settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example.org"]
    article = make_article(
        title="大力弘扬劳模精神",
        summary="劳模精神的摘要。",
        head_image_url="https://img.example.cn/a.jpg",
        tags=["劳模"],
    )
    article.bylines.create(person=make_person(name="王晓峰"), position="记者")
    html = render_meta(article, host="evil.example.org")
    url = SITE + article.get_absolute_url()
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "name", "description") == "劳模精神的摘要。"
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:url") == url
    assert meta(html, "property", "og:title") == "大力弘扬劳模精神"
    assert meta(html, "property", "og:image") == "https://img.example.cn/a.jpg"
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "name", "twitter:image") == "https://img.example.cn/a.jpg"
    assert meta(html, "property", "article:tag") == "劳模"
    data = json.loads(json_ld(html))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "大力弘扬劳模精神"
    assert data["mainEntityOfPage"] == url
    assert data["author"] == [{"@type": "Person", "name": "王晓峰"}]
    assert data["image"] == ["https://img.example.cn/a.jpg"]
    assert "evil.example.org" not in html


def test_a_piece_without_a_picture_shares_the_site_image_on_a_small_card():
    article = make_article(head_image_url="")
    html = render_meta(article)
    assert meta(html, "name", "twitter:card") == "summary"
    assert meta(html, "property", "og:image") == f"{SITE}/static/img/share.png"
    assert meta(html, "name", "twitter:image") == f"{SITE}/static/img/share.png"
    data = json.loads(json_ld(html))
    # Search engines want an image on every NewsArticle: the one the card shows.
    assert data["image"] == [f"{SITE}/static/img/share.png"]
    assert data["publisher"]["logo"]["url"] == f"{SITE}/static/img/share.png"
    # Signed by nobody: the site itself is the author.
    assert data["author"] == [data["publisher"]]


@pytest.mark.parametrize(
    "url",
    ["http://img.aggregator.example/a.jpg", "//img.aggregator.example/a.jpg"],
)
def test_a_plain_http_picture_never_reaches_the_sharing_metadata(url):
    html = render_meta(make_article(head_image_url=url))
    images = [meta(html, "property", "og:image"), meta(html, "name", "twitter:image")]
    images += json.loads(json_ld(html))["image"]
    assert all(image.startswith("https://") for image in images), images
    if url.startswith("//"):
        assert images[0] == "https:" + url
    else:
        assert images[0] == f"{SITE}/static/img/share.png"


def test_the_site_image_can_be_any_address(settings):
    settings.SHARE_IMAGE = "https://cdn.example.cn/logo.png"
    assert meta(render_meta(make_person(name="王进喜")), "property", "og:image") == settings.SHARE_IMAGE


@pytest.mark.parametrize(
    "title",
    ["</script><script>alert(1)</script>", "<!--", "a & b < c > d", "\"quoted\" 'single'", "行\u2028分隔符"],
)
def test_hostile_titles_cannot_break_out_of_the_json_ld_block(title):
    article = make_article(title=title, summary=title)
    html = render_meta(article)
    block = json_ld(html)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert all("<" not in b and ">" not in b for b in blocks)
    assert html.count("<script") == 2 == len(blocks)  # the NewsArticle and its breadcrumb trail
    assert json.loads(blocks[1])["itemListElement"][-1]["name"] == title
    assert json.loads(block)["headline"] == title
    assert meta(html, "property", "og:title") is not None
    assert "<script>alert" not in html


def test_speech_person_and_event_pages_get_matching_types():
    speech = make_speech(title="在劳模座谈会上的讲话")
    person = make_person(name="王进喜", bio="大庆油田1205钻井队队长。")
    event = make_event(name="表彰大会", description="全国劳动模范和先进工作者表彰大会。")
    assert json.loads(json_ld(render_meta(speech)))["@type"] == "NewsArticle"
    person_html = render_meta(person)
    assert meta(person_html, "property", "og:type") == "profile"
    assert meta(person_html, "name", "description") == "大庆油田1205钻井队队长。"
    assert json_ld_types(person_html) == ["ProfilePage", "BreadcrumbList"]
    assert json.loads(json_ld(person_html))["mainEntity"]["name"] == "王进喜"
    event_html = render_meta(event)
    assert meta(event_html, "property", "og:type") == "website"
    assert json_ld_types(event_html) == ["Event", "BreadcrumbList"]
    assert f'href="{SITE}{event.get_absolute_url()}"' in event_html


def test_detail_pages_carry_the_metadata_in_their_head(client):
    article = make_article(
        title="大力弘扬劳模精神", tags=["劳模"], head_image_url="https://img.example.cn/a.jpg"
    )
    speech = make_speech(title="在劳模座谈会上的讲话")
    person = make_person(name="王进喜")
    event = make_event(name="表彰大会")
    for obj in (article, speech, person, event):
        html = client.get(obj.get_absolute_url()).content.decode()
        head = html.split("</head>")[0]
        assert f'<link rel="canonical" href="{SITE}{obj.get_absolute_url()}">' in head
        assert 'property="og:title"' in head
        assert '<html lang="zh-Hans">' in html
    article_head = client.get(article.get_absolute_url()).content.decode().split("</head>")[0]
    assert json.loads(json_ld(article_head))["headline"] == "大力弘扬劳模精神"
    assert meta(article_head, "property", "og:image") == "https://img.example.cn/a.jpg"
    person_head = client.get(person.get_absolute_url()).content.decode().split("</head>")[0]
    assert json_ld_types(person_head) == ["ProfilePage", "BreadcrumbList"]
    assert f'href="{SITE}/feeds/people/{person.slug}/"' in person_head


def test_tag_page_offers_its_feed():
    from django.test import Client

    make_article(tags=["劳模"])
    head = Client().get("/tags/laomo/").content.decode().split("</head>")[0]
    assert f'<link rel="canonical" href="{SITE}/tags/laomo/">' in head
    assert f'type="application/rss+xml" title="劳模" href="{SITE}/feeds/tags/laomo/"' in head


def test_a_later_page_of_a_list_is_its_own_canonical_page(client):
    for _ in range(21):
        make_article(tags=["劳模"])
    for path in ("/articles/", "/tags/laomo/"):
        first = client.get(path, {"utm_source": "weixin"}).content.decode()
        assert f'<link rel="canonical" href="{SITE}{path}">' in first
        second = client.get(path, {"page": "2", "utm_source": "weixin"}).content.decode()
        assert f'<link rel="canonical" href="{SITE}{path}?page=2">' in second


def test_the_page_parameter_is_read_from_the_paginator_not_trusted(client):
    article = make_article(tags=["劳模"])
    # "²".isdigit() is True but int("²") fails: no page may turn that into a 500.
    for path in ("/", article.get_absolute_url(), "/tags/", "/articles/?page=1"):
        response = client.get(path, {"page": "²"} if "?" not in path else {})
        assert response.status_code in (200, 404), path
    head = client.get(article.get_absolute_url(), {"page": "7"}).content.decode().split("</head>")[0]
    # A detail page has no page 7: its canonical address is its own.
    assert f'<link rel="canonical" href="{SITE}{article.get_absolute_url()}">' in head


def test_a_list_filtered_by_its_query_string_names_the_filter_in_its_canonical_address(client):
    for _ in range(21):
        make_speech(tags=["工匠"])

    def head(params):
        return client.get("/speeches/", params).content.decode().split("</head>")[0]

    canonical = f'<link rel="canonical" href="{SITE}/speeches/?tag=gongjiang'
    assert canonical + '">' in head({"tag": "gongjiang", "utm_source": "x"})
    assert canonical + '&amp;page=2">' in head({"tag": "gongjiang", "page": "2"})
