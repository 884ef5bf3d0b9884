"""Every feed of the demo is valid: RFC 4287's required Atom elements, RSS 2.0's required ones.

Parsing is not enough (an Atom entry with no author parses); each feed is checked against
the elements the specifications require.
"""

import io
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Column
from editorial.models import Tag
from editorial.tagcounts import live_tag_counts
from people.models import Person
from portal.models import Topic
from tests.factories import make_article, make_speech

pytestmark = pytest.mark.django_db

A = "{http://www.w3.org/2005/Atom}"


FEED_HEAD = (
    f'<feed xmlns="{A[1:-1]}"><id>x</id><title>t</title><updated>u</updated><link rel="self" href="h"/>'
)


def atom_problems(feed):
    """What RFC 4287 §4.1.1–4.1.2 requires of a feed and its entries, and is missing."""
    problems = []
    if feed.tag != f"{A}feed":
        return ["root is not atom:feed"]
    for name in ("id", "title", "updated"):
        if not (feed.findtext(f"{A}{name}") or "").strip():
            problems.append(f"feed {name}")
    if not any(link.get("rel", "alternate") == "self" for link in feed.findall(f"{A}link")):
        problems.append("feed self link")  # SHOULD, but our readers rely on it
    feed_has_author = feed.find(f"{A}author/{A}name") is not None
    for entry in feed.findall(f"{A}entry"):
        label = entry.findtext(f"{A}id") or "?"
        for name in ("id", "title", "updated"):
            if not (entry.findtext(f"{A}{name}") or "").strip():
                problems.append(f"entry {label} {name}")
        if not feed_has_author and not (entry.findtext(f"{A}author/{A}name") or "").strip():
            problems.append(f"entry {label} author")
        alternate = [
            link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"
        ]
        if entry.find(f"{A}content") is None and not alternate:
            problems.append(f"entry {label} link or content")
        if len(alternate) > 1:
            problems.append(f"entry {label} two alternate links")
    return problems


def rss_problems(rss):
    """RSS 2.0: a channel with title, link and description; items with a title or a description."""
    channel = rss.find("channel")
    if rss.tag != "rss" or rss.get("version") != "2.0" or channel is None:
        return ["not RSS 2.0"]
    problems = [f"channel {name}" for name in ("title", "link", "description") if not channel.findtext(name)]
    for item in channel.findall("item"):
        if not (item.findtext("title") or item.findtext("description")):
            problems.append("item without title or description")
        if not (item.findtext("link") or "").startswith("https://"):
            problems.append("item link")
    return problems


def demo_feeds():
    feeds = [("feeds:latest", None), ("feeds:articles", None), ("feeds:speeches", None)]
    for name, objects in (
        ("tag", Tag.objects.filter(pk__in=list(live_tag_counts()))),
        ("column", Column.objects.all()),
        ("person", Person.objects.all()),
        ("topic", Topic.objects.filter(is_published=True)),
    ):
        feeds += [(f"feeds:{name}", {"slug": obj.slug}) for obj in objects]
    return feeds


def test_every_feed_of_the_demo_is_valid_rss_and_atom(client, settings):
    settings.SITE_URL = "https://news.example.cn"
    call_command("load_demo", stdout=io.StringIO())
    make_article(title="无署名的稿件", tags=["劳模"])  # signed by nobody: the site is its author
    make_speech(title="在座谈会上的讲话", speaker=Person.objects.first(), tags=["劳模"])
    Topic.objects.create(title="劳模专题", is_published=True, tag=Tag.objects.get(name="劳模"))
    problems, entries = {}, 0
    for name, kwargs in demo_feeds():
        rss = ElementTree.fromstring(client.get(reverse(name, kwargs=kwargs)).content)
        atom = ElementTree.fromstring(client.get(reverse(f"{name}_atom", kwargs=kwargs)).content)
        entries += len(atom.findall(f"{A}entry"))
        found = rss_problems(rss) + atom_problems(atom)
        if found:
            problems[reverse(name, kwargs=kwargs)] = found
    assert problems == {}
    assert entries > 10  # the feeds were not all empty


def test_an_unsigned_entry_names_the_site_as_its_author(client, settings):
    make_article(title="无署名的稿件")
    atom = ElementTree.fromstring(client.get(reverse("feeds:latest_atom")).content)
    assert [e.findtext(f"{A}author/{A}name") for e in atom.findall(f"{A}entry")] == [settings.SITE_NAME]
    assert atom_problems(atom) == []


@pytest.mark.parametrize(
    ("xml", "problem"),
    [
        (
            FEED_HEAD
            + "<entry><id>e</id><title>t</title><updated>u</updated><link href='l'/></entry></feed>",
            "entry e author",
        ),
        (
            f'<feed xmlns="{A[1:-1]}"><title>t</title><updated>u</updated><link rel="self" href="h"/></feed>',
            "feed id",
        ),
        (
            FEED_HEAD
            + "<entry><id>e</id><title>t</title><updated>u</updated>"
            + "<author><name>n</name></author></entry></feed>",
            "entry e link or content",
        ),
    ],
)
def test_the_validator_catches_what_rfc_4287_forbids(xml, problem):
    assert problem in atom_problems(ElementTree.fromstring(xml))


def test_feed_items_and_pages_never_ask_for_a_plain_http_picture(client):
    article = make_article(
        title="转载稿", body='<p>正文</p><p><img src="http://img.aggregator.example/a.jpg" alt="图"></p>'
    )
    rss = client.get(reverse("feeds:latest")).content.decode()
    assert "http://img.aggregator.example" not in rss
    assert "https://img.aggregator.example/a.jpg" in rss
    page = client.get(article.get_absolute_url()).content.decode()
    # The page keeps the address it was given; the browser upgrades every request to https.
    assert '<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests">' in page
