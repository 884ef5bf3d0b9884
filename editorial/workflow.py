"""Every state change of a piece (article or speech) happens here, and only here.

Each action runs in one ``transaction.atomic()``: check the permission and the
separation of duties (nobody approves a piece they created; no one person signs
two review stages of the same piece; superusers included), change the state,
store a revision and an audit entry, then notify by e-mail once the transaction
has committed (a failing mail server never blocks editors).

    transition(piece, action, user, opinion="")   # the editors' actions
    admit(piece, status, actor=None, note="")     # import/demo: straight into a status
    available_actions(piece, user)                # what the buttons show
    can_edit(piece, user)                         # who may change the content in this state
    save_piece(piece, user, expected_version=...) # every editorial save (optimistic locking)
    restore_revision(piece, revision, user)
    delete_piece(piece, user)                     # audited deletion (admin delete and bulk delete)

A refused action, save or restore leaves an audit entry (``gongjiang.<model>.refused`` /
``save_refused``: who, what, why), written after the refused work has rolled back.

Permissions are "<app>.<action>_<model>" (submit, review1, review2, review3,
publish), given to the role groups by editorial/migrations/0003_roles.py.
"""

import datetime
import functools
import inspect
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from editorial.models import (
    SHORT_TITLE_THRESHOLD,
    STAGE_STATUSES,
    VISIBLE_STATUSES,
    AuditEntry,
    ReviewSignoff,
    Revision,
    Status,
)
from editorial.placeholders import find_placeholders
from editorial.sanitize import plain_text

logger = logging.getLogger(__name__)

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

# Audit code suffix per action (gongjiang.<model>.<suffix>).
AUDIT_CODES = {
    "submit": "submitted",
    "approve": "approved",
    "send_back": "sent_back",
    "reject": "rejected",
    "publish": "published",
    "unpublish": "unpublished",
    "republish": "republished",
    "archive": "archived",
}

# Fields a revision snapshot leaves out: bookkeeping, the raw original.
SNAPSHOT_EXCLUDE = {
    "id",
    "status",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "first_published_at",
    "original_document",
    "content_hash",
    "original_filename",
    "byline_names",  # Article's copy of its bylines' names for cards (the bylines are snapshotted)
}


class WorkflowError(Exception):
    """A refused action; the message (Chinese) is shown to the editor as is."""


class ExplainedRefusal(WorkflowError):
    """Refused for something the user can fix on the piece (content checks, a publish time).

    The action is still offered (available_actions): clicking it says what to fix,
    where a missing button would say nothing.
    """


class ConflictError(WorkflowError):
    """Someone saved the piece after this form was loaded."""

    def __init__(self, message, current_version):
        super().__init__(message)
        self.current_version = current_version


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


def audit_code(piece, event):
    return f"gongjiang.{piece._meta.concrete_model._meta.model_name}.{event}"


def _content_type(piece):
    return ContentType.objects.get_for_model(piece, for_concrete_model=True)


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


# ---------------------------------------------------------------------------
# Content checks before final approval / publication
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self):
        return self.message


def _texts(piece, sections=None):
    """(label, plain text) of everything a reader will see, for the placeholder check."""
    meta = piece._meta
    fields = ["kicker", "title", "subtitle", "short_title", "summary", "salutation", "closing", "venue"]
    texts = [
        (str(meta.get_field(name).verbose_name), getattr(piece, name))
        for name in fields
        if hasattr(piece, name)
    ]
    texts.append((str(meta.get_field("body").verbose_name), plain_text(piece.body)))
    texts.extend(_section_texts(_sections(piece, sections)))
    return [(label, text or "") for label, text in texts]


def _sections(piece, sections=None):
    """The given (unsaved) sections, else the stored ones of a piece that has sections."""
    if sections is not None:
        return list(sections)
    return list(piece.sections.all()) if piece.pk and hasattr(piece, "sections") else []


def _section_texts(sections):
    for section in sections:
        label = _("第 %(number)s 节") % {"number": section.number or section.order + 1}
        yield label, f"{section.heading}\n{plain_text(section.body)}"


