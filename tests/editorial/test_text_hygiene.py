"""Text hygiene: every text field of every model is cleaned on save, so feeds, sitemaps and
JSON-LD never fail on stored text (a vertical tab pasted from Word took every feed down)."""

import importlib
import json
import re
import unicodedata
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial.models import AuditEntry, Comment, Correction, ReviewSignoff, Revision, Status, Tag
from editorial.sanitize import sanitize
from editorial.text import clean_text, text_fields
from galleries.models import GalleryImage
from people.models import Person
from portal import feed_urls
from portal.models import Topic, TopicItem
from speeches.models import SpeechSection
from tests.bulletins.models import Bulletin, BulletinItem
from tests.factories import make_article, make_column, make_event, make_person, make_source, make_speech
from tests.galleries.helpers import make_gallery
from tests.images.helpers import make_image

pytestmark = pytest.mark.django_db

# Tab and newline are text; a carriage return becomes a newline (see the table below).
C0 = [chr(code) for code in range(0x00, 0x20) if chr(code) not in "\t\n\r"]
C1 = [chr(code) for code in range(0x7F, 0xA0)]  # DEL and the C1 block
INVISIBLE_AT_ENDS = ["\ufeff", "\u200b", "\u200c", "\u200d", "\u2060"]
EVERY_CONTROL = "".join(C0 + C1)
# What a hostile paste can look like: a BOM and zero-width characters at the ends, every
# C0/C1 control in the middle, a decomposed character (e + combining acute), spaces around.
HOSTILE = "\ufeff\u200b  劳模" + EVERY_CONTROL + "精神e\u0301\u3000\u200d"
CLEAN = "劳模精神é"
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


@pytest.mark.parametrize("char", C0 + C1, ids=lambda c: f"U+{ord(c):04X}")
def test_each_control_character_is_removed(char):
    assert clean_text(f"劳模{char}精神") == "劳模精神"


@pytest.mark.parametrize("char", INVISIBLE_AT_ENDS, ids=lambda c: f"U+{ord(c):04X}")
def test_zero_width_and_bom_are_removed_at_the_ends(char):
    assert clean_text(f"{char}劳模精神{char}") == "劳模精神"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\t劳模\t精神\n", "劳模\t精神"),  # tab and newline inside are kept
        ("第一段\r\n第二段\r第三段", "第一段\n第二段\n第三段"),
        ("cafe\u0301", "café"),  # NFC
        ("\u3000\u3000全角空格", "全角空格"),
        ("劳\u200d模", "劳\u200d模"),  # a joiner inside a word is not ours to remove
        ("劳\ufeff模", "劳模"),  # a BOM is never text
        ("", ""),
        ("\u200b \u3000\u00a0劳模\u2028 \u200c\n", "劳模"),  # runs mixing both kinds, at both ends
        (" \u200b\u3000 ", ""),
    ],
)
def test_clean_text_table(raw, clean):
    assert clean_text(raw) == clean


EVERY_SPACE = [chr(code) for code in range(0x110000) if chr(code).isspace()]


@pytest.mark.parametrize("char", EVERY_SPACE, ids=lambda c: f"U+{ord(c):04X}")
def test_every_unicode_space_goes_at_the_ends(char):
    assert clean_text(f"{char}\u200b{char}劳模精神{char}\u2060") == "劳模精神"


def test_the_sanitiser_drops_control_characters_instead_of_keeping_or_replacing_them():
    cleaned = sanitize("<p>劳模" + EVERY_CONTROL + "精神</p>")
    assert cleaned == "<p>劳模精神</p>"


def _skip(field):
    return (
        field.choices
        or isinstance(field, models.SlugField | models.URLField)
        or field.name in {"content_hash", "code", "byline_names"}
    )


