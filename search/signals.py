"""Keep the index in step with content, in the same transaction as the change.

Workflow transitions save the piece inside their atomic block, so publish,
unpublish and edits reach the index here; tags and speech sections are saved
after their parent, so they reindex the parent too.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from editorial.models import TaggedItem
from search.indexing import KINDS, index_object, remove_object
from speeches.models import Speech, SpeechSection


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index_object(instance)


def _deleted(sender, instance, **kwargs):
    remove_object(KINDS[sender], instance.pk)


for _model in KINDS:
    post_save.connect(_saved, sender=_model, dispatch_uid=f"search_index_{_model.__name__}")
    post_delete.connect(_deleted, sender=_model, dispatch_uid=f"search_remove_{_model.__name__}")


@receiver(m2m_changed, sender=TaggedItem, dispatch_uid="search_tags_changed")
def _tags_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and type(instance) in KINDS:
        index_object(instance)


@receiver(post_save, sender=SpeechSection, dispatch_uid="search_section_saved")
@receiver(post_delete, sender=SpeechSection, dispatch_uid="search_section_deleted")
def _section_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    speech = Speech._base_manager.filter(pk=instance.speech_id).first()
    if speech is not None:
        index_object(speech)
