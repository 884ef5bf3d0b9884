"""更正: who may correct a published piece, what is recorded, and where readers see it."""

import json
import re
from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from editorial.corrections import add_correction
from editorial.models import AuditEntry, Correction, Status
from editorial.workflow import WorkflowError
from tests.editorial.roles import users  # noqa: F401
from tests.factories import NON_LIVE_STATES, make_article, make_speech, non_live_states

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def published(**kwargs):
    kwargs.setdefault("publish_at", timezone.now() - timedelta(days=2))
    return make_article(title="劳模座谈会召开", **kwargs)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("zuozhe", False), ("zebian", False), ("zhuren", False), ("zongbian", True), ("inactive", False)],
)
def test_correcting_takes_the_right_to_edit_a_published_piece(users, role, allowed):  # noqa: F811
    piece = published()
    if allowed:
        add_correction(piece, users[role], "原文“三十人”应为“三百人”。")
    else:
        with pytest.raises(WorkflowError):
            add_correction(piece, users[role], "原文“三十人”应为“三百人”。")
    assert Correction.objects.exists() is allowed


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW_2, Status.APPROVED, Status.UNPUBLISHED])
def test_only_a_published_piece_takes_a_correction(users, status):  # noqa: F811
    piece = make_article(status=status)
    with pytest.raises(WorkflowError, match="只有已发布的稿件"):
        add_correction(piece, users["zongbian"], "更正")
    assert not Correction.objects.exists()


@pytest.mark.parametrize("note", ["", "   ", "\n\t", "字" * 2001])
def test_an_empty_or_overlong_note_is_refused(users, note):  # noqa: F811
    piece = published()
    version = piece.version
    with pytest.raises(WorkflowError):
        add_correction(piece, users["zongbian"], note)
    piece.refresh_from_db()
    assert not Correction.objects.exists() and piece.version == version


def test_a_correction_is_audited_and_marks_the_piece_updated(users):  # noqa: F811
    piece = published()
    before = piece.updated_at
    version = piece.version
    at = timezone.now() + timedelta(minutes=5)
    with time_machine.travel(at, tick=False):
        correction = add_correction(piece, users["zongbian"], "第二段人名有误，已更正。")
    piece.refresh_from_db()
    assert piece.updated_at == at and piece.updated_at > before and piece.version == version + 1
    assert correction.created_at == at and correction.created_by == users["zongbian"]
    entry = AuditEntry.for_piece(piece).get(code="gongjiang.article.corrected")
    assert entry.actor == users["zongbian"] and entry.opinion == "第二段人名有误，已更正。"
    assert piece.slug == type(piece).objects.get(pk=piece.pk).slug  # the address never changes


def test_the_page_shows_the_notes_with_their_dates_and_json_ld_the_update(client, users):  # noqa: F811
    piece = published()
    with time_machine.travel(timezone.make_aware(timezone.datetime(2030, 5, 3, 10, 0)), tick=False):
        add_correction(piece, users["zongbian"], "原文<b>标题</b>有误。")
    html = client.get(piece.get_absolute_url()).content.decode()
    block = html[html.index('class="corrections"') :]
    assert "2030年5月3日" in block and "原文&lt;b&gt;标题&lt;/b&gt;有误。" in block
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    piece.refresh_from_db()
    assert data["dateModified"] == piece.updated_at.isoformat()
    assert data["dateModified"] > data["datePublished"]


def test_a_speech_page_shows_its_correction(client, users):  # noqa: F811
    speech = make_speech(title="讲话稿")
    add_correction(speech, users["zongbian"], "讲话日期更正为4月27日。")
    assert "讲话日期更正为4月27日。" in client.get(speech.get_absolute_url()).content.decode()


def test_the_atom_feed_announces_the_piece_as_updated(client, users):  # noqa: F811
    piece = published()
    add_correction(piece, users["zongbian"], "数字有误。")
    piece.refresh_from_db()
    root = ElementTree.fromstring(client.get(reverse("feeds:latest_atom")).content)
    entry = next(e for e in root.iter(f"{ATOM}entry") if e.find(f"{ATOM}title").text == piece.title)
    updated = entry.find(f"{ATOM}updated").text
    published_at = entry.find(f"{ATOM}published").text
    assert updated > published_at
    assert datetime.fromisoformat(updated) == piece.updated_at


def test_the_corrections_page_lists_the_latest_of_live_pieces_only(client, users):  # noqa: F811
    shown = published()
    add_correction(shown, users["zongbian"], "第一条更正。")
    hidden = make_article(title="后来撤回的稿件")
    add_correction(hidden, users["zongbian"], "撤回前的更正。")
    type(hidden).objects.filter(pk=hidden.pk).update(status=Status.UNPUBLISHED)
    later = make_article(title="另一篇")
    add_correction(later, users["zongbian"], "第二条更正。")
    html = client.get(reverse("portal:corrections")).content.decode()
    assert html.index("第二条更正。") < html.index("第一条更正。")
    assert "撤回前的更正" not in html and "后来撤回的稿件" not in html


@pytest.mark.parametrize("state", NON_LIVE_STATES)
def test_the_corrections_page_hides_pieces_readers_cannot_see(client, users, state):  # noqa: F811
    piece = published()
    add_correction(piece, users["zongbian"], "看不到的更正。")
    type(piece).objects.filter(pk=piece.pk).update(**non_live_states()[state])
    html = client.get(reverse("portal:corrections")).content.decode()
    assert "看不到的更正" not in html and "还没有更正" in html


def test_corrections_page_query_count_is_flat(client, users, django_assert_max_num_queries):  # noqa: F811
    counts = []
    for size in (5, 50):
        for _ in range(size - len(counts) * 5):
            add_correction(make_article(), users["zongbian"], "更正。")
        client.get(reverse("portal:corrections"))
        with django_assert_max_num_queries(8) as queries:
            client.get(reverse("portal:corrections"))
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


def test_the_admin_form_adds_a_correction_for_the_editor_in_chief_only(client, users):  # noqa: F811
    piece = published()
    url = reverse("admin:articles_article_correction", args=[piece.pk])
    client.force_login(users["zhuren"])
    page = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    assert 'id="correction-note"' not in page
    client.post(url, {"note": "主任不能更正。"})
    assert not Correction.objects.exists()
    client.force_login(users["zongbian"])
    page = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    assert 'id="correction-note"' in page
    assert client.get(url).status_code == 403  # a GET changes nothing
    response = client.post(url, {"note": "总编辑更正。"})
    assert response.status_code == 302
    assert Correction.objects.get().note == "总编辑更正。"
    page = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    assert "总编辑更正。" in page
