"""Revisions: JSON snapshots of what an editor can change, their display, and restore.

snapshot(piece)                        # the picture a revision stores
record_revision(piece, user, ...)      # store one (and audit the changed fields)
readable_snapshot(piece, data[, names]) # names, local times, 是/否: for diffs
restore_revision(piece, revision, user)
"""

import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from editorial.models import EditorialContent, Revision
from editorial.workflow import deferred
from editorial.workflow.audit import audits_refusals, content_type_of, record_audit
from editorial.workflow.checks import require_clean_while_visible
from editorial.workflow.errors import WorkflowError
from editorial.workflow.locking import lock
from editorial.workflow.rules import can_edit

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
}


def _snapshotted(field):
    """What an editor can change: not the bookkeeping above, nor a field a type keeps itself
    (``editable=False``, like an article's copy of its bylines' names)."""
    return field.name not in SNAPSHOT_EXCLUDE and field.editable and not field.primary_key


def snapshot(piece, links=None):
    """A JSON-able picture of what an editor can change on the piece.

    ``links``: the related rows' part of it (people, events, tags, the type's INLINES) as
    the caller just wrote them, instead of reading them back (the importer's new pieces).
    """
    data = {}
    for field in piece._meta.concrete_fields:
        if not _snapshotted(field):
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
        for name in piece.INLINES:
            data[name] = piece.inline_rows(name)
    return data


def field_labels(piece):
    """Field names → labels of any audited object (a piece, a user, a slot) or model, inlines
    included."""
    model = piece if isinstance(piece, type) else type(piece)
    labels = {}
    for field in list(model._meta.concrete_fields) + list(model._meta.many_to_many):
        labels[field.name] = str(field.verbose_name)
    if issubclass(model, EditorialContent):
        for name in model.INLINES:
            labels[name] = model.inline_label(name)
    return labels


def readable_snapshot(piece, data, names=None):
    """A snapshot as an editor reads it, for diffs: names for ids, local times, 是/否.

    The stored snapshot keeps ids and UTC times (stable, restorable); this is display
    only. A person, column or source deleted since shows as its old id. ``names``: the
    names already looked up, {(model, pk): name}, shared by the two sides of a diff.
    """
    meta = piece._meta.concrete_model._meta
    names = {} if names is None else names

    def name_of(model, pk):
        if pk is None:
            return ""
        if (model, pk) not in names:
            names[model, pk] = str(model._base_manager.filter(pk=pk).first() or f"#{pk}")
        return names[model, pk]

    result = {}
    for name, value in data.items():
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:  # inline rows (bylines, sections): not fields
            field = None
        if name in piece.INLINES:
            value = piece.readable_inline(name, value, name_of)
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


# Fields whose change makes no new version of the text: the workflow's own moves set them.
NOT_TEXT_FIELDS = frozenset({"publish_at", "expire_at", "slug"})


def text_version(piece):
    """第 N 稿, as the 审稿单 prints it: how many saves changed the text (its creation is the
    first). Workflow steps store revisions too (and bump ``version``, the lock counter), but
    a reviewer signs a version of the text, not a step."""
    deferred.flush()
    changes = list(
        Revision.for_piece(piece).order_by("created_at", "pk").values_list("changed_fields", flat=True)
    )
    # The first revision (the creation, or the baseline of a piece made outside the editor) is 第 1 稿.
    return 1 + sum(1 for fields in changes[1:] if set(fields) - NOT_TEXT_FIELDS)


def latest_revision(piece):
    deferred.flush()
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
    revision = Revision(
        content_type=content_type_of(piece),
        object_id=piece.pk,
        version=piece.version,
        snapshot=data,
        changed_fields=changed,
        created_by=user if user is not None and user.is_authenticated else None,
        note=note[:200],
    )
    if not deferred.queue(revision):  # written with its batch (importer), else now
        revision.save(force_insert=True)
    if audit:
        record_audit(
            piece, event, user, piece.status, piece.status, opinion=opinion, changed=changed, written=links
        )
    return revision


def _apply_fields(piece, data):
    for field in piece._meta.concrete_fields:
        if not _snapshotted(field) or field.name not in data:
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


@audits_refusals("refused", lambda arguments: _("恢复旧版本"))
def restore_revision(piece, revision, user):
    """Bring back an old revision's content as a new revision (audited); state is untouched."""
    if revision.content_type_id != content_type_of(piece).pk or revision.object_id != piece.pk:
        raise WorkflowError(_("该修订版本不属于这篇稿件。"))
    data = revision.snapshot
    with transaction.atomic():
        lock(piece)
        if user is not None and not can_edit(piece, user):
            raise WorkflowError(_("您在稿件的当前状态下不能修改它，也不能恢复旧版本。"))
        _apply_fields(piece, data)
        # EditorialContent.save() bumps the version and keeps the address of a piece readers have seen.
        piece.save()
        for field in piece._meta.many_to_many:
            if field.name not in data:
                continue
            if field.name == "tags":
                piece.tags.set(data["tags"])
            elif field.remote_field.through._meta.auto_created:
                getattr(piece, field.name).set(data[field.name])
        for name in piece.INLINES:
            if name in data:
                piece.restore_inline(name, data[name])
        require_clean_while_visible(piece)  # rolls the restore back
        record_revision(
            piece, user, note=_("恢复到第 %(version)s 版") % {"version": revision.version}, event="restored"
        )
    return piece