def _fill(instance):
    """Put HOSTILE into every free text field of ``instance`` (cut to fit its max_length at the end)."""
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.CharField | models.TextField) and not _skip(field):
            value = HOSTILE
            if field.max_length and len(value) > field.max_length:
                value = HOSTILE[: field.max_length - 3] + "精神\u200b"
            setattr(instance, field.attname, value)
    instance.save()
    return instance


@pytest.fixture
def hostile_world():
    user = get_user_model().objects.create_user("writer", password="pass-123456")
    column = _fill(make_column())
    source = _fill(make_source())
    person = _fill(make_person())
    event = _fill(make_event())
    article = _fill(make_article(column=column, source=source, body="<p>正文" + EVERY_CONTROL + "</p>"))
    article.tags.add(HOSTILE)
    article.people.add(person)
    article.events.add(event)
    byline = _fill(article.bylines.create(person=person, position="记者"))
    speech = _fill(make_speech(speaker=person, occasion=event, tags=[HOSTILE]))
    section = _fill(
        SpeechSection.objects.create(speech=speech, order=0, number="一、", heading="一", body="x")
    )
    content_type = ContentType.objects.get_for_model(Article)
    records = [
        _fill(Comment(content_type=content_type, object_id=article.pk, author=user)),
        _fill(ReviewSignoff(content_type=content_type, object_id=article.pk, stage=1, reviewer=user,
                            decision=ReviewSignoff.Decision.APPROVED)),
        _fill(Revision(content_type=content_type, object_id=article.pk, version=1, snapshot={})),
        _fill(AuditEntry(content_type=content_type, object_id=article.pk, code="gongjiang.article.saved")),
        _fill(Correction(content_type=content_type, object_id=article.pk)),
    ]  # fmt: skip
    image = _fill(make_image())
    topic = _fill(Topic(title="专题", slug="zhuanti", is_published=True, banner=image))
    item = _fill(TopicItem(topic=topic, content_type=content_type, object_id=article.pk))
    gallery = _fill(make_gallery(tags=[HOSTILE]))
    picture = _fill(GalleryImage.objects.create(gallery=gallery, image=image, order=0))
    # The test settings' own type (tests/bulletins), live, so its feed and sitemap show it.
    bulletin = _fill(Bulletin(title="公告", status=Status.PUBLISHED, publish_at=timezone.now()))
    bulletin_item = _fill(BulletinItem(bulletin=bulletin, order=0, heading="一"))
    records += [image, topic, item, gallery, picture, bulletin, bulletin_item]
    return {
        "article": article,
        "speech": speech,
        "person": person,
        "event": event,
        "column": column,
        "tag": Tag.objects.get(),
        "topic": topic,
        "rows": [column, source, person, event, article, byline, speech, section, *records],
    }


def test_every_text_field_of_every_model_is_stored_clean(hostile_world):
    rows = hostile_world["rows"] + [hostile_world["tag"]]
    covered = {type(row) for row in rows}
    fields = {
        model: [model._meta.get_field(name) for name in text_fields(model)] for model in apps.get_models()
    }
    fillable = {model for model, found in fields.items() if any(not _skip(field) for field in found)}
    # taggit's own Tag model is unused by our content but cleaned as well (checked below);
    # the search index is derived from the cleaned fields and keeps its own format.
    assert fillable - covered == {apps.get_model("taggit", "Tag")}
    assert not text_fields(apps.get_model("search", "SearchEntry"))
    for row in rows:
        row.refresh_from_db()
        for name in text_fields(type(row)):
            value = getattr(row, name)
            assert not FORBIDDEN.search(value), (type(row).__name__, name, value)
            assert value == clean_text(value) and unicodedata.is_normalized("NFC", value)
    assert hostile_world["article"].title == CLEAN
    assert hostile_world["tag"].name == CLEAN
    assert hostile_world["person"].name == CLEAN


def test_taggit_tags_are_cleaned_too():
    from taggit.models import Tag as TaggitTag

    tag = TaggitTag.objects.create(name=HOSTILE, slug="x")
    tag.refresh_from_db()
    assert tag.name == CLEAN


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    ElementTree.fromstring(response.content)  # strict XML: raises on any forbidden character
    assert not FORBIDDEN.search(response.content.decode())
    return response


