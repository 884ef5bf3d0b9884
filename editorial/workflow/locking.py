"""Concurrency: decisions read the stored row under a lock, saves check the version the form saw.

``version`` is the optimistic-lock counter: every save and workflow step moves it on, so
a form loaded at version N cannot overwrite a later save (check_version), and a reviewer
signs the text they read.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from editorial.workflow.errors import ConflictError


def lock(piece):
    """Re-read the piece's state under a row lock: decisions use the stored state, not a stale form."""
    model = piece._meta.concrete_model
    model._base_manager.select_for_update().filter(pk=piece.pk).values_list("pk", flat=True).get()
    # Unsaved edits on the instance are not the piece: checks judge what is stored.
    piece.refresh_from_db()
    return piece


def bump(piece, **fields):
    """Write state fields and the next version straight to the row (no full save, no stale overwrite)."""
    model = piece._meta.concrete_model
    piece.version += 1
    fields["version"] = piece.version
    fields["updated_at"] = timezone.now()
    model._base_manager.filter(pk=piece.pk).update(**fields)
    for name, value in fields.items():
        setattr(piece, name, value)


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
