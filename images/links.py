"""Which piece shows which library image (``ImageUse``), kept true on every save.

The image page's 用在哪里 and the refusal to delete an image a live piece shows read
these rows through an index instead of searching every body for the file's name.

What a piece uses is found by one rule for every content type, so no type is named
here: its foreign keys to the library (a head image) and the ``<img>`` of its HTML
fields (the body), and the same in the rows of its ``INLINES`` (a speech section's body,
a gallery's pictures). Receivers (images/signals.py) renew a piece's rows when it is
saved, when one of its inline rows is saved or deleted, and when the workflow audits a
save (the importer writes speech sections with bulk_create, which sends no signal).
"""

import html
import re
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import models

# Bodies are the sanitiser's output: bleach writes every attribute in double quotes.
IMG_SRC = re.compile(r"<img\b[^>]*?\ssrc=\"([^\"]*)\"", re.IGNORECASE)


def stored_names(text):
    """The storage names of the files the ``<img>`` of ``text`` show (media files only)."""
    if not text or "<img" not in text.lower():
        return set()
    media = urlsplit(settings.MEDIA_URL).path
    names = set()
    for src in IMG_SRC.findall(text):
        path = unquote(urlsplit(html.unescape(src)).path)
        if path.startswith(media) and len(path) > len(media):
            names.add(path[len(media) :])
    return names


def image_field_names(model):
    """(foreign keys to the library, HTML-capable text fields) of ``model``, by attname
    (a historical model of a migration as well as the model itself)."""
    keys, texts = [], []
    for field in model._meta.concrete_fields:
        if field.is_relation and field.related_model._meta.label == "images.Image":
            keys.append(field.attname)
        elif isinstance(field, models.TextField):
            texts.append(field.attname)
    return keys, texts


def _uses_of_rows(rows, keys, texts, ids, names):
    for row in rows:
        ids.update(row[key] for key in keys if row[key] is not None)
        for text in texts:
            names |= stored_names(row[text])


def images_by_name(names, image_model=None):
    """{storage name: image id} of the library images whose file or rendition is named so."""
    if not names:
        return {}
    if image_model is None:
        from images.models import Image as image_model
    found = {}
    condition = models.Q(file__in=names) | models.Q(card__in=names) | models.Q(detail__in=names)
    for pk, *files in image_model.objects.filter(condition).values_list("pk", "file", "card", "detail"):
        found.update((name, pk) for name in files if name in names)
    return found


def used_image_ids(piece, inlines=True):
    """The ids of the library images ``piece`` shows, as stored (its inline rows read once;
    ``inlines=False``: its own fields only, for a piece just inserted, which has no rows yet)."""
    keys, texts = image_field_names(type(piece))
    row = {name: getattr(piece, name) for name in (*keys, *texts)}
    ids, names = set(), set()
    _uses_of_rows([row], keys, texts, ids, names)
    if inlines and piece.pk is not None:
        for name in piece.INLINES:
            manager = getattr(piece, name)
            keys, texts = image_field_names(manager.model)
            if keys or texts:
                _uses_of_rows(manager.values(*keys, *texts), keys, texts, ids, names)
    return ids | set(images_by_name(names).values())


def refresh(piece, created=False):
    """Make ``piece``'s ImageUse rows say what it shows now (nothing is written if they do).

    ``created``: the piece was inserted just now, so it has neither rows nor inline rows
    yet: what its own fields show is added, with no query when they show nothing (a new
    piece without pictures, most of an import)."""
    from django.contrib.contenttypes.models import ContentType

    from images.models import ImageUse

    wanted = used_image_ids(piece, inlines=not created)
    if created and not wanted:
        return
    content_type = ContentType.objects.get_for_model(piece, for_concrete_model=True)
    rows = ImageUse.objects.filter(content_type=content_type, object_id=piece.pk)
    stored = set() if created else set(rows.values_list("image_id", flat=True))
    if stored - wanted:
        rows.filter(image_id__in=stored - wanted).delete()
    _add(content_type, piece.pk, wanted - stored)


def add_inline_uses(model, pk, written=None):
    """Add what the inline rows of a piece created just now show (written without signals:
    the importer's bulk INSERT): its own fields' rows are already there, so nothing is read
    but the inline rows' image columns. ``written``: the rows as the caller wrote them
    (``{name: [{field: value}]}``, the revision's snapshot); their image columns are taken
    from there when it has them all (reading a new speech's sections back was a twentieth
    of the importer's writing)."""
    from django.contrib.contenttypes.models import ContentType

    ids, names = set(), set()
    for name in model.INLINES:
        relation = getattr(model, name).rel
        keys, texts = image_field_names(relation.related_model)
        if not (keys or texts):
            continue
        rows = (written or {}).get(name)
        if rows is None or any(column not in row for row in rows for column in (*keys, *texts)):
            rows = relation.related_model._base_manager.filter(**{relation.field.attname: pk})
            rows = rows.values(*keys, *texts)
        _uses_of_rows(rows, keys, texts, ids, names)
    ids |= set(images_by_name(names).values())
    if ids:
        _add(ContentType.objects.get_for_model(model, for_concrete_model=True), pk, ids)


def _add(content_type, pk, image_ids):
    from images.models import ImageUse

    if image_ids:
        # Every id exists: foreign keys hold, and names in bodies were looked up. A row
        # already there (the piece's own head image shown again in a section) is kept.
        ImageUse.objects.bulk_create(
            [ImageUse(image_id=image, content_type=content_type, object_id=pk) for image in image_ids],
            ignore_conflicts=True,
        )


def forget(piece):
    from django.contrib.contenttypes.models import ContentType

    from images.models import ImageUse

    content_type = ContentType.objects.get_for_model(piece, for_concrete_model=True)
    ImageUse.objects.filter(content_type=content_type, object_id=piece.pk).delete()


def fill(apps, batch=2000):
    """Build every piece's rows from what is stored (the data migration; the registry's
    types, read through the migration's historical models)."""
    from editorial.registry import content_types

    Image = apps.get_model("images", "Image")
    ImageUse = apps.get_model("images", "ImageUse")
    ContentType = apps.get_model("contenttypes", "ContentType")
    by_name, valid = {}, set()
    for pk, *files in Image.objects.values_list("pk", "file", "card", "detail").iterator():
        by_name.update((name, pk) for name in files if name)
        valid.add(pk)
    for current in content_types():
        try:
            model = apps.get_model(current._meta.label)
        except LookupError:
            continue  # a type whose tables come later: no piece of it exists yet
        content_type, _created = ContentType.objects.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )
        uses = {}
        sources = [(model, "pk")]
        for name in current.INLINES:
            relation = getattr(current, name).rel
            inline = apps.get_model(relation.related_model._meta.label)
            sources.append((inline, relation.field.attname))
        for source, owner in sources:
            keys, texts = image_field_names(source)
            if not (keys or texts):
                continue
            for row in source.objects.values(owner, *keys, *texts).iterator(chunk_size=batch):
                ids, names = uses.setdefault(row[owner], (set(), set()))
                _uses_of_rows([row], keys, texts, ids, names)
        links = [
            ImageUse(image_id=image, content_type=content_type, object_id=piece)
            for piece, (ids, names) in uses.items()
            for image in ids | {by_name[name] for name in names if name in by_name}
            if image in valid
        ]
        ImageUse.objects.bulk_create(links, batch_size=batch, ignore_conflicts=True)
