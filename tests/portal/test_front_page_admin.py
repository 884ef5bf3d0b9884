"""Arranging a slot in the admin: who may, what a bad choice says, and the audit entry."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from editorial.models import AuditEntry, Status
from portal.models import Placement, Slot
from portal.placements import AUDIT_CODE, arrange
from tests.factories import make_article, make_speech

pytestmark = pytest.mark.django_db


def change_url(slot):
    return reverse("admin:portal_slot_change", args=[slot.pk])


def key(piece):
    return f"{ContentType.objects.get_for_model(piece).pk}:{piece.pk}"


def post_data(slot, rows, existing=()):
    """The slot form as the browser sends it: ``rows`` are (piece key, position, expires)."""
    data = {
        "size": slot.size,
        "position": slot.position,
        "placements-TOTAL_FORMS": len(rows),
        "placements-INITIAL_FORMS": len(existing),
        "placements-MIN_NUM_FORMS": 0,
        "placements-MAX_NUM_FORMS": 1000,
    }
    for n, (piece_key, position, expires) in enumerate(rows):
        data[f"placements-{n}-piece"] = piece_key
        data[f"placements-{n}-position"] = position
        data[f"placements-{n}-expires_at_0"] = expires[0] if expires else ""
        data[f"placements-{n}-expires_at_1"] = expires[1] if expires else ""
        data[f"placements-{n}-slot"] = slot.pk
        if n < len(existing):
            data[f"placements-{n}-id"] = existing[n].pk
    return data


@pytest.mark.parametrize(
    ("role", "allowed"), [("zuozhe", False), ("zebian", False), ("zhuren", True), ("zongbian", True)]
)
def test_only_desk_chiefs_and_the_editor_in_chief_arrange_slots(client, users, role, allowed):
    top = Slot.objects.get(kind=Slot.Kind.TOP)
    piece = make_article(title="可选的稿件")
    client.force_login(users[role])
    page = client.get(change_url(top))
    assert (page.status_code == 200) is allowed
    response = client.post(change_url(top), post_data(top, [(key(piece), 0, None)]))
    assert response.status_code == (302 if allowed else 403)
    assert Placement.objects.filter(slot=top).exists() is allowed
    if allowed:
        assert "可选的稿件" in page.content.decode()  # offered in the picker


def test_saving_a_new_order_is_audited_with_before_and_after(client, users):
    top = Slot.objects.get(kind=Slot.Kind.TOP)
    first, second = make_article(title="甲稿"), make_speech(title="乙讲话")
    arrange(top, users["zhuren"], [first, second])
    placements = list(top.placements.order_by("position"))
    client.force_login(users["zongbian"])
    rows = [(key(first), 1, None), (key(second), 0, ("2030-01-01", "08:00:00"))]
    response = client.post(change_url(top), post_data(top, rows, existing=placements))
    assert response.status_code == 302
    order = list(top.placements.order_by("position").values_list("object_id", "expires_at"))
    assert [pk for pk, _ in order] == [second.pk, first.pk]
    assert order[0][1] is not None and order[1][1] is None
    entry = AuditEntry.objects.filter(code=AUDIT_CODE).order_by("-pk").first()
    assert entry.actor == users["zongbian"] and entry.object_repr == "要闻"
    before, after = entry.opinion.split("之后：")
    assert before.index("甲稿") < before.index("乙讲话")
    assert after.index("乙讲话") < after.index("甲稿") and "2030-01-01 08:00 到期" in after


def test_saving_without_a_change_writes_no_audit_entry(client, users):
    top = Slot.objects.get(kind=Slot.Kind.TOP)
    piece = make_article()
    arrange(top, users["zhuren"], [piece])
    count = AuditEntry.objects.filter(code=AUDIT_CODE).count()
    client.force_login(users["zhuren"])
    existing = list(top.placements.all())
    client.post(change_url(top), post_data(top, [(key(piece), 0, None)], existing=existing))
    assert AuditEntry.objects.filter(code=AUDIT_CODE).count() == count


@pytest.mark.parametrize(
    "choice",
    ["abc", "1:x", "99999:1", "<script>alert(1)</script>", "1:1:1", " ", "-1:-1", "hidden", "draft"],
)
def test_a_bad_or_hidden_choice_is_refused_and_nothing_changes(client, users, choice):
    top = Slot.objects.get(kind=Slot.Kind.TOP)
    kept = make_article(title="原来的稿件")
    arrange(top, users["zhuren"], [kept])
    if choice == "hidden":
        choice = key(make_article(status=Status.UNPUBLISHED))
    elif choice == "draft":
        choice = key(make_article(status=Status.DRAFT))
    client.force_login(users["zhuren"])
    existing = list(top.placements.all())
    response = client.post(change_url(top), post_data(top, [(choice, 0, None)], existing=existing))
    assert response.status_code == 200  # the form again, with the error
    assert response.context["errors"]
    assert list(top.placements.values_list("object_id", flat=True)) == [kept.pk]


def test_the_same_piece_twice_in_a_slot_is_refused(client, users):
    top = Slot.objects.get(kind=Slot.Kind.TOP)
    piece = make_article()
    client.force_login(users["zhuren"])
    response = client.post(change_url(top), post_data(top, [(key(piece), 0, None), (key(piece), 1, None)]))
    assert response.status_code == 200 and "同一篇稿件只能放一次" in response.content.decode()
    assert not top.placements.exists()


def test_the_fixed_slots_cannot_be_deleted_but_a_column_block_can(client, users):
    from tests.factories import make_column

    client.force_login(users["zongbian"])
    lead = Slot.objects.get(kind=Slot.Kind.LEAD)
    assert (
        client.post(reverse("admin:portal_slot_delete", args=[lead.pk]), {"post": "yes"}).status_code == 403
    )
    block = Slot.objects.create(kind=Slot.Kind.COLUMN, column=make_column(name="工运前沿"))
    client.post(reverse("admin:portal_slot_delete", args=[block.pk]), {"post": "yes"})
    assert not Slot.objects.filter(pk=block.pk).exists() and Slot.objects.filter(pk=lead.pk).exists()


def test_the_slot_list_reads_as_the_page_and_offers_no_bulk_delete(client, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_column

    client.force_login(users["zongbian"])
    counts = []
    for size in (5, 50):
        for n in range(size - Slot.objects.filter(kind=Slot.Kind.COLUMN).count()):
            Slot.objects.create(kind=Slot.Kind.COLUMN, column=make_column(name=f"栏目{size}-{n}"), position=n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("admin:portal_slot_changelist"))
        counts.append(len(queries))
    html = response.content.decode()
    assert html.index(">头条<") < html.index(">焦点图<") < html.index(">要闻<") < html.index("栏目：")
    assert "delete_selected" not in html
    assert counts[0] == counts[1]


def test_a_new_slot_is_a_column_block_and_a_column_has_one(client, users):
    from tests.factories import make_column

    client.force_login(users["zhuren"])
    column = make_column(name="工运前沿")
    empty = {f"placements-{key}": value for key, value in [("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0)]}
    form = {"kind": "column", "column": column.pk, "size": 5, "position": 3, **empty}
    assert client.post(reverse("admin:portal_slot_add"), form).status_code == 302
    again = client.post(reverse("admin:portal_slot_add"), form)
    assert again.status_code == 200 and Slot.objects.filter(column=column).count() == 1
    lead = client.post(reverse("admin:portal_slot_add"), {**form, "kind": "lead", "column": ""})
    assert lead.status_code == 200 and Slot.objects.filter(kind="lead").count() == 1
