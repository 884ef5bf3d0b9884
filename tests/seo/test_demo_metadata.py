"""Every public page type of the demo carries complete sharing metadata and structured data.

The demo is loaded for real (``load_demo``) and every page is read as a browser would
get it; the head is parsed, not searched for substrings.
"""

import io
import json
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from articles.models import Article, Column
from editorial.tagcounts import live_tag_counts
from events.models import Event
from people.models import Person
from portal.models import Topic
from speeches.models import Speech
from tests.factories import make_speech

pytestmark = pytest.mark.django_db

OG = ("og:title", "og:description", "og:url", "og:image", "og:type", "og:site_name")
TWITTER = ("twitter:card", "twitter:title", "twitter:description", "twitter:image")


class Head(HTMLParser):
    """The title, meta tags, canonical link and JSON-LD nodes of a page, and its breadcrumbs."""

    def __init__(self):
        super().__init__()
        self.meta, self.canonical, self.title, self.ld, self.breadcrumbs = {}, None, "", [], False
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "title" or (tag == "script" and attrs.get("type") == "application/ld+json"):
            self._in = tag
            if tag == "script":
                self.ld.append("")
        elif tag == "nav" and "breadcrumbs" in (attrs.get("class") or ""):
            self.breadcrumbs = True

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.ld[-1] += data


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    head = Head()
    head.feed(response.content.decode())
    return head


def demo_pages():
    """(page type, URL) for every public page of the demo."""
    pages = [
        ("home", "/"),
        ("article list", "/articles/"),
        ("speech list", "/speeches/"),
        ("people list", "/people/"),
        ("event list", "/events/"),
        ("tag list", "/tags/"),
        ("topic list", "/topics/"),
        ("corrections", "/corrections/"),
        ("search", "/search/?q=劳模"),
    ]
    pages += [("article", a.get_absolute_url()) for a in Article.objects.live()]
    pages += [("speech", s.get_absolute_url()) for s in Speech.objects.live()]
    pages += [("column", c.get_absolute_url()) for c in Column.objects.all()]
    pages += [("person", p.get_absolute_url()) for p in Person.objects.all()]
    pages += [("event", e.get_absolute_url()) for e in Event.objects.all()]
    # An event the demo knows no date or place of cannot state them: checked per event below.
    pages += [("topic", t.get_absolute_url()) for t in Topic.objects.filter(is_published=True)]
    from editorial.models import Tag

    pages += [("tag", t.get_absolute_url()) for t in Tag.objects.filter(pk__in=list(live_tag_counts()))]
    return pages


def nodes_by_type(head):
    nodes = {}
    for block in head.ld:
        node = json.loads(block)
        assert node["@context"] == "https://schema.org"
        nodes[node["@type"]] = node
    return nodes


def test_every_page_type_of_the_demo_has_complete_metadata(client, settings):
    settings.SITE_URL = "https://news.example.cn"
    call_command("load_demo", stdout=io.StringIO())
    # The demo's one speech is a draft and it has no 专题: add one live of each, with a
    # speaker, so those page types are walked too.
    make_speech(title="在劳模座谈会上的讲话", speaker=Person.objects.first(), tags=["劳模"])
    Topic.objects.create(title="劳模专题", is_published=True)
    pages = demo_pages()
    kinds = {kind for kind, _ in pages}
    assert kinds >= {"article", "speech", "column", "person", "event", "tag", "topic"}, kinds
    problems = []
    for kind, url in pages:
        head = read(client, url)
        missing = [name for name in ("description", *OG, *TWITTER) if not (head.meta.get(name) or "").strip()]
        if not head.title.strip() or not head.canonical:
            missing.append("title/canonical")
        images = [head.meta.get("og:image") or "", head.meta.get("twitter:image") or ""]
        nodes = nodes_by_type(head)
        expected = {
            "home": "WebSite",
            "article": "NewsArticle",
            "speech": "NewsArticle",
            "person": "ProfilePage",
            "event": "Event",
            "search": "SearchResultsPage",
        }.get(kind, "CollectionPage")
        if expected not in nodes:
            missing.append(expected)
        if head.breadcrumbs and "BreadcrumbList" not in nodes:
            missing.append("BreadcrumbList")
        if "BreadcrumbList" in nodes:
            trail = nodes["BreadcrumbList"]["itemListElement"]
            if not all(item["name"] and item["item"].startswith(settings.SITE_URL) for item in trail):
                missing.append("breadcrumb item")
        if kind in ("article", "speech"):
            article = nodes.get("NewsArticle", {})
            for field in ("headline", "author", "image", "datePublished", "dateModified", "publisher"):
                if not article.get(field):
                    missing.append(f"NewsArticle.{field}")
            if not all(author.get("name") for author in article.get("author", [])):
                missing.append("NewsArticle.author.name")
            images += article.get("image", [])
        if kind == "person" and not nodes.get("ProfilePage", {}).get("mainEntity", {}).get("name"):
            missing.append("Person.name")
        if kind == "event":
            event = nodes.get("Event", {})
            known = Event.objects.get(slug=url.strip("/").split("/")[-1])
            wanted = {"name": True, "startDate": known.start_date, "location": known.place}
            missing += [f"Event.{f}" for f, has in wanted.items() if has and not event.get(f)]
        if kind == "home":
            action = nodes.get("WebSite", {}).get("potentialAction", {})
            if "{search_term_string}" not in action.get("target", {}).get("urlTemplate", ""):
                missing.append("SearchAction")
        if any(not image.startswith("https://") for image in images):
            missing.append(f"https image {images}")
        if missing:
            problems.append((kind, url, missing))
    assert problems == []
    # The home page's og:title is the site's name; a list page's names the list.
    assert read(client, "/").meta["og:title"] == settings.SITE_NAME
    assert read(client, "/articles/").meta["og:title"] == f"文章 · {settings.SITE_NAME}"
