"""Who may do what: the actions, their labels, and the permission and signing rules.

    check_action(piece, action, user, opinion)  # the new status, or WorkflowError
    can_edit(piece, user)                       # who may change the content in this state
    available_actions(piece, user)              # what the buttons show
    awaiting_review(queryset, user)             # 待我审: the signing rule as a query

Permissions are "<app>.<action>_<model>" (submit, review1, review2, review3, publish),
declared by each content type and given to the role groups by a data migration.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from editorial.models import STAGE_STATUSES, ReviewSignoff, Status
from editorial.workflow.checks import require_clean
from editorial.workflow.errors import ExplainedRefusal, WorkflowError

ACTIONS = ("submit", "approve", "send_back", "reject", "publish", "unpublish", "republish", "archive")

ACTION_LABELS = {
    "submit": gettext_lazy("提交送审"),
    # The button, audit label and mail say what an approval does: approval_label(stage).
    "approve": gettext_lazy("同意"),
    "send_back": gettext_lazy("退回修改"),
    "reject": gettext_lazy("退稿"),
    "publish": gettext_lazy("发布"),
    "unpublish": gettext_lazy("撤回"),
    "republish": gettext_lazy("重新发布"),
    "archive": gettext_lazy("归档"),
}


def approval_label(to_status):
    """What an approval does, named by where it sends the piece: 同意，送复审 / 同意，送终审 / 签发.

    The last configured stage signs the piece off (签发), whether there are 1, 2 or 3 stages.
    """
    if to_status in STAGE_STATUSES:
        return _("同意，送%(stage)s") % {"stage": Status(to_status).label}
    return _("签发")


def action_label(piece, action, status=None):
    """The button text for ``action`` on ``piece`` in ``status`` (default: its status now)."""
    if action == "approve":
        stage = stage_of(status or piece.status)
        if stage is not None and stage < review_stages():
            return approval_label(STAGE_STATUSES[stage])
        return approval_label(Status.APPROVED)
    if action == "unpublish" and piece.is_scheduled:
        return _("取消定时发布")
    return str(ACTION_LABELS.get(action, action))


def review_stages():
    stages = int(getattr(settings, "GONGJIANG_REVIEW_STAGES", 3))
    if stages not in (1, 2, 3):
        raise WorkflowError(_("审稿级数只能是 1、2 或 3。"))
    return stages


def stage_of(status):
    """1, 2 or 3 for a review status, else None."""
    return STAGE_STATUSES.index(status) + 1 if status in STAGE_STATUSES else None


def perm(piece, action):
    meta = piece._meta.concrete_model._meta
    return f"{meta.app_label}.{action}_{meta.model_name}"


def _is_author(piece, user):
    return piece.created_by_id is not None and piece.created_by_id == user.pk


def is_reviewer(piece, user):
    """Holds a review right on this kind of piece (责任编辑 and up), unlike a 作者.

    ``piece`` may be the model class: permissions are per content type.
    """
    return any(user.has_perm(perm(piece, f"review{n}")) for n in (1, 2, 3))


def _signed_stages(piece, user):
    """The review stages this user approved on this piece (any round)."""
    return set(
        ReviewSignoff.for_piece(piece)
        .filter(reviewer=user, decision=ReviewSignoff.Decision.APPROVED)
        .values_list("stage", flat=True)
    )


def _resume_stage(piece):
    """The stage a resubmitted piece goes back to: the one that last sent it back, else 1."""
    last = ReviewSignoff.for_piece(piece).order_by("-created_at", "-pk").first()
    if last and last.decision == ReviewSignoff.Decision.SENT_BACK:
        return min(last.stage, review_stages())
    return 1


def check_action(piece, action, user, opinion=""):
    """Raise WorkflowError unless ``user`` may take ``action`` on ``piece`` now. Returns the new status."""
    if action not in ACTIONS:
        raise WorkflowError(_("未知操作：%(action)s") % {"action": action})
    if user is None or not user.is_authenticated or not user.is_active:
        raise WorkflowError(_("请先登录有效账号。"))
    status = piece.status
    stage = stage_of(status)
    stages = review_stages()

    if action == "submit":
        if status != Status.DRAFT:
            raise WorkflowError(_("只有草稿可以提交送审。"))
        if not user.has_perm(perm(piece, "submit")):
            raise WorkflowError(_("您没有提交送审的权限。"))
        # 作者 submit their own drafts; editors (any review right) may submit anyone's.
        if not (_is_author(piece, user) or is_reviewer(piece, user)):
            raise WorkflowError(_("只能提交自己的稿件。"))
        return STAGE_STATUSES[_resume_stage(piece) - 1]

    if action in ("approve", "send_back", "reject"):
        if stage is None or stage > stages:
            raise WorkflowError(_("稿件不在审稿阶段。"))
        if not user.has_perm(perm(piece, f"review{stage}")):
            raise WorkflowError(_("您没有%(stage)s权限。") % {"stage": Status(status).label})
        if action == "send_back":
            if not opinion.strip():
                raise WorkflowError(_("退回修改必须填写意见。"))
            return Status.DRAFT
        if action == "reject":
            if stage < 2:
                raise WorkflowError(_("初审只能退回修改，退稿须在复审或终审。"))
            if not opinion.strip():
                raise WorkflowError(_("退稿必须填写意见。"))
            return Status.CLOSED
        # approve: separation of duties, superusers included.
        if _is_author(piece, user):
            raise WorkflowError(_("不能审批自己撰写的稿件。"))
        other = _signed_stages(piece, user) - {stage}
        if other:
            raise WorkflowError(
                _("同一人不能签两个审次：您已签过%(stage)s。")
                % {"stage": STAGE_STATUSES[min(other) - 1].label}
            )
        if stage == stages:
            if piece.publish_at and not user.has_perm(perm(piece, "publish")):
                # With a publish time, signing the last stage releases the piece at that time
                # (.live() shows approved pieces); with 1 or 2 stages the last signer may hold
                # no publish right, and must not publish by the back door.
                raise ExplainedRefusal(
                    _(
                        "已填写发布时间：签发后将按此时间自动发布，这需要发布权限。请清空发布时间后签发，由有发布权限的人发布。"
                    )
                )
            require_clean(piece)
            return Status.APPROVED
        return STAGE_STATUSES[stage]

    # publish, unpublish, republish, archive: the editor-in-chief's actions.
    if not user.has_perm(perm(piece, "publish")):
        raise WorkflowError(_("您没有发布、撤回或归档的权限。"))
    if action == "publish":
        if status != Status.APPROVED:
            raise WorkflowError(_("只有已签发的稿件可以发布。"))
        require_clean(piece)
        if piece.publish_at and piece.publish_at > timezone.now():
            return Status.APPROVED  # 定时发布: goes live at publish_at through .live()
        return Status.PUBLISHED
    if action == "unpublish":
        # What readers can see is withdrawn (撤回); a scheduled piece can be held back before
        # its time (the button says 取消定时发布). A signed piece waiting to be published
        # has nothing to withdraw: publish or archive it.
        if not (status == Status.PUBLISHED or piece.is_live() or piece.is_scheduled):
            raise WorkflowError(_("只有已发布或定时发布的稿件可以撤回。"))
        return Status.UNPUBLISHED
    if action == "republish":
        if status != Status.UNPUBLISHED:
            raise WorkflowError(_("只有已撤回的稿件可以重新发布。"))
        require_clean(piece)
        if piece.publish_at and piece.publish_at > timezone.now():
            return Status.APPROVED  # withdrawn before its time: scheduled again, not "published" yet
        return Status.PUBLISHED
    # archive
    if status not in (Status.PUBLISHED, Status.UNPUBLISHED, Status.APPROVED, Status.CLOSED):
        raise WorkflowError(_("只有已签发、已发布、已撤回或已退稿的稿件可以归档。"))
    return Status.ARCHIVED


def can_edit(piece, user):
    """Whether ``user`` may change the content of ``piece`` in its current state.

    Edit rights follow the review, so that readers get the text the last stage signed:
    drafts are open to their author and to editors (anyone with a review or publish
    right); a piece in review to that stage's reviewers and to publishers; an approved,
    scheduled, published or closed piece to publishers (总编辑) only. Every such save is
    a revision and an audit entry like any other.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not user.has_perm(perm(piece, "change")):
        return False
    publisher = user.has_perm(perm(piece, "publish"))
    if piece.status == Status.DRAFT:
        return _is_author(piece, user) or is_reviewer(piece, user) or publisher
    stage = stage_of(piece.status)
    if stage is not None:
        return publisher or user.has_perm(perm(piece, f"review{stage}"))
    return publisher


