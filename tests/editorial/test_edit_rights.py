"""Edit rights follow the review: readers get the text the last stage signed.

And nobody publishes by the back door: not by signing the last stage of a piece
with a publish time, not by editing an approved piece's publish time.
"""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from editorial import workflow
from editorial.models import AuditEntry, Revision, Status
from tests.editorial.admin_forms import change_form_data
from tests.editorial.roles import draft_article, users  # noqa: F401
from tests.factories import make_article

pytestmark = pytest.mark.django_db

ROLES = ["zuozhe", "zebian", "zhuren", "zongbian", "inactive", "superuser"]
EVERY_EDITOR = {"zuozhe", "zebian", "zhuren", "zongbian", "superuser"}
PUBLISHERS = {"zongbian", "superuser"}

# status → who may edit a piece written by zuozhe in that status.
EDITORS = [
    (Status.DRAFT, EVERY_EDITOR),
    (Status.REVIEW_1, {"zebian"} | PUBLISHERS),
    (Status.REVIEW_2, {"zhuren"} | PUBLISHERS),
    (Status.REVIEW_3, PUBLISHERS),
    (Status.APPROVED, PUBLISHERS),
    (Status.PUBLISHED, PUBLISHERS),
    (Status.UNPUBLISHED, PUBLISHERS),
    (Status.ARCHIVED, PUBLISHERS),
    (Status.CLOSED, PUBLISHERS),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("status", "allowed"), EDITORS)
def test_who_may_edit_in_each_state(users, role, status, allowed):  # noqa: F811
    piece = make_article(created_by=users["zuozhe"], status=status)
    assert workflow.can_edit(piece, users[role]) is (role in allowed)


def test_an_author_may_not_edit_a_colleagues_draft(users, django_user_model):  # noqa: F811
    from tests.editorial.roles import make_user

    colleague = make_user(django_user_model, "colleague", "作者")
    assert not workflow.can_edit(draft_article(colleague), users["zuozhe"])


@pytest.mark.parametrize("role", ["zebian", "zhuren"])
def test_a_reviewer_cannot_change_a_published_piece_through_a_crafted_post(client, users, role):  # noqa: F811
    piece = make_article(created_by=users["zuozhe"], title="已发布的稿件", body="<p>读者看到的正文</p>")
    client.force_login(users["zongbian"])
    data = change_form_data(client, piece, body="<p>未经审核的改动</p>")
    client.force_login(users[role])
    page = client.get(reverse("admin:articles_article_change", args=[piece.pk])).content.decode()
    assert 'name="_save"' not in page and 'id="workflow-panel"' in page  # read-only, panel still there
    response = client.post(reverse("admin:articles_article_change", args=[piece.pk]), data)
    assert response.status_code == 403
    piece.refresh_from_db()
    assert piece.body == "<p>读者看到的正文</p>"
    assert not AuditEntry.objects.filter(code="gongjiang.article.saved").exists()


def test_the_editor_in_chief_may_correct_a_published_piece_and_it_is_audited(client, users):  # noqa: F811
    piece = draft_article(users["zuozhe"], body="<p>有错字的正文</p>")
    workflow.admit(piece, Status.PUBLISHED)  # publish_at set by the workflow, as in real use
    client.force_login(users["zongbian"])
    data = change_form_data(client, piece, body="<p>改正后的正文</p>")
    response = client.post(reverse("admin:articles_article_change", args=[piece.pk]), data)
    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.body == "<p>改正后的正文</p>" and piece.status == Status.PUBLISHED
    entry = AuditEntry.objects.get(code="gongjiang.article.saved")
    assert entry.actor == users["zongbian"] and entry.changed_fields == ["body"]


def test_restore_is_refused_where_editing_is(client, users):  # noqa: F811
    piece = make_article(created_by=users["zuozhe"], title="第一版标题")
    workflow.save_piece(piece, users["zongbian"], expected_version=piece.version)
    first = Revision.for_piece(piece).order_by("created_at", "pk").first()
    piece.title = "第二版标题"
    workflow.save_piece(piece, users["zongbian"], expected_version=piece.version)
    with pytest.raises(workflow.WorkflowError, match="不能修改"):
        workflow.restore_revision(piece, first, users["zebian"])
    client.force_login(users["zebian"])
    response = client.post(reverse("admin:articles_article_restore", args=[piece.pk, first.pk]))
    assert response.status_code == 403
    assert Article.objects.get(pk=piece.pk).title == "第二版标题"


def test_reviewers_of_other_stages_may_still_preview(client, users):  # noqa: F811
    piece = make_article(created_by=users["zuozhe"], status=Status.REVIEW_3, body="<p>终审中的正文</p>")
    client.force_login(users["zebian"])
    response = client.get(reverse("admin:articles_article_preview", args=[piece.pk]))
    assert response.status_code == 200 and "终审中的正文" in response.content.decode()


def _to_last_stage(users, stages, **fields):  # noqa: F811
    piece = draft_article(users["zuozhe"], **fields)
    workflow.transition(piece, "submit", users["zuozhe"])
    for reviewer in ["zebian", "zhuren"][: stages - 1]:
        workflow.transition(piece, "approve", users[reviewer])
    return piece


@pytest.mark.parametrize(("stages", "signer"), [(1, "zebian"), (2, "zhuren")])
@pytest.mark.parametrize("when", [timedelta(hours=-1), timedelta(hours=2)])
def test_last_signer_without_publish_right_cannot_release_by_publish_time(users, stages, signer, when):  # noqa: F811
    with override_settings(GONGJIANG_REVIEW_STAGES=stages):
        piece = _to_last_stage(users, stages, publish_at=timezone.now() + when)
        with pytest.raises(workflow.WorkflowError, match="发布权限"):
            workflow.transition(piece, "approve", users[signer])
        piece.refresh_from_db()
        assert piece.status == workflow.STAGE_STATUSES[stages - 1]
        assert not Article.objects.live().filter(pk=piece.pk).exists()
        # Without a publish time the signature stands; the 总编辑 publishes.
        Article.objects.filter(pk=piece.pk).update(publish_at=None)
        workflow.transition(piece, "approve", users[signer])
        assert piece.status == Status.APPROVED and not Article.objects.live().filter(pk=piece.pk).exists()
        workflow.transition(piece, "publish", users["zongbian"])
        assert Article.objects.live().filter(pk=piece.pk).exists()


def test_final_signer_with_publish_right_schedules_by_publish_time(users):  # noqa: F811
    at = timezone.now() + timedelta(hours=2)
    piece = _to_last_stage(users, 3, publish_at=at)
    workflow.transition(piece, "approve", users["zongbian"])
    assert piece.status == Status.APPROVED and piece.is_scheduled


def test_republishing_a_piece_withdrawn_before_its_time_schedules_it_again(users):  # noqa: F811
    at = timezone.now() + timedelta(hours=2)
    piece = make_article(created_by=users["zuozhe"], status=Status.APPROVED, publish_at=at)
    workflow.transition(piece, "unpublish", users["zongbian"])
    workflow.transition(piece, "republish", users["zongbian"])
    piece.refresh_from_db()
    assert piece.status == Status.APPROVED and piece.is_scheduled and not piece.is_live()
    assert piece.first_published_at == at
