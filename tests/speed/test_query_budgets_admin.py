"""Admin change lists run a fixed number of queries however many rows they show.

The admin tests of each app check their own plain change list; this table adds the
speech list and the filtered and searched lists editors use every day, at two sizes.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import ArticleAuthor
from editorial.registry import content_types
from tests.factories import make_article, make_column, make_event, make_person, make_source, make_speech
from tests.images.helpers import image_bytes, make_image, upload

pytestmark = pytest.mark.django_db

# The header's 待我审 and 退回修改 figures cost a query each per content type (16 with three).
BUDGET = 10 + 2 * len(content_types())


def add_rows(model, n):
    for _ in range(n):
        picture = make_image(file=upload(data=image_bytes(size=(320, 200))))  # thumbnails in the list
        person, event = make_person(aliases="铁人", photo=picture), make_event(place="北京")
        event.tags.add("劳模表彰")
        if model == "article":
            column = make_column(parent=make_column())
            article = make_article(
                title="劳模精神代代传",
                column=column,
                source=make_source(),
                responsible_editor=person,
                head_image=picture,
                tags=["劳模", "工匠"],
            )
            article.people.add(person)
            article.events.add(event)
            ArticleAuthor.objects.create(article=article, person=make_person(), position="记者")
        elif model == "speech":
            speech = make_speech(
                title="在劳模座谈会上的讲话",
                speaker=person,
                head_image=picture,
                occasion=event,
                tags=["劳模"],
                sections=[("一、", "劳模精神", "<p>正文</p>"), ("二、", "工匠精神", "<p>正文</p>")],
            )
            speech.people.add(person)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize(
    ("model", "query", "row_text"),
    [
        ("articles_article", "", "劳模精神代代传"),
        ("articles_article", "?status__exact=published", "劳模精神代代传"),
        ("articles_article", "?q=%E5%8A%B3%E6%A8%A1", "劳模精神代代传"),  # q=劳模
        ("speeches_speech", "", "在劳模座谈会上的讲话"),
        ("speeches_speech", "?status__exact=published", "在劳模座谈会上的讲话"),
        ("speeches_speech", "?q=%E5%8A%B3%E6%A8%A1", "在劳模座谈会上的讲话"),
        ("people_person", "", "铁人"),
        ("people_person", "?q=%E9%93%81%E4%BA%BA", "铁人"),  # q=铁人
        ("events_event", "", "北京"),
    ],
)
def test_change_list_query_count_is_the_same_for_3_and_30_rows(staff_client, model, query, row_text):
    kind = {"articles_article": "article", "speeches_speech": "speech"}.get(model, "other")
    url = reverse(f"admin:{model}_changelist") + query
    add_rows(kind, 3)
    small, html = count_queries(staff_client, url)
    assert row_text in html
    add_rows(kind, 27)
    large, html = count_queries(staff_client, url)
    assert html.count(row_text) >= 30
    if model != "events_event":
        assert html.count("-card.jpg") >= 30  # the thumbnails, from the joined library images
    assert small == large, f"{model}{query}: {small} queries for 3 rows, {large} for 30"
    assert large <= BUDGET
