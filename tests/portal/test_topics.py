"""专题: chosen sections and the tag rule, the public page, feed and sitemap, and the link
from the pieces a 专题 includes."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from editorial.models import Tag
from portal.models import Topic, TopicItem
from portal.topics import topic_sections
from tests.factories import NON_LIVE_STATES, make_article, make_speech, non_live_states

pytestmark = pytest.mark.django_db


def include(topic, section, *pieces, start=0):
    for n, piece in enumerate(pieces, start=start):
        TopicItem.objects.create(
            topic=topic,
            section=section,
            content_type=ContentType.objects.get_for_model(piece),
            object_id=piece.pk,
            position=n,
        )


def titles(sections):
    return [(heading, [piece.title for piece in pieces]) for heading, pieces in sections]


def test_sections_follow_the_editors_order_then_the_tag_rule_adds_the_rest():
    now = timezone.now()
    speech = make_speech(title="贺信原文", tags=["劳模精神"])
    old = make_article(title="老报道", publish_at=now - timedelta(days=3), tags=["劳模精神"])
    new = make_article(title="新报道", publish_at=now - timedelta(hours=2), tags=["劳模精神"])
    newest = make_article(title="最新报道稿", publish_at=now - timedelta(minutes=5), tags=["劳模精神"])
    make_article(title="别的标签", tags=["工匠"])
    topic = Topic.objects.create(
        title="弘扬劳模精神", tag=Tag.objects.get(name="劳模精神"), is_published=True
    )
    include(topic, "权威声音", speech)
    include(topic, "劳模风采", old, new, start=1)
    assert titles(topic_sections(topic)) == [
        ("权威声音", ["贺信原文"]),
        ("劳模风采", ["老报道", "新报道"]),
        ("最新报道", ["最新报道稿"]),  # the tag brings in what no section holds, once
    ]
    assert newest.pk


def test_without_a_tag_rule_only_chosen_pieces_show():
    chosen = make_article(title="选定稿", tags=["劳模精神"])
    make_article(title="同标签未选", tags=["劳模精神"])
    topic = Topic.objects.create(title="专题", is_published=True)
    include(topic, "报道", chosen)
    assert titles(topic_sections(topic)) == [("报道", ["选定稿"])]


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_pieces_readers_cannot_see_are_left_out_of_both_sections_and_rule(client, state):
    topic = Topic.objects.create(title="劳模专题", tag=None, is_published=True)
    hidden = make_article(title="隐藏稿", tags=["劳模精神"], **non_live_states()[state])
    include(topic, "报道", hidden)
    topic.tag = Tag.objects.get(name="劳模精神")
    topic.save()
    make_article(title="公开稿", tags=["劳模精神"])
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "公开稿" in html and "隐藏稿" not in html


def test_the_public_page_shows_title_introduction_and_sections(client):
    piece = make_article(title="劳模座谈会召开")
    topic = Topic.objects.create(
        title="劳模精神<script>", introduction="第一段导语。\n\n第二段<b>导语</b>。", is_published=True
    )
    include(topic, "要闻", piece)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "劳模精神&lt;script&gt;" in html and "<script>" not in html.split("</head>")[1].split("site.js")[0]
    assert "<p>第一段导语。</p>" in html and "<p>第二段导语。</p>" in html  # tags stripped on save
    assert "劳模座谈会召开" in html and topic.get_feed_url() in html


def test_an_unpublished_topic_has_no_page_feed_or_sitemap_entry(client):
    topic = Topic.objects.create(title="筹备中的专题")
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.get(topic.get_feed_url()).status_code == 404
    sitemap = client.get(reverse("seo:sitemap_section", kwargs={"section": "topics"})).content.decode()
    assert topic.slug not in sitemap


def test_the_feed_and_sitemap_carry_a_published_topic(client):
    piece = make_article(title="收入专题的稿件")
    make_article(title="没收入的稿件")
    topic = Topic.objects.create(title="劳模精神", is_published=True)
    include(topic, "报道", piece)
    root = ElementTree.fromstring(client.get(topic.get_feed_url()).content)
    assert [item.find("title").text for item in root.iter("item")] == ["收入专题的稿件"]
    sitemap = client.get(reverse("seo:sitemap_section", kwargs={"section": "topics"})).content.decode()
    assert f"https://news.example.cn{topic.get_absolute_url()}" in sitemap
    index = client.get(reverse("seo:sitemap")).content.decode()
    assert "sitemap-topics.xml" in index


def test_a_piece_names_the_topics_that_include_it(client):
    chosen = make_article(title="选入的稿件")
    tagged = make_speech(title="带标签的讲话", tags=["劳模精神"])
    by_hand = Topic.objects.create(title="手选专题", is_published=True)
    by_tag = Topic.objects.create(title="标签专题", tag=Tag.objects.get(name="劳模精神"), is_published=True)
    Topic.objects.create(title="未公开专题", tag=Tag.objects.get(name="劳模精神"))
    include(by_hand, "报道", chosen)
    chosen_page = client.get(chosen.get_absolute_url()).content.decode()
    tagged_page = client.get(tagged.get_absolute_url()).content.decode()
    assert "收入专题：" in chosen_page and by_hand.get_absolute_url() in chosen_page
    assert by_tag.get_absolute_url() not in chosen_page
    assert by_tag.get_absolute_url() in tagged_page and "未公开专题" not in tagged_page


def test_the_topic_page_query_count_does_not_grow_with_its_pieces(client):
    topic = Topic.objects.create(title="劳模", tag=None, is_published=True)
    counts = []
    for size in (5, 50):
        TopicItem.objects.all().delete()
        pieces = [make_article() for _ in range(size)] + [make_speech() for _ in range(2)]
        include(topic, "报道", *pieces)
        topic.tag = Tag.objects.get_or_create(name="劳模精神")[0]
        topic.save()
        client.get(topic.get_absolute_url())
        with CaptureQueriesContext(connection) as queries:
            response = client.get(topic.get_absolute_url())
        assert response.content.decode().count('class="card card--') >= size + 2
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 10


def test_a_topic_slug_comes_from_its_title_and_stays_unique():
    first = Topic.objects.create(title="劳模精神")
    second = Topic.objects.create(title="劳模精神")
    assert first.slug == "laomo-jingshen" and second.slug != first.slug


def test_the_banner_comes_from_the_image_library_with_its_alt_text(client):
    from tests.images.helpers import make_image

    banner = make_image(title="劳模群像", alt="劳动模范们在表彰大会上合影")
    topic = Topic.objects.create(title="劳模精神", banner=banner, is_published=True)
    html = client.get(topic.get_absolute_url()).content.decode()
    assert f'src="{banner.detail.url}"' in html and 'alt="劳动模范们在表彰大会上合影"' in html
    banner.delete()  # a picture removed from the library leaves the 专题 without a banner
    topic.refresh_from_db()
    assert topic.banner is None and client.get(topic.get_absolute_url()).status_code == 200


def test_the_topic_admin_picks_the_banner_from_the_library(client, users):
    from tests.images.helpers import make_image

    banner = make_image(title="劳模群像")
    client.force_login(users["zhuren"])
    response = client.post(
        reverse("admin:portal_topic_add"),
        {
            "title": "工匠精神",
            "introduction": "导语。",
            "banner": banner.pk,
            "is_published": "on",
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
            "items-MIN_NUM_FORMS": 0,
            "items-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Topic.objects.get(title="工匠精神").banner == banner