def available_actions(piece, user):
    """The actions ``user`` may take on ``piece`` now, and those refused for a reason they can fix."""
    allowed = []
    for action in ACTIONS:
        # An opinion is supplied for the check so send_back/reject show; the form asks for it.
        try:
            check_action(piece, action, user, opinion="…")
        except ExplainedRefusal:
            allowed.append(action)  # offered, and refused with the reasons when clicked
        except WorkflowError:
            continue
        else:
            allowed.append(action)
    return allowed


# The signing rule of check_action (approve) as queries, for the 待我审 list and the mail to
# the next stage: a user may sign a stage they hold the right for, on a piece they did
# not write, unless they signed another stage of it. What else check_action asks at the last
# stage (clean content; a publish right when publish_at is set) is an ExplainedRefusal:
# such pieces are still theirs to decide, and the button says what to fix.
# tests/editorial/test_signing_rule.py holds the three forms to the same answers.


def awaiting_review(queryset, user):
    """The pieces of ``queryset`` at a stage ``user`` may sign now."""
    meta = queryset.model._meta
    statuses = [
        STAGE_STATUSES[n - 1]
        for n in range(1, review_stages() + 1)
        if user.has_perm(f"{meta.app_label}.review{n}_{meta.model_name}")
    ]
    if not statuses:
        return queryset.none()
    signed = ReviewSignoff.objects.filter(
        content_type__app_label=meta.app_label,
        content_type__model=meta.model_name,
        object_id=models.OuterRef("pk"),
        reviewer=user,
        decision=ReviewSignoff.Decision.APPROVED,
    )
    result = queryset.filter(status__in=statuses).exclude(created_by=user)
    for n, status in enumerate(STAGE_STATUSES, start=1):
        if status not in statuses:
            continue  # no piece of the result is there (a reviewer holds one stage: one subquery)
        # Re-signing the same stage (after a send-back) is fine; another stage is not. The
        # other stages by name, which the index signoff_reviewer finds: "not this stage" read
        # every sign-off of the reviewer (a 主任's 98,509 at 100,000 articles: 49 → 1.3 ms).
        others = [other for other in range(1, len(STAGE_STATUSES) + 1) if other != n]
        result = result.exclude(models.Q(status=status) & models.Exists(signed.filter(stage__in=others)))
    return result


def possible_signers(piece, stage, users):
    """Those of ``users`` (a queryset holding the stage's review right) who may sign ``stage``."""
    signed_elsewhere = (
        ReviewSignoff.for_piece(piece)
        .filter(decision=ReviewSignoff.Decision.APPROVED)
        .exclude(stage=stage)
        .values("reviewer")
    )
    users = users.exclude(pk__in=signed_elsewhere)
    return users.exclude(pk=piece.created_by_id) if piece.created_by_id else users
