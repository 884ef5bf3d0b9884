"""The person admin: searchable for autocomplete, and listing what links to a person."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticleAuthor
from people.models import Person
from tests.factories import make_article, make_person, make_speech

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_person_change_list_shows_names_and_aliases(staff_client):
    make_person(name="王进喜", aliases="铁人")
    make_person(name="孟泰", aliases="高炉卫士")
    html = staff_client.get(reverse("admin:people_person_changelist"), {"q": "铁人"}).content.decode()
    assert "王进喜" in html
    assert "孟泰" not in html


def test_person_change_list_has_a_fixed_query_count(staff_client):
    url = reverse("admin:people_person_changelist")
    for _ in range(5):
        make_person(aliases="劳模")
    small, _html = _queries(staff_client, url)
    for _ in range(45):
        make_person(aliases="劳模")
    large, html = _queries(staff_client, url)
    assert small == large
    assert html.count('class="field-name"') == 50


def test_person_change_page_links_to_everything_that_names_them(staff_client):
    person = make_person(name="王进喜", aliases="铁人")
    authored = make_article(title="我为祖国献石油")
    ArticleAuthor.objects.create(article=authored, person=person, position="钻井队长")
    edited = make_article(title="责任编辑编的稿", responsible_editor=person)
    mentioned = make_article(title="铁人精神永放光芒")
    mentioned.people.add(person)
    delivered = make_speech(title="在石油会战誓师大会上的讲话", speaker=person)
    speech_mention = make_speech(title="学习铁人的讲话")
    speech_mention.people.add(person)
    unrelated = make_article(title="与他无关的文章")

    html = staff_client.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()

    for piece in (authored, edited, mentioned):
        assert reverse("admin:articles_article_change", args=[piece.pk]) in html
        assert piece.title in html
    for piece in (delivered, speech_mention):
        assert reverse("admin:speeches_speech_change", args=[piece.pk]) in html
    assert "署名文章" in html and "发表的讲话" in html and "提及的讲话" in html
    assert unrelated.title not in html


def test_person_change_page_query_count_does_not_grow_with_linked_content(staff_client):
    person = make_person(name="孟泰")
    url = reverse("admin:people_person_change", args=[person.pk])

    def link(n):
        for _ in range(n):
            make_article().people.add(person)
            make_speech(speaker=person)

    link(3)
    small, _html = _queries(staff_client, url)
    link(30)
    large, html = _queries(staff_client, url)
    assert small == large
    assert html.count("/admin/speeches/speech/") >= 33


def test_linked_titles_are_escaped(staff_client):
    person = make_person()
    make_article(title="<img src=x onerror=alert(1)>标题").people.add(person)
    html = staff_client.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;标题" in html
    assert "<img src=x onerror" not in html


def test_adding_a_person_through_the_admin_gives_a_pinyin_slug(staff_client):
    response = staff_client.post(
        reverse("admin:people_person_add"),
        {
            "name": "王进喜",
            "aliases": "铁人",
            "positions": "大庆油田1205钻井队队长",
            "honours": "全国劳动模范",
            "bio": "",
            "slug": "",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.slug == "wang-jinxi"
    assert person.alias_list == ["铁人"]


def test_person_list_and_page_show_honours_and_the_photo_rendition(staff_client, client):
    from tests.images.helpers import image_bytes, make_image, upload

    photo = make_image(
        title="孟泰", alt="孟泰在高炉前", file=upload("mengtai.jpg", image_bytes(size=(600, 800)))
    )
    person = Person.objects.create(name="孟泰", honours="全国劳动模范、五一劳动奖章", photo=photo)
    make_speech(speaker=person)  # the public list shows people with a live piece
    listing = staff_client.get(reverse("admin:people_person_changelist")).content.decode()
    assert "全国劳动模范、五一劳动奖章" in listing
    assert photo.card.url in listing
    page = staff_client.get(reverse("admin:people_person_change", args=[person.pk])).content.decode()
    assert photo.card.url in page  # the chooser field shows the chosen image
    assert "mengtai.jpg" not in page
    public = client.get(person.get_absolute_url()).content.decode()
    assert f'src="{photo.detail.url}"' in public and 'width="600" height="800"' in public
    assert client.get(reverse("people:list")).content.decode().count(photo.card.url) == 1