def content_problems(piece, sections=None):
    """Why this piece may not pass final review, be published or stay visible; empty when it may.

    ``sections`` (unsaved section objects, as the admin's inline forms hold them) stand
    in for the stored sections of a speech.
    """
    problems = []
    sections = _sections(piece, sections)
    if not plain_text(piece.body).strip() and not sections:
        problems.append(Problem("body", _("正文为空。")))
    # A repost names where it came from: the outlet, or, when an aggregator (ZAKER…) does
    # not say who first published it, at least that platform (Article.via), shown beside it.
    named = getattr(piece, "source_id", None) or getattr(piece, "via", "")
    if getattr(piece, "is_repost", False) and not named:
        problems.append(Problem("source", _("转载稿未注明来源。")))
    if getattr(piece, "title_derived", False):
        problems.append(
            Problem("title_derived", _("主题取自正文第一句（待补标题）：请写好主题并取消“待补标题”。"))
        )
    if len(piece.title) > SHORT_TITLE_THRESHOLD and not piece.short_title.strip():
        problems.append(Problem("short_title", _("主题超过 30 个字，缺少短标题。")))
    found = piece_placeholders(piece, sections)
    if found:
        problems.append(placeholder_problem(found))
    return problems


def piece_placeholders(piece, sections=None):
    """Placeholders in everything a reader will see of ``piece`` (saved or not) and its sections:
    the one check, for final review and for the importer's report."""
    found = []
    for label, text in _texts(piece, sections):
        found.extend(find_placeholders(text, field=label))
    return found


def section_problems(sections):
    """Placeholders left in these (unsaved) sections, as content_problems would report them."""
    found = []
    for label, text in _section_texts(sections):
        found.extend(find_placeholders(text, field=label))
    return [placeholder_problem(found)] if found else []


def placeholder_problem(found):
    listed = "；".join(
        _("%(field)s第 %(position)s 字「%(context)s」")
        % {"field": item.field, "position": item.position + 1, "context": item.context}
        for item in found[:30]
    )
    more = _("等") if len(found) > 30 else ""
    return Problem(
        "placeholders",
        _("有 %(count)s 处占位符（X、XX、××、○○）未替换：%(list)s%(more)s")
        % {"count": len(found), "list": listed, "more": more},
    )


def _require_clean(piece):
    problems = content_problems(piece)
    if problems:
        raise ExplainedRefusal(_("内容检查未通过：") + " ".join(str(problem) for problem in problems))


def _require_clean_while_visible(piece):
    """A piece readers can see (or will, at publish_at) keeps passing the checks it passed.

    Every change of such a piece is shown at once, with no review in between: an edit,
    a re-import or a restored revision that brings back placeholders or an empty body is
    refused and the visible version stays as it was.
    """
    if piece.status not in VISIBLE_STATUSES:
        return
    problems = content_problems(piece)
    if problems:
        raise WorkflowError(
            _("稿件已签发或已发布，改动后未通过内容检查，未保存：")
            + " ".join(str(problem) for problem in problems)
        )


# ---------------------------------------------------------------------------
# Who may do what
# ---------------------------------------------------------------------------


def _check(piece, action, user, opinion=""):
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
            _require_clean(piece)
            return Status.APPROVED
        return STAGE_STATUSES[stage]

    # publish, unpublish, republish, archive: the editor-in-chief's actions.
    if not user.has_perm(perm(piece, "publish")):
        raise WorkflowError(_("您没有发布、撤回或归档的权限。"))
    if action == "publish":
        if status != Status.APPROVED:
            raise WorkflowError(_("只有已签发的稿件可以发布。"))
        _require_clean(piece)
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
        _require_clean(piece)
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
            _check(piece, action, user, opinion="…")
        except ExplainedRefusal:
            allowed.append(action)  # offered, and refused with the reasons when clicked
        except WorkflowError:
            continue
        else:
            allowed.append(action)
    return allowed


# The signing rule of _check (approve) as queries, for the 待我审 list and the mail to
# the next stage: a user may sign a stage they hold the right for, on a piece they did
# not write, unless they signed another stage of it. What else _check asks at the last
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
        # Re-signing the same stage (after a send-back) is fine; another stage is not.
        result = result.exclude(models.Q(status=status) & models.Exists(signed.exclude(stage=n)))
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


# ---------------------------------------------------------------------------
# Records
# ---------------------------------------------------------------------------


