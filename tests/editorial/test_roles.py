"""The roles' rights as the admin applies them: 作者 add 人物 (never delete them), 总编辑 write pieces."""

import pytest
from django.urls import reverse

from people.models import Person
from tests.editorial.roles import users  # noqa: F401
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def test_an_author_adds_a_person_for_a_new_byline_but_deletes_none(client, users):  # noqa: F811
    client.force_login(users["zuozhe"])
    add = reverse("admin:people_person_add")
    assert client.get(add).status_code == 200
    response = client.post(add, {"name": "迟语洋", "aliases": "", "positions": "", "honours": "", "bio": ""})
    assert response.status_code == 302
    person = Person.objects.get(name="迟语洋")
    assert users["zuozhe"].has_perm("people.add_person")
    assert not users["zuozhe"].has_perm("people.delete_person")
    assert client.get(reverse("admin:people_person_delete", args=[person.pk])).status_code == 403
    # The 署名 inline's person picker offers the add button to the author.
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="add_id_bylines-__prefix__-person"' in html


@pytest.mark.parametrize("model", ["articles_article", "speeches_speech"])
def test_the_editor_in_chief_writes_articles_and_speeches(client, users, model):  # noqa: F811
    client.force_login(users["zongbian"])
    assert client.get(reverse(f"admin:{model}_add")).status_code == 200


@pytest.mark.parametrize(
    ("role", "perm", "held"),
    [
        ("zuozhe", "people.add_person", True),
        ("zuozhe", "people.change_person", False),
        ("zuozhe", "people.delete_person", False),
        ("zuozhe", "articles.publish_article", False),
        ("zongbian", "articles.add_article", True),
        ("zongbian", "speeches.add_speech", True),
        ("zhuren", "articles.add_article", False),
        ("zhuren", "people.delete_person", False),
    ],
)
def test_role_permission_table(users, role, perm, held):  # noqa: F811
    assert users[role].has_perm(perm) is held


def test_an_author_may_not_change_an_existing_person(client, users):  # noqa: F811
    person = make_person(name="王进喜")
    client.force_login(users["zuozhe"])
    url = reverse("admin:people_person_change", args=[person.pk])
    response = client.post(url, {"name": "改名", "aliases": "", "positions": "", "honours": "", "bio": ""})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.name == "王进喜"
