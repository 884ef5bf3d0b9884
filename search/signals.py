"""Keep the index in step with content, in the same transaction as the change.

Saves (admin, import, tests) reach the index through post_save. Workflow
transitions write their state fields with a queryset update (no post_save), but
every transition, admission, scheduled publication and restore writes an
AuditEntry inside its atomic block, so that entry reindexes the piece from the
row as the transition left it (unless it moved between states readers never
see). Tags and a type's inline rows (INLINES: a speech's sections) are saved after
their parent, so they reindex the parent too.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from editorial.models import VISIBLE_STATUSES, AuditEntry, TaggedItem
from editorial.registry import content_types
from search.indexing import index_object, indexed_models, remove_object

INDEXED = indexed_models()


def _saved(sender, instance, created=False, raw=False, **kwargs):
    if not raw:
        index_object(instance, created=created)


def _deleted(sender, instance, **kwargs):
    remove_object(INDEXED[sender], instance.pk)


for _model in INDEXED:
    post_save.connect(_saved, sender=_model, dispatch_uid=f"search_index_{_model.__name__}")
    post_delete.connect(_deleted, sender=_model, dispatch_uid=f"search_remove_{_model.__name__}")


@receiver(m2m_changed, sender=TaggedItem, dispatch_uid="search_tags_changed")
def _tags_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and type(instance) in INDEXED:
        index_object(instance)


def _inline_changed(model, parent_field):
    """A receiver reindexing the piece an inline row (a speech section…) belongs to."""

    def changed(sender, instance, raw=False, **kwargs):
        if raw:
            return
        piece = model._base_manager.filter(pk=getattr(instance, parent_field)).first()
        if piece is not None:
            index_object(piece)

    return changed


for _model in content_types():
    for _name in _model.INLINES:
        _relation = getattr(_model, _name).rel
        _receiver = _inline_changed(_model, _relation.field.attname)
        _uid = f"search_inline_{_model._meta.label_lower}_{_name}"
        post_save.connect(_receiver, sender=_relation.related_model, dispatch_uid=f"{_uid}_saved", weak=False)
        post_delete.connect(
            _receiver, sender=_relation.related_model, dispatch_uid=f"{_uid}_deleted", weak=False
        )


@receiver(post_save, sender=AuditEntry, dispatch_uid="search_audited")
def _audited(sender, instance, created, raw=False, **kwargs):
    if raw or not created:
        return
    states = (instance.from_status, instance.to_status)
    if all(state and state not in VISIBLE_STATUSES for state in states):
        return  # between states readers never see (draft → 初审…): nothing to add or drop
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if model in INDEXED:
        piece = model._base_manager.filter(pk=instance.object_id).first()
        if piece is not None:
            index_object(piece)
