"""Audit entries: every save, transition, refusal and deletion of a piece, append-only.

Codes are ``gongjiang.<model>.<event>``. A refused action, save or restore leaves an entry
(``refused`` / ``save_refused``: who, what, why), written after the refused work has
rolled back.
"""

import functools
import inspect

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from editorial.models import AuditEntry
from editorial.workflow import deferred
from editorial.workflow.errors import WorkflowError

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


def audit_code(piece, event):
    return f"gongjiang.{piece._meta.concrete_model._meta.model_name}.{event}"


def content_type_of(piece):
    return ContentType.objects.get_for_model(piece, for_concrete_model=True)


def actor_name(user):
    """How the audit log names who acted: their full name, their user name, or 系统."""
    if user is None:
        return _("系统")
    return user.get_full_name() or user.get_username()


def record_audit(piece, event, user, from_status="", to_status="", opinion="", changed=(), written=None):
    """Store an audit entry (or queue it with the import's batch). ``written``: the related rows
    the caller just wrote, as the revision records them (a new piece's, see ``snapshot``); its
    ``post_save`` receivers may read them from there instead of from the database."""
    entry = AuditEntry(
        content_type=content_type_of(piece),
        object_id=piece.pk,
        code=audit_code(piece, event),
        actor=user if user is not None and user.is_authenticated else None,
        actor_name=actor_name(user),
        object_repr=str(piece)[:200],
        from_status=from_status or "",
        to_status=to_status or "",
        opinion=opinion,
        changed_fields=list(changed),
    )
    entry.written = written
    if not deferred.queue(entry):  # written with its batch (importer), else now
        entry.save(force_insert=True)
    return entry


def record_refusal(piece, user, what, reason, event="refused"):
    """Audit a refused action: who (actor), what (the action), why (the message shown to them)."""
    if piece.pk is None:
        return None
    opinion = _("%(what)s 被拒绝：%(reason)s") % {"what": what, "reason": reason}
    return record_audit(piece, event, user, piece.status, piece.status, opinion=opinion)


def audits_refusals(event, what):
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


def audit_deletion(sender, instance, **kwargs):
    """post_delete of any content piece: an entry under ``gongjiang.<model>.deleted``, whatever the path."""
    from editorial.models import EditorialContent

    if isinstance(instance, EditorialContent):
        user = getattr(instance, "_deleted_by", None)
        record_audit(instance, "deleted", user, instance.status, "", opinion=instance.title)
