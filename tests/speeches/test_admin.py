"""A speech's sections saved through its change form: the revision holds them as saved."""

import datetime

import pytest
from django.urls import reverse

from editorial.models import Revision
from tests.editorial.roles import draft_speech, users  # noqa: F401

pytestmark = pytest.mark.django_db


def _unchanged(form):
    """What the change form submits untouched (the split date boxes left empty)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name in ("publish_at", "expire_at"):
            data[f"{name}_0"] = data[f"{name}_1"] = ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(getattr(item, "pk", item)) for item in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


def _section(index, speech, order, number, heading, pk=None, delete=False):
    row = {
        "speech": speech.pk,
        "order": order,
        "number": number,
        "heading": heading,
        "body": f"<p>{heading}文</p>",
    }
    row.update({"id": pk} if pk else {})
    row.update({"DELETE": "on"} if delete else {})
    return {f"sections-{index}-{key}": str(value) for key, value in row.items()}


def test_sections_changed_deleted_and_added_are_the_revisions_sections(client, users):  # noqa: F811
    speech = draft_speech(
        users["zebian"], sections=[("一、", "甲", "<p>甲文</p>"), ("二、", "乙", "<p>乙文</p>")]
    )
    first, second = speech.sections.order_by("order")
    client.force_login(users["zebian"])
    url = reverse("admin:speeches_speech_change", args=[speech.pk])
    data = _unchanged(client.get(url).context["adminform"].form)
    data.update({"sections-TOTAL_FORMS": "3", "sections-INITIAL_FORMS": "2"})
    data.update({"sections-MIN_NUM_FORMS": "0", "sections-MAX_NUM_FORMS": "1000"})
    data.update(_section(0, speech, 0, "一、", "甲改", pk=first.pk))
    data.update(_section(1, speech, 1, "二、", "乙", pk=second.pk, delete=True))
    data.update(_section(2, speech, 2, "三、", "丙"))
    assert client.post(url, data).status_code == 302
    saved = list(speech.sections.order_by("order").values_list("heading", flat=True))
    assert saved == ["甲改", "丙"]
    # The change page read the sections before the save (its checks); the revision is what was saved.
    revision = Revision.for_piece(speech).order_by("-version", "-pk").first()
    assert [row["heading"] for row in revision.snapshot["sections"]] == saved
    page = client.get(url).content.decode()
    assert 'value="甲改"' in page and 'value="丙"' in page and 'value="乙"' not in page


def test_the_list_reads_of_speaker_and_occasion_only_what_their_cells_print(client, users):  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_event, make_person

    speaker = make_person(name="王进喜", bio="长篇简介" * 100)
    occasion = make_event(name="劳模表彰大会", start_date=datetime.date(2026, 5, 1), description="会议简介")
    draft_speech(users["zuozhe"], title="讲话列表", speaker=speaker, occasion=occasion)
    client.force_login(users["superuser"])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("admin:speeches_speech_changelist"))
    html = response.content.decode()
    assert "王进喜" in html and "劳模表彰大会（2026-05-01）" in html
    page = [
        query["sql"] for query in queries.captured_queries if 'FROM "speeches_speech" LEFT' in query["sql"]
    ]
    assert page and '"people_person"."name"' in page[-1]
    assert '"people_person"."bio"' not in page[-1] and '"events_event"."description"' not in page[-1]
