"""The actions: every change of a piece's state, and every editorial save.

Each runs in one ``transaction.atomic()``: check the permission and the separation of
duties (rules), change the state, store a revision and an audit entry, then notify by
e-mail once the transaction has committed (a failing mail server never blocks editors).
"""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from editorial.models import VISIBLE_STATUSES, ReviewSignoff, Revision, Status
from editorial.workflow.audit import AUDIT_CODES, audits_refusals, content_type_of, record_audit
from editorial.workflow.checks import require_clean, require_clean_while_visible
from editorial.workflow.errors import ConflictError, WorkflowError
from editorial.workflow.locking import bump, check_version, lock
from editorial.workflow.revisions import latest_revision, record_revision, snapshot
from editorial.workflow.rules import action_label, check_action, stage_of

logger = logging.getLogger(__name__)


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


@audits_refusals("refused", lambda arguments: action_label(arguments["piece"], arguments["action"]))
def transition(piece, action, user, opinion="", expected_version=None):
    """Take ``action`` on ``piece`` as ``user``; raises WorkflowError and changes nothing if refused.

    ``expected_version`` is the version the user was looking at (the change page sends
    it): a reviewer signs the text they read, never one changed under them since.
    """
    opinion = (opinion or "").strip()
    with transaction.atomic():
        lock(piece)
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
        to_status = check_action(piece, action, user, opinion)
        now = timezone.now()
        fields = _visible_fields(piece, to_status, now)
        if action == "unpublish" and piece.first_published_at and piece.first_published_at > now:
            fields["first_published_at"] = None  # withdrawn before it was ever shown
        bump(piece, **fields)
        if action in ("approve", "send_back", "reject"):
            decision = {
                "approve": ReviewSignoff.Decision.APPROVED,
                "send_back": ReviewSignoff.Decision.SENT_BACK,
                "reject": ReviewSignoff.Decision.REJECTED,
            }[action]
            ReviewSignoff.objects.create(
                content_type=content_type_of(piece),
                object_id=piece.pk,
                stage=stage,
                decision=decision,
                reviewer=user,
                opinion=opinion,
            )
        event = AUDIT_CODES[action]
        if action == "publish" and to_status == Status.APPROVED:
            event = "scheduled"
        record_audit(piece, event, user, from_status, to_status, opinion=opinion, changed=sorted(fields))
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
        require_clean(piece)
    with transaction.atomic():
        lock(piece)
        from_status = piece.status
        fields = _visible_fields(piece, status, timezone.now())
        bump(piece, **fields)
        record_audit(piece, "admitted", actor, from_status, status, opinion=note, changed=sorted(fields))
        record_revision(piece, actor, note=note or _("导入"), audit=False)
    return piece


@audits_refusals("save_refused", lambda arguments: _("保存"))
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
                    content_type=content_type_of(fresh),
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
        # related() rewrote the inlines and many-to-many rows: any read before (the change
        # page prefetches a speech's sections for its checks) would put the old ones into
        # the revision and the checks.
        piece._prefetched_objects_cache = {}
        require_clean_while_visible(piece)  # rolls the whole save back
        if creating:
            record_revision(piece, user, note=note or _("创建"), event="created", new=True, links=links)
        elif conflict is not None:
            record_revision(piece, user, note=note or _("覆盖他人修改"), event="overwritten", before=before)
        else:
            record_revision(piece, user, note=note, before=before)
    return piece


def delete_piece(piece, user):
    """Delete a piece, audited with who did it (the post_delete receiver audits other paths)."""
    with transaction.atomic():
        piece._deleted_by = user
        piece.delete()


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
        lock(piece)
        if piece.status != Status.APPROVED or not piece.publish_at or piece.publish_at > now:
            return False
        if piece.expire_at and piece.expire_at <= now:
            return False
        fields = _visible_fields(piece, Status.PUBLISHED, now)
        bump(piece, **fields)
        record_audit(
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