def snapshot(piece, links=None):
    """A JSON-able picture of what an editor can change on the piece.

    ``links``: the related rows' part of it (people, events, tags, bylines, sections) as
    the caller just wrote them, instead of reading them back (the importer's new pieces).
    """
    data = {}
    for field in piece._meta.concrete_fields:
        if field.name in SNAPSHOT_EXCLUDE:
            continue
        value = field.value_from_object(piece)
        if isinstance(field, models.ForeignKey):
            data[field.name] = value
        elif isinstance(field, models.FileField):
            data[field.name] = value.name if value else ""
        elif isinstance(value, datetime.datetime) and timezone.is_aware(value):
            # One zone for every snapshot: the same instant read back from the form (local
            # time) and set by the workflow (UTC) must not count as a change.
            data[field.name] = value.astimezone(datetime.UTC).isoformat()
        elif hasattr(value, "isoformat"):
            data[field.name] = value.isoformat()
        else:
            data[field.name] = value
    if links is not None:
        data.update(links)
    elif piece.pk:
        for field in piece._meta.many_to_many:
            if field.name == "tags":
                data["tags"] = sorted(piece.tags.names())
            elif field.remote_field.through._meta.auto_created:
                data[field.name] = sorted(getattr(piece, field.name).values_list("pk", flat=True))
        if hasattr(piece, "bylines"):
            data["bylines"] = [
                {"person": b.person_id, "position": b.position, "order": b.order} for b in piece.bylines.all()
            ]
        if hasattr(piece, "sections"):
            data["sections"] = [
                {"order": s.order, "number": s.number, "heading": s.heading, "body": s.body}
                for s in piece.sections.all()
            ]
    return data


def field_labels(piece):
    labels = {}
    for field in list(piece._meta.concrete_fields) + list(piece._meta.many_to_many):
        labels[field.name] = str(field.verbose_name)
    labels["bylines"] = _("署名")
    labels["sections"] = _("章节")
    return labels


def readable_snapshot(piece, data):
    """A snapshot as an editor reads it, for diffs: names for ids, local times, 是/否.

    The stored snapshot keeps ids and UTC times (stable, restorable); this is display
    only. A person, column or source deleted since shows as its old id.
    """
    meta = piece._meta.concrete_model._meta
    names = {}

    def name_of(model, pk):
        if pk is None:
            return ""
        if (model, pk) not in names:
            names[model, pk] = str(model._base_manager.filter(pk=pk).first() or f"#{pk}")
        return names[model, pk]

    person_model = None
    if "bylines" in data:
        person_model = piece.bylines.model._meta.get_field("person").related_model
    result = {}
    for name, value in data.items():
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:  # bylines, sections: related rows, not fields
            field = None
        if name == "bylines":
            rows = sorted(value or [], key=lambda row: row.get("order", 0))
            value = "、".join(
                name_of(person_model, row["person"])
                + (f"（{row['position']}）" if row.get("position") else "")
                for row in rows
            )
        elif name == "sections":
            value = "\n\n".join(
                f"{row.get('number', '')}{row.get('heading', '')}\n{plain_text(row.get('body', ''))}".strip()
                for row in value or []
            )
        elif name == "tags":
            value = "、".join(value or [])
        elif isinstance(field, models.ForeignKey):
            value = name_of(field.related_model, value)
        elif isinstance(field, models.ManyToManyField):
            value = "、".join(name_of(field.related_model, pk) for pk in value or [])
        elif isinstance(field, models.BooleanField):
            value = _("是") if value else _("否")
        elif isinstance(field, models.DateTimeField) and value:
            moment = parse_datetime(value)
            value = date_format(timezone.localtime(moment), "Y-m-d H:i:s") if moment else value
        result[name] = value
    return result


def _changed(old, new):
    return sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))


def _actor_name(user):
    if user is None:
        return _("系统")
    return user.get_full_name() or user.get_username()


def _audit(piece, event, user, from_status="", to_status="", opinion="", changed=()):
    return AuditEntry.objects.create(
        content_type=_content_type(piece),
        object_id=piece.pk,
        code=audit_code(piece, event),
        actor=user if user is not None and user.is_authenticated else None,
        actor_name=_actor_name(user),
        object_repr=str(piece)[:200],
        from_status=from_status or "",
        to_status=to_status or "",
        opinion=opinion,
        changed_fields=list(changed),
    )


# Fields whose change makes no new version of the text: the workflow's own moves set them.
NOT_TEXT_FIELDS = frozenset({"publish_at", "expire_at", "slug"})


def text_version(piece):
    """第 N 稿, as the 审稿单 prints it: how many saves changed the text (its creation is the
    first). Workflow steps store revisions too (and bump ``version``, the lock counter), but
    a reviewer signs a version of the text, not a step."""
    changes = list(
        Revision.for_piece(piece).order_by("created_at", "pk").values_list("changed_fields", flat=True)
    )
    # The first revision (the creation, or the baseline of a piece made outside the editor) is 第 1 稿.
    return 1 + sum(1 for fields in changes[1:] if set(fields) - NOT_TEXT_FIELDS)


