"""更正: a dated note under a published piece, added with the rights of editing it.

    add_correction(piece, user, note)   # admin form, shell, tests
    corrections_for(piece)              # what the piece's page prints

Whoever may edit the piece in its state (editorial.workflow.can_edit: the publishers,
总编辑, for a published piece) may correct it. The note is stored, the piece's
version and updated time move on (its page, feeds and JSON-LD say it was updated:
``<updated>``, ``dateModified``, while its address stays), and an audit entry
``gongjiang.<model>.corrected`` records who and what, all in one transaction.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from editorial import workflow
from editorial.models import Correction, Status

MAX_NOTE_CHARS = 2000


def add_correction(piece, user, note):
    """Add a correction to ``piece`` as ``user``; raises WorkflowError and stores nothing if refused."""
    note = (note or "").strip()
    if not note:
        raise workflow.WorkflowError(_("请写明更正内容：原文哪里有误，现已如何更正。"))
    if len(note) > MAX_NOTE_CHARS:
        raise workflow.WorkflowError(_("更正说明不能超过 %(limit)s 字。") % {"limit": MAX_NOTE_CHARS})
    with transaction.atomic():
        workflow.lock(piece)
        if piece.status != Status.PUBLISHED:
            raise workflow.WorkflowError(_("只有已发布的稿件可以更正；未发布的稿件直接修改即可。"))
        if not workflow.can_edit(piece, user):
            raise workflow.WorkflowError(_("您没有更正这篇稿件的权限（与修改已发布稿件的权限相同）。"))
        correction = Correction.objects.create(
            content_type=workflow.content_type_of(piece),
            object_id=piece.pk,
            note=note,
            created_by=user,
            object_repr=str(piece)[:200],
        )
        workflow.bump(piece)  # a new version, and updated_at: dateModified, the feeds' <updated>
        workflow.record_audit(piece, "corrected", user, piece.status, piece.status, opinion=note)
    return correction


def corrections_for(piece):
    """The corrections of ``piece``, oldest first, as its page prints them (one query)."""
    return list(Correction.for_piece(piece).order_by("created_at", "pk").only("note", "created_at"))