# Every feed the site mounts, with the object its address names.
FEED_OBJECTS = {"tags": "tag", "people": "person", "columns": "column", "topics": "topic"}


def test_feeds_and_sitemaps_serve_hostile_text(client, hostile_world):
    urls = []
    for pattern in feed_urls.urlpatterns:
        name = f"feeds:{pattern.name}"
        if "slug" in pattern.pattern.converters:
            prefix = str(pattern.pattern).split("/")[0]
            urls.append(reverse(name, kwargs={"slug": hostile_world[FEED_OBJECTS[prefix]].slug}))
        else:
            urls.append(reverse(name))
    assert len(urls) >= 14
    for url in urls:
        response = _xml(client, url)
        assert CLEAN.encode() in response.content, url
    index = _xml(client, reverse("seo:sitemap"))
    sections = re.findall(rb"<loc>[^<]*/(sitemap-[a-z]+\.xml)</loc>", index.content)
    assert len(sections) >= 6
    for section in sections:
        _xml(client, "/" + section.decode())


def test_detail_pages_print_valid_json_ld_for_hostile_text(client, hostile_world):
    for name in ("article", "speech", "person", "event", "column", "tag", "topic"):
        response = client.get(hostile_world[name].get_absolute_url())
        assert response.status_code == 200, name
        html = response.content.decode()
        assert not FORBIDDEN.search(html), name
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)
    article_page = client.get(hostile_world["article"].get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', article_page, re.S)[1])
    assert data["headline"] == CLEAN


def test_a_published_article_titled_with_a_vertical_tab_keeps_the_feeds_up(client):
    make_article(title="劳模\x0b精神报道", tags=["劳模\x0b精神"])
    for url in (reverse("feeds:latest"), reverse("feeds:latest_atom"), reverse("feeds:articles")):
        response = _xml(client, url)
        assert "劳模精神报道" in response.content.decode()


def test_rows_written_around_the_models_still_give_valid_feeds(client):
    # bulk updates send no signal: the feed itself never lets a control character through
    article = make_article(title="劳模精神报道")
    Article.objects.filter(pk=article.pk).update(title="劳模\x0b\x1b精神报道", summary="摘\x0c要")
    response = _xml(client, reverse("feeds:latest"))
    assert "劳模精神报道" in response.content.decode()


def test_the_data_migration_cleans_rows_stored_before_and_merges_tags_that_become_one(client):
    migration = importlib.import_module("editorial.migrations.0008_clean_stored_text")
    person = make_person(name="王进喜")
    article = make_article(title="劳模精神报道", tags=["劳模"])
    other = make_article(title="另一篇", tags=["工匠"])
    # Written around the models, as rows saved before the normaliser existed were.
    Article.objects.filter(pk=article.pk).update(title="\ufeff劳模\x0b精神报道\u200b", summary="摘\x85要")
    Person.objects.filter(pk=person.pk).update(name="王进喜\x0c")
    dirty_tag = Tag.objects.create(name="placeholder", slug="laomo-2")
    Tag.objects.filter(pk=dirty_tag.pk).update(name="劳模\u200b")
    article.tags.add(dirty_tag)  # the same piece under both spellings
    other.tags.add(dirty_tag)

    migration.clean_rows(apps, None)

    article.refresh_from_db()
    person.refresh_from_db()
    assert (article.title, article.summary, person.name) == ("劳模精神报道", "摘要", "王进喜")
    assert sorted(Tag.objects.values_list("name", flat=True)) == sorted(["劳模", "工匠"])
    laomo = Tag.objects.get(name="劳模")
    assert set(Article.objects.filter(tags=laomo).values_list("pk", flat=True)) == {article.pk, other.pk}
    _xml(client, reverse("feeds:latest"))