def latest_revision(piece):
    return Revision.for_piece(piece).order_by("-created_at", "-pk").first()


def record_revision(
    piece, user, note="", event="saved", audit=True, opinion="", before=None, new=False, links=None
):
    """Store a snapshot (and an audit entry naming the changed fields). Returns the revision.

    Changed fields are counted against ``before`` (the stored state before this save)
    when given, else against the latest revision; ``new`` says the piece was created in
    this transaction, so it has none to look up.
    """
    if before is None and not new:
        previous = latest_revision(piece)
        before = previous.snapshot if previous else None
    data = snapshot(piece, links)
    if before is None:  # a new piece: name what was filled in, not every empty field
        changed = sorted(name for name, value in data.items() if value not in ("", None, [], False))
    else:
        changed = _changed(before, data)
    revision = Revision.objects.create(
        content_type=_content_type(piece),
        object_id=piece.pk,
        version=piece.version,
        snapshot=data,
        changed_fields=changed,
        created_by=user if user is not None and user.is_authenticated else None,
        note=note[:200],
    )
    if audit:
        _audit(piece, event, user, piece.status, piece.status, opinion=opinion, changed=changed)
    return revision


def _lock(piece):
    """Re-read the piece's state under a row lock: decisions use the stored state, not a stale form."""
    model = piece._meta.concrete_model
    model._base_manager.select_for_update().filter(pk=piece.pk).values_list("pk", flat=True).get()
    # Unsaved edits on the instance are not the piece: checks judge what is stored.
    piece.refresh_from_db()
    return piece


def _bump(piece, **fields):
    """Write state fields and the next version straight to the row (no full save, no stale overwrite)."""
    model = piece._meta.concrete_model
    piece.version += 1
    fields["version"] = piece.version
    fields["updated_at"] = timezone.now()
    model._base_manager.filter(pk=piece.pk).update(**fields)
    for name, value in fields.items():
        setattr(piece, name, value)


def _visible_fields(piece, status, now):
    """publish_at / first_published_at to store with ``status``."""
    fields = {"status": status}
    if status == Status.PUBLISHED and piece.publish_at is None:
        # Whole seconds: the admin's time widget has no microseconds, so a stored fraction
        # would make every later save of the piece "change" its publish time.
        fields["publish_at"] = now.replace(microsecond=0)
    publish_at = fields.get("publish_at", piece.publish_at)
    if status in (Status.APPROVED, Status.PUBLISHED) and publish_at and not piece.first_published_at:
        # A scheduled piece is first public at its publish_at, which is when .live() shows it.
        fields["first_published_at"] = publish_at
    return fields


def record_refusal(piece, user, what, reason, event="refused"):
    """Audit a refused action: who (actor), what (the action), why (the message shown to them)."""
    if piece.pk is None:
        return None
    opinion = _("%(what)s 被拒绝：%(reason)s") % {"what": what, "reason": reason}
    return _audit(piece, event, user, piece.status, piece.status, opinion=opinion)


def _audits_refusals(event, what):
    """Record a WorkflowError raised by the decorated action once its transaction has rolled back.

    ``what(arguments)`` names the action from the call's bound arguments.
    """

    def decorate(function):
        signature = inspect.signature(function)

        @functools.wraps(function)
        def run(*args, **kwargs):
            try:
                return function(*args, **kwargs)
            except WorkflowError as error:
                arguments = signature.bind(*args, **kwargs).arguments
                record_refusal(arguments["piece"], arguments.get("user"), what(arguments), error, event)
                raise

        return run

    return decorate


# ---------------------------------------------------------------------------
# Actions
# ---------------------------------------------------------------------------


