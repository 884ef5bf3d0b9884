"""Over-long input is a form error naming the field, never cut or stored silently."""

import pytest
from django.urls import reverse

from articles.models import Article
from editorial.models import Comment
from events.models import Event
from people.models import Person
from tests.articles.test_admin import _form_data
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LONG = "劳" * 10_000


@pytest.mark.parametrize(
    ("field", "limit"),
    [("title", 200), ("kicker", 200), ("subtitle", 200), ("short_title", 30), ("head_image_alt", 200),
     ("author_note", 300), ("via", 100)],
)  # fmt: skip
def test_article_form_refuses_an_over_long_value_and_keeps_the_input(staff_client, field, limit):
    response = staff_client.post(reverse("admin:articles_article_add"), _form_data(**{field: LONG}))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert field in errors and f"{limit}" in str(errors[field]) and "10000" in str(errors[field])
    assert LONG in response.content.decode()  # the input is still there to shorten
    assert not Article.objects.exists()


def test_article_form_refuses_an_over_long_tag_by_name(staff_client):
    tag = "工" * 150
    response = staff_client.post(reverse("admin:articles_article_add"), _form_data(tags=f"劳模, {tag}"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "tags" in errors and "100" in str(errors["tags"]) and tag[:10] in str(errors["tags"])
    assert not Article.objects.exists()


@pytest.mark.parametrize(("field", "limit"), [("name", 100), ("aliases", 300)])
def test_person_form_refuses_an_over_long_value(staff_client, field, limit):
    data = {"name": "王进喜", "aliases": "", "positions": "", "honours": "", "bio": "", "slug": ""}
    data[field] = LONG
    response = staff_client.post(reverse("admin:people_person_add"), data)
    assert response.status_code == 200
    assert f"{limit}" in str(response.context["adminform"].form.errors[field])
    assert not Person.objects.exists()


@pytest.mark.parametrize(("field", "limit"), [("name", 200), ("place", 200)])
def test_event_form_refuses_an_over_long_value(staff_client, field, limit):
    data = {
        "name": "劳模座谈会",
        "start_date": "2026-05-01",
        "end_date": "",
        "place": "",
        "description": "",
        "slug": "",
    }
    data[field] = LONG
    response = staff_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    assert f"{limit}" in str(response.context["adminform"].form.errors[field])
    assert not Event.objects.exists()


def test_an_over_long_discussion_comment_is_refused_not_cut(staff_client):
    article = make_article()
    url = reverse("admin:articles_article_comment", args=[article.pk])
    response = staff_client.post(url, {"body": "议" * 6000}, follow=True)
    assert not Comment.objects.exists()
    assert "5000" in response.content.decode()
    staff_client.post(url, {"body": "议" * 5000})
    assert len(Comment.objects.get().body) == 5000
