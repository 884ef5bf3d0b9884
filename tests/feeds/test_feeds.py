"""RSS 2.0 and Atom feeds: live content only, absolute URLs from SITE_URL, sanitised bodies."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.models import Status
from speeches.models import SpeechSection
from tests.factories import make_article, make_column, make_person, make_speech

pytestmark = pytest.mark.django_db

SITE = "https://news.example.cn"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def content():
    now = timezone.now()
    column = make_column(name="中工理论")
    child = make_column(name="工运前沿", parent=column)
    author = make_person(name="王晓峰")
    live = make_article(title="劳模精神代代传", column=child, tags=["劳模"], body="<p>正文<b>加粗</b></p>")
    live.bylines.create(person=author, position="记者")
    other = make_article(title="另一栏目的稿件", tags=["工匠"])
    draft = make_article(title="草稿不能出现", column=child, tags=["劳模"], status=Status.DRAFT)
    scheduled = make_article(
        title="定时稿不能出现",
        column=child,
        tags=["劳模"],
        status=Status.APPROVED,
        publish_at=now + timedelta(hours=1),
    )
    expired = make_article(
        title="过期稿不能出现",
        column=child,
        tags=["劳模"],
        expire_at=now - timedelta(minutes=1),
        publish_at=now - timedelta(days=1),
    )
    speech = make_speech(title="在劳模座谈会上的讲话", speaker=author, tags=["劳模"])
    SpeechSection.objects.create(
        speech=speech, order=0, number="一、", heading="坚持创新", body="<p>第一部分</p>"
    )
    return {
        "column": column,
        "child": child,
        "author": author,
        "live": live,
        "other": other,
        "speech": speech,
        "hidden": [draft, scheduled, expired],
    }


def rss_items(response):
    root = ElementTree.fromstring(response.content)
    return {item.findtext("title"): item for item in root.iter("item")}, root


def atom_entries(response):
    root = ElementTree.fromstring(response.content)
    return {entry.findtext(f"{ATOM}title"): entry for entry in root.iter(f"{ATOM}entry")}, root


@pytest.mark.parametrize(
    ("name", "kwargs", "present", "absent"),
    [
        ("feeds:latest", {}, {"劳模精神代代传", "另一栏目的稿件", "在劳模座谈会上的讲话"}, set()),
        ("feeds:articles", {}, {"劳模精神代代传", "另一栏目的稿件"}, {"在劳模座谈会上的讲话"}),
        ("feeds:speeches", {}, {"在劳模座谈会上的讲话"}, {"劳模精神代代传"}),
        ("feeds:tag", {"slug": "laomo"}, {"劳模精神代代传", "在劳模座谈会上的讲话"}, {"另一栏目的稿件"}),
        ("feeds:column", {"slug": "column"}, {"劳模精神代代传"}, {"另一栏目的稿件", "在劳模座谈会上的讲话"}),
        ("feeds:person", {"slug": "person"}, {"劳模精神代代传", "在劳模座谈会上的讲话"}, {"另一栏目的稿件"}),
    ],
)
def test_each_rss_feed_lists_its_live_pieces_only(client, content, name, kwargs, present, absent):
    if kwargs.get("slug") == "column":
        kwargs = {"slug": content["column"].slug}  # the parent column includes its sub-columns
    if kwargs.get("slug") == "person":
        kwargs = {"slug": content["author"].slug}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response["Content-Type"].startswith("application/rss+xml")
    items, _root = rss_items(response)
    assert present <= set(items)
    assert not absent & set(items)
    assert not {"草稿不能出现", "定时稿不能出现", "过期稿不能出现"} & set(items)


@pytest.mark.parametrize("name", ["feeds:latest_atom", "feeds:articles_atom", "feeds:speeches_atom"])
def test_atom_feeds_are_atom_with_absolute_links(client, content, name):
    response = client.get(reverse(name))
    assert response["Content-Type"].startswith("application/atom+xml")
    entries, root = atom_entries(response)
    assert entries
    assert "定时稿不能出现" not in entries
    for entry in entries.values():
        assert entry.find(f"{ATOM}link").get("href").startswith(SITE + "/")
    self_link = [link.get("href") for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert self_link == [SITE + reverse(name)]


@pytest.mark.parametrize("name", ["feeds:tag_atom", "feeds:person_atom", "feeds:column_atom"])
def test_object_atom_feeds(client, content, name):
    slug = {
        "feeds:tag_atom": "laomo",
        "feeds:person_atom": content["author"].slug,
        "feeds:column_atom": content["child"].slug,
    }[name]
    entries, _root = atom_entries(client.get(reverse(name, kwargs={"slug": slug})))
    assert "劳模精神代代传" in entries
    assert "另一栏目的稿件" not in entries


def test_urls_come_from_site_url_never_the_host_header(client, content, settings):
    settings.ALLOWED_HOSTS = ["testserver", "evil.example.org"]
    for name in ("feeds:latest", "feeds:latest_atom", "feeds:articles"):
        response = client.get(reverse(name), HTTP_HOST="evil.example.org")
        text = response.content.decode()
        assert "evil.example.org" not in text
        assert f"{SITE}{content['live'].get_absolute_url()}" in text


def test_item_body_is_the_sanitised_body_with_speech_sections(client, content):
    content["live"].body = '<p>好<script>alert(1)</script><a href="javascript:alert(1)">链</a></p>'
    content["live"].save()
    items, _root = rss_items(client.get(reverse("feeds:latest")))
    description = items["劳模精神代代传"].findtext("description")
    assert "<script" not in description and "javascript:" not in description
    assert "好" in description
    speech = items["在劳模座谈会上的讲话"].findtext("description")
    assert "坚持创新" in speech and "第一部分" in speech


def test_unknown_tag_column_or_person_is_404(client, db):
    for name in ("feeds:tag", "feeds:column", "feeds:person"):
        assert client.get(reverse(name, kwargs={"slug": "no-such-thing"})).status_code == 404


def test_feed_query_count_is_flat(client, django_assert_max_num_queries, db):
    for _ in range(3):
        make_article(tags=["劳模"])
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("feeds:latest"))
    for _ in range(10):
        make_article(tags=["劳模"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("feeds:latest"))


def test_a_tag_only_unpublished_pieces_carry_has_no_feed(client, db):
    # Its name could announce a story before it is out (the tag page 404s the same way).
    make_article(title="还没发布", tags=["未公开的专题"], status=Status.DRAFT)
    for name in ("feeds:tag", "feeds:tag_atom"):
        assert client.get(reverse(name, kwargs={"slug": "weigongkai-de-zhuanti"})).status_code == 404
    make_article(title="已经发布", tags=["未公开的专题"])
    assert client.get(reverse("feeds:tag", kwargs={"slug": "weigongkai-de-zhuanti"})).status_code == 200


def test_a_speech_item_reads_as_its_page_salutation_to_closing(client, content):
    content["speech"].salutation = "各位劳模、同志们："
    content["speech"].closing = "谢谢大家！"
    content["speech"].save()
    SpeechSection.objects.filter(speech=content["speech"]).update(heading="坚持<创新>")
    items, _root = rss_items(client.get(reverse("feeds:speeches")))
    description = items["在劳模座谈会上的讲话"].findtext("description")
    assert (
        description.index("各位劳模、同志们：")
        < description.index("第一部分")
        < description.index("谢谢大家！")
    )
    assert "坚持&lt;创新&gt;" in description