@_audits_refusals("refused", lambda arguments: action_label(arguments["piece"], arguments["action"]))
def transition(piece, action, user, opinion="", expected_version=None):
    """Take ``action`` on ``piece`` as ``user``; raises WorkflowError and changes nothing if refused.

    ``expected_version`` is the version the user was looking at (the change page sends
    it): a reviewer signs the text they read, never one changed under them since.
    """
    opinion = (opinion or "").strip()
    with transaction.atomic():
        _lock(piece)
        if expected_version not in (None, ""):
            try:
                seen = int(expected_version)
            except (TypeError, ValueError):
                raise WorkflowError(_("版本号无效，请刷新页面后再操作。")) from None
            if seen != piece.version:
                raise WorkflowError(
                    _(
                        "您打开稿件后它已有改动（第 %(mine)s 版 → 第 %(current)s 版），"
                        "请看过最新内容（修订历史里有差异）再操作。"
                    )
                    % {"mine": seen, "current": piece.version}
                )
        from_status = piece.status
        stage = stage_of(from_status)
        to_status = _check(piece, action, user, opinion)
        now = timezone.now()
        fields = _visible_fields(piece, to_status, now)
        if action == "unpublish" and piece.first_published_at and piece.first_published_at > now:
            fields["first_published_at"] = None  # withdrawn before it was ever shown
        _bump(piece, **fields)
        if action in ("approve", "send_back", "reject"):
            decision = {
                "approve": ReviewSignoff.Decision.APPROVED,
                "send_back": ReviewSignoff.Decision.SENT_BACK,
                "reject": ReviewSignoff.Decision.REJECTED,
            }[action]
            ReviewSignoff.objects.create(
                content_type=_content_type(piece),
                object_id=piece.pk,
                stage=stage,
                decision=decision,
                reviewer=user,
                opinion=opinion,
            )
        event = AUDIT_CODES[action]
        if action == "publish" and to_status == Status.APPROVED:
            event = "scheduled"
        _audit(piece, event, user, from_status, to_status, opinion=opinion, changed=sorted(fields))
        record_revision(piece, user, note=action_label(piece, action, status=from_status), audit=False)
        _notify_after_commit(piece, action, user, from_status, to_status, opinion)
    return piece


def admit(piece, status, actor=None, note=""):
    """Put a freshly saved (imported or demo) piece straight into ``status``, audited.

    Not an editor's action: import_documents --status and load_demo use it. Publishing
    sets publish_at to now when empty; first_published_at is set once the piece is visible.
    The content checks of final review apply: a piece with placeholders, an empty body…
    is refused a status in which readers could see it.
    """
    status = Status(status)
    if status in VISIBLE_STATUSES:
        _require_clean(piece)
    with transaction.atomic():
        _lock(piece)
        from_status = piece.status
        fields = _visible_fields(piece, status, timezone.now())
        _bump(piece, **fields)
        _audit(piece, "admitted", actor, from_status, status, opinion=note, changed=sorted(fields))
        record_revision(piece, actor, note=note or _("导入"), audit=False)
    return piece


def check_version(piece, expected_version):
    """Raise ConflictError if the stored version moved on since the form loaded ``expected_version``."""
    if expected_version is None or not piece.pk:
        return
    current = (
        piece._meta.concrete_model._base_manager.filter(pk=piece.pk).values_list("version", flat=True).first()
    )
    if current is not None and int(expected_version) != current:
        raise ConflictError(
            _("稿件已被他人保存（您打开的是第 %(mine)s 版，现在是第 %(current)s 版）。")
            % {"mine": expected_version, "current": current},
            current,
        )


@_audits_refusals("save_refused", lambda arguments: _("保存"))
def save_piece(piece, user, expected_version=None, overwrite=False, related=None, note=""):
    """The one editorial save: optimistic lock, version + 1, save, then revision and audit.

    ``related`` (a callable) saves m2m/inline data inside the same transaction, before
    the snapshot is taken; for a new piece it may return the snapshot's ``links`` (see
    ``snapshot``) so they are not read back. With ``overwrite`` a conflict is accepted
    and audited.
    """
    with transaction.atomic():
        creating = piece.pk is None
        conflict = None
        before = None
        if not creating:
            fresh = piece._meta.concrete_model._base_manager.select_for_update().get(pk=piece.pk)
            before = snapshot(fresh)
            if latest_revision(fresh) is None:
                # Pieces made outside the editor (old imports, fixtures) get a baseline to diff and restore.
                Revision.objects.create(
                    content_type=_content_type(fresh),
                    object_id=fresh.pk,
                    version=fresh.version,
                    snapshot=before,
                    changed_fields=[],
                    note=_("首次记录的原状"),
                )
            try:
                check_version(piece, expected_version)
            except ConflictError as error:
                if not overwrite:
                    raise
                conflict = error
            piece.status = fresh.status  # the form never carries status
            piece.first_published_at = fresh.first_published_at
            piece.version = fresh.version  # EditorialContent.save() adds one
        elif user is not None and user.is_authenticated and piece.created_by_id is None:
            piece.created_by = user
        piece.save()
        links = related() if related is not None else None
        _require_clean_while_visible(piece)  # rolls the whole save back
        if creating:
            record_revision(piece, user, note=note or _("创建"), event="created", new=True, links=links)
        elif conflict is not None:
            record_revision(piece, user, note=note or _("覆盖他人修改"), event="overwritten", before=before)
        else:
            record_revision(piece, user, note=note, before=before)
    return piece


