"""Clean the text already stored (control characters, NFC, edges), as every save now does.

Rows saved before editorial.text.normalise_on_save existed may hold a vertical tab or a
BOM that breaks the feeds. The receiver does not run on historical models, so this
migration applies the same function itself. Search index rows are rebuilt from the
content by `rebuild_search_index`, not here.
"""

from django.db import migrations, models

from editorial.text import clean_text

MODELS = [
    ("editorial", "Tag"),
    ("editorial", "Revision"),
    ("editorial", "AuditEntry"),
    ("editorial", "ReviewSignoff"),
    ("editorial", "Comment"),
    ("editorial", "Correction"),
    ("images", "Image"),
    ("portal", "Slot"),
    ("portal", "Topic"),
    ("portal", "TopicItem"),
    ("taggit", "Tag"),
    ("people", "Person"),
    ("events", "Event"),
    ("articles", "Column"),
    ("articles", "Source"),
    ("articles", "Article"),
    ("articles", "ArticleAuthor"),
    ("speeches", "Speech"),
    ("speeches", "SpeechSection"),
]


TAG_LINKS = {("editorial", "Tag"): ("editorial", "TaggedItem"), ("taggit", "Tag"): ("taggit", "TaggedItem")}


def _merge_tag(apps, tag_key, row, name):
    """A cleaned name that another tag already has: that tag takes over the links."""
    model = apps.get_model(*tag_key)
    survivor = model._base_manager.filter(name__iexact=name).exclude(pk=row.pk).first()
    if survivor is None:
        return False
    links = apps.get_model(*TAG_LINKS[tag_key])._base_manager.filter(tag_id=row.pk)
    for link in links:
        duplicate = links.model._base_manager.filter(
            tag_id=survivor.pk, content_type_id=link.content_type_id, object_id=link.object_id
        )
        if duplicate.exists():
            link.delete()
        else:
            links.model._base_manager.filter(pk=link.pk).update(tag_id=survivor.pk)
    model._base_manager.filter(pk=row.pk).delete()
    return True


def clean_rows(apps, schema_editor):
    for app_label, model_name in MODELS:
        model = apps.get_model(app_label, model_name)
        names = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, (models.CharField, models.TextField))
        ]
        # Only rows that change are written; the audit log's append-only rule is a model
        # method (save/delete), and a queryset update of cleaned text does not break it.
        for row in model._base_manager.only("pk", *names).iterator(chunk_size=500):
            changes = {}
            for name in names:
                value = getattr(row, name)
                cleaned = clean_text(value)
                if cleaned != value:
                    changes[name] = cleaned
            if "name" in changes and (app_label, model_name) in TAG_LINKS:
                if _merge_tag(apps, (app_label, model_name), row, changes["name"]):
                    continue
            if changes:
                model._base_manager.filter(pk=row.pk).update(**changes)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0007_rederive_summaries"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("people", "0001_initial"),
        ("events", "0001_initial"),
        ("articles", "0006_byline_names"),
        ("speeches", "0004_alter_speech_summary"),
        ("images", "0002_roles"),
        ("portal", "0002_front_page_roles"),
    ]

    operations = [migrations.RunPython(clean_rows, migrations.RunPython.noop)]
