"""A gallery goes through the whole workflow: roles, content checks, revisions with its pictures, the desk."""

import pytest
from django.urls import reverse

from editorial import workflow
from editorial.models import Status
from editorial.roles import grant_content_permissions
from galleries.models import Gallery, GalleryImage
from tests.editorial.roles import users  # noqa: F401
from tests.galleries.helpers import library_pictures

pytestmark = pytest.mark.django_db


@pytest.fixture
def roles(users):  # noqa: F811
    from django.apps import apps

    grant_content_permissions(apps, "galleries", "gallery", "图集")  # as galleries/migrations/0002_roles
    return users


def draft_gallery(author, pictures, captions=None, **fields):
    gallery = Gallery(title=fields.pop("title", "车间里的一天"), **fields)

    def related():
        for order, image in enumerate(pictures):
            caption = captions[order] if captions else ""
            GalleryImage.objects.create(gallery=gallery, image=image, order=order, caption=caption)

    return workflow.save_piece(gallery, author, related=related)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("zuozhe", {"add", "change", "view", "submit"}),
        ("zebian", {"add", "change", "view", "submit", "review1"}),
        ("zhuren", {"change", "view", "review2"}),
        ("zongbian", {"add", "change", "view", "delete", "review3", "publish"}),
    ],
)
def test_each_role_holds_its_rights_on_galleries_from_the_migration(roles, role, allowed):
    actions = {"add", "change", "view", "delete", "submit", "review1", "review2", "review3", "publish"}
    held = {action for action in actions if roles[role].has_perm(f"galleries.{action}_gallery")}
    assert held == allowed


def test_a_gallery_goes_from_draft_through_three_reviews_to_readers(roles, client):
    gallery = draft_gallery(roles["zuozhe"], library_pictures(3), captions=["清晨", "午间", "夜班"])
    for action, user, status in [
        ("submit", "zuozhe", Status.REVIEW_1),
        ("approve", "zebian", Status.REVIEW_2),
        ("approve", "zhuren", Status.REVIEW_3),
        ("approve", "zongbian", Status.APPROVED),
        ("publish", "zongbian", Status.PUBLISHED),
    ]:
        assert client.get(gallery.get_absolute_url()).status_code == 404
        workflow.transition(gallery, action, roles[user])
        assert gallery.status == status
    assert "夜班" in client.get(gallery.get_absolute_url()).content.decode()
    codes = list(gallery_audit_codes(gallery))
    assert codes[:1] == ["gongjiang.gallery.created"] and "gongjiang.gallery.published" in codes


def gallery_audit_codes(gallery):
    from editorial.models import AuditEntry

    return AuditEntry.for_piece(gallery).order_by("created_at", "pk").values_list("code", flat=True)


def test_the_author_cannot_approve_and_the_first_reviewer_cannot_sign_a_later_stage(roles):
    gallery = draft_gallery(roles["zebian"], library_pictures(1))
    workflow.transition(gallery, "submit", roles["zebian"])
    with pytest.raises(workflow.WorkflowError, match="不能审批自己撰写的稿件"):
        workflow.transition(gallery, "approve", roles["zebian"])
    with pytest.raises(workflow.WorkflowError):
        workflow.transition(gallery, "approve", roles["zuozhe"])  # 作者 holds no review right


@pytest.mark.parametrize(
    ("pictures", "captions", "problem"),
    [
        (0, None, "正文为空"),
        (2, ["清晨", "共有XX人参加"], "占位符"),
    ],
)
def test_final_approval_refuses_a_gallery_without_pictures_or_with_placeholders_in_a_caption(
    roles, pictures, captions, problem
):
    gallery = draft_gallery(roles["zuozhe"], library_pictures(pictures), captions=captions)
    assert any(problem in str(item) for item in workflow.content_problems(gallery))
    workflow.transition(gallery, "submit", roles["zuozhe"])
    workflow.transition(gallery, "approve", roles["zebian"])
    workflow.transition(gallery, "approve", roles["zhuren"])
    with pytest.raises(workflow.ExplainedRefusal, match=problem):
        workflow.transition(gallery, "approve", roles["zongbian"])


def test_a_revision_snapshots_the_pictures_and_restoring_it_brings_them_back(roles):
    first, second, third = library_pictures(3)
    gallery = draft_gallery(roles["zuozhe"], [first, second], captions=["原来的说明", ""])
    original = workflow.latest_revision(gallery)
    assert [row["image"] for row in original.snapshot["items"]] == [first.pk, second.pk]

    def replace():
        gallery.items.all().delete()
        GalleryImage.objects.create(gallery=gallery, image=third, order=0, caption="新的说明")

    workflow.save_piece(gallery, roles["zuozhe"], expected_version=gallery.version, related=replace)
    changed = workflow.latest_revision(gallery)
    assert "items" in changed.changed_fields
    readable = workflow.readable_snapshot(gallery, original.snapshot)["items"]
    assert "原来的说明" in readable and "车间第1张" in readable  # names for ids
    workflow.restore_revision(gallery, original, roles["zuozhe"])
    assert list(gallery.items.values_list("image", "caption")) == [(first.pk, "原来的说明"), (second.pk, "")]


def test_the_desk_lists_a_gallery_waiting_for_the_first_review(roles, client):
    gallery = draft_gallery(roles["zuozhe"], library_pictures(1), title="等待初审的图集")
    workflow.transition(gallery, "submit", roles["zuozhe"])
    client.force_login(roles["zebian"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "等待初审的图集" in html
    assert reverse("admin:galleries_gallery_change", args=[gallery.pk]) in html


def test_a_library_picture_a_live_gallery_shows_cannot_be_deleted(roles):
    from images.usage import ImageInUse, live_pieces_using

    (picture,) = library_pictures(1)
    gallery = draft_gallery(roles["zuozhe"], [picture])
    workflow.admit(gallery, Status.PUBLISHED, actor=roles["zongbian"])
    assert live_pieces_using(picture) == [gallery]
    with pytest.raises(ImageInUse, match="车间里的一天"):
        picture.delete()
    assert gallery.items.count() == 1