def _apply_fields(piece, data):
    for field in piece._meta.concrete_fields:
        if field.name in SNAPSHOT_EXCLUDE or field.name not in data:
            continue
        value = data[field.name]
        if isinstance(field, models.ForeignKey):
            setattr(piece, field.attname, value)
        elif isinstance(field, models.FileField):
            setattr(piece, field.name, value or "")
        else:
            setattr(piece, field.name, field.to_python(value))


def piece_from_snapshot(piece, data):
    """An unsaved copy of ``piece`` carrying a revision's fields, for preview (relations are today's)."""
    copy = type(piece)._base_manager.get(pk=piece.pk)
    _apply_fields(copy, data)
    return copy


@_audits_refusals("refused", lambda arguments: _("恢复旧版本"))
def restore_revision(piece, revision, user):
    """Bring back an old revision's content as a new revision (audited); state is untouched."""
    if revision.content_type_id != _content_type(piece).pk or revision.object_id != piece.pk:
        raise WorkflowError(_("该修订版本不属于这篇稿件。"))
    data = revision.snapshot
    with transaction.atomic():
        _lock(piece)
        if user is not None and not can_edit(piece, user):
            raise WorkflowError(_("您在稿件的当前状态下不能修改它，也不能恢复旧版本。"))
        _apply_fields(piece, data)
        if piece.first_published_at:
            piece.slug = type(piece)._base_manager.filter(pk=piece.pk).values_list("slug", flat=True).first()
        piece.save()  # EditorialContent.save() bumps the version
        for field in piece._meta.many_to_many:
            if field.name not in data:
                continue
            if field.name == "tags":
                piece.tags.set(data["tags"])
            elif field.remote_field.through._meta.auto_created:
                getattr(piece, field.name).set(data[field.name])
        if "bylines" in data and hasattr(piece, "bylines"):
            piece.bylines.all().delete()
            for row in data["bylines"]:
                piece.bylines.create(person_id=row["person"], position=row["position"], order=row["order"])
        if "sections" in data and hasattr(piece, "sections"):
            piece.sections.all().delete()
            for row in data["sections"]:
                piece.sections.create(**row)
        _require_clean_while_visible(piece)  # rolls the restore back
        record_revision(
            piece, user, note=_("恢复到第 %(version)s 版") % {"version": revision.version}, event="restored"
        )
    return piece


def delete_piece(piece, user):
    """Delete a piece, audited with who did it (the post_delete receiver audits other paths)."""
    with transaction.atomic():
        piece._deleted_by = user
        piece.delete()


def audit_deletion(sender, instance, **kwargs):
    """post_delete of any content piece: an entry under ``gongjiang.<model>.deleted``, whatever the path."""
    from editorial.models import EditorialContent

    if isinstance(instance, EditorialContent):
        user = getattr(instance, "_deleted_by", None)
        _audit(instance, "deleted", user, instance.status, "", opinion=instance.title)


# ---------------------------------------------------------------------------
# Notifications (after commit; never block)
# ---------------------------------------------------------------------------


def _notify_after_commit(piece, action, user, from_status, to_status, opinion):
    from editorial import notifications

    def send():
        try:
            notifications.notify(piece, action, user, from_status, to_status, opinion)
        except Exception:  # noqa: BLE001 - a mail failure must never undo or block a transition
            logger.exception("workflow notification failed for %s %s", piece._meta.label, piece.pk)

    transaction.on_commit(send)


def record_scheduled_publication(piece, now=None):
    """approved → published for a piece whose publish_at has passed (publish_scheduled). Idempotent."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(piece)
        if piece.status != Status.APPROVED or not piece.publish_at or piece.publish_at > now:
            return False
        if piece.expire_at and piece.expire_at <= now:
            return False
        fields = _visible_fields(piece, Status.PUBLISHED, now)
        _bump(piece, **fields)
        _audit(
            piece,
            "published",
            None,
            Status.APPROVED,
            Status.PUBLISHED,
            opinion=_("定时发布"),
            changed=sorted(fields),
        )
        record_revision(piece, None, note=_("定时发布"), audit=False)
    return True
