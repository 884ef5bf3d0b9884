"""People sorted by the pinyin of surname and given name; old addresses answer 301."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from people.models import FormerSlug, Person
from tests.factories import make_person

pytestmark = pytest.mark.django_db

NAMES = ["赵占魁", "王进喜", "孟泰", "高凤林", "迟语洋", "欧阳自远", "曾宪梓", "单霁翔", "阿里"]
PINYIN_ORDER = ["阿里", "迟语洋", "高凤林", "孟泰", "欧阳自远", "单霁翔", "王进喜", "曾宪梓", "赵占魁"]


def test_the_person_list_is_in_pinyin_order_not_code_point_order(client):
    for name in NAMES:
        make_person(name=name)
    assert sorted(NAMES) != PINYIN_ORDER  # code point order would differ
    html = client.get(reverse("people:list")).content.decode()
    positions = [html.index(name) for name in PINYIN_ORDER]
    assert positions == sorted(positions)
    assert list(Person.objects.values_list("name", flat=True)) == PINYIN_ORDER


def test_the_person_list_runs_a_fixed_number_of_queries(client, settings):
    settings.PAGE_CACHE_ENABLED = False

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("people:list")).status_code == 200
        return len(captured)

    for n in range(5):
        make_person(name=f"劳模{n}号")
    small = queries()
    for n in range(5, 50):
        make_person(name=f"劳模{n}号")
    assert queries() == small


def test_renaming_a_slug_keeps_the_old_address_as_a_permanent_redirect(client):
    person = make_person(name="高凤林")
    old = person.get_absolute_url()
    person.slug = "gao-fenglin-hangtian"
    person.save()
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == person.get_absolute_url()
    assert client.get(person.get_absolute_url()).status_code == 200
    assert client.get("/people/no-such-person/").status_code == 404


def test_the_migration_moves_old_slugs_to_the_one_style_and_keeps_them(client):
    fill = importlib.import_module("people.migrations.0002_pinyin_order_and_former_slugs").fill
    kept = make_person(name="孟泰")
    renamed = make_person(name="迟语洋")
    Person.objects.filter(pk=renamed.pk).update(slug="chiyuyang", sort_key="")
    Person.objects.filter(pk=kept.pk).update(slug="meng-tai-2")  # a suffixed slug of the style stays
    fill(apps, None)
    renamed.refresh_from_db()
    kept.refresh_from_db()
    assert renamed.slug == "chi-yuyang" and renamed.sort_key == "chi yuyang"
    assert kept.slug == "meng-tai-2"
    assert FormerSlug.objects.get(slug="chiyuyang").person == renamed
    response = client.get("/people/chiyuyang/")
    assert response.status_code == 301 and response["Location"].endswith("/people/chi-yuyang/")


def test_a_former_person_address_redirects_its_feeds_too(client):
    person = make_person(name="迟语洋")
    person.slug = "chi-yuyang-bianji"
    person.save()
    for name in ("feeds:person", "feeds:person_atom"):
        response = client.get(reverse(name, kwargs={"slug": "chi-yuyang"}))
        assert response.status_code == 301
        assert response["Location"] == reverse(name, kwargs={"slug": "chi-yuyang-bianji"})
    assert client.get(reverse("feeds:person", kwargs={"slug": "nobody"})).status_code == 404
