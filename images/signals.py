"""Keep images.ImageUse true (images/links.py), in the same transaction as the change.

For every content type of the registry: its saves and deletions, the saves and
deletions of its inline rows, and the audit entry the workflow writes after a save
(the importer bulk-creates a speech's sections after the piece's own save).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from editorial.models import AuditEntry
from editorial.registry import content_types
from editorial.workflow.audit import audit_code
from images import links


def _watched_fields(model):
    keys, texts = links.image_field_names(model)
    return {name.removesuffix("_id") for name in keys} | set(keys) | set(texts)


def _saved(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not set(update_fields) & _watched_fields(sender):
        return  # a workflow or housekeeping write (status, version…): no picture moved
    links.refresh(instance, created=created)


def _deleted(sender, instance, **kwargs):
    links.forget(instance)


def _inline_changed(model, parent_field):
    def changed(sender, instance, raw=False, **kwargs):
        if raw:
            return
        piece = model._base_manager.filter(pk=getattr(instance, parent_field)).first()
        if piece is not None:
            links.refresh(piece)

    return changed


WITH_INLINES = set()
for _model in content_types():
    _uid = f"image_uses_{_model._meta.label_lower}"
    post_save.connect(_saved, sender=_model, dispatch_uid=f"{_uid}_saved")
    post_delete.connect(_deleted, sender=_model, dispatch_uid=f"{_uid}_deleted")
    for _name in _model.INLINES:
        _relation = getattr(_model, _name).rel
        _keys, _texts = links.image_field_names(_relation.related_model)
        if not (_keys or _texts):
            continue
        WITH_INLINES.add(_model)
        _receiver = _inline_changed(_model, _relation.field.attname)
        _sender = _relation.related_model
        post_save.connect(_receiver, sender=_sender, dispatch_uid=f"{_uid}_{_name}_saved", weak=False)
        post_delete.connect(_receiver, sender=_sender, dispatch_uid=f"{_uid}_{_name}_deleted", weak=False)


@receiver(post_save, sender=AuditEntry, dispatch_uid="image_uses_audited")
def _audited(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not instance.changed_fields:
        return
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    # Only a save that changed inline rows: the piece's own save was seen by _saved.
    if model in WITH_INLINES and set(instance.changed_fields) & set(model.INLINES):
        if instance.code == audit_code(model, "created"):
            # A new piece: nothing to drop, and its own fields' rows are written.
            links.add_inline_uses(model, instance.object_id, getattr(instance, "written", None))
            return
        piece = model._base_manager.filter(pk=instance.object_id).first()
        if piece is not None:
            links.refresh(piece)
