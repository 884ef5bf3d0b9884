"""Moving images uploaded on a piece or a person (before the library) into the library.

Used by the data migrations of articles, speeches and people. The files were already
re-encoded with their renditions when uploaded, so they are kept as they are: each
becomes one library Image (same files) and the piece or person points at it.
"""

from PIL import Image as PILImage


def _size(storage, name):
    try:
        with storage.open(name, "rb") as stored, PILImage.open(stored) as image:
            return image.size
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return 0, 0


def move_into_library(apps, app_label, model_name, fields, target, describe):
    """For every row of app_label.model_name with a file in ``fields[0]``, make a library
    Image of (file, card, detail) = ``fields`` and set the FK ``target`` to it.

    ``describe(row)`` gives (title, alt, uploader id) for the new Image.
    """
    Image = apps.get_model("images", "Image")
    Model = apps.get_model(app_label, model_name)
    file_field, card_field, detail_field = fields
    for row in Model._base_manager.exclude(**{file_field: ""}).exclude(**{f"{file_field}__isnull": True}):
        original = getattr(row, file_field)
        width, height = _size(original.storage, original.name)
        title, alt, uploader_id = describe(row)
        image = Image.objects.create(
            file=original.name,
            card=getattr(row, card_field).name or "",
            detail=getattr(row, detail_field).name or original.name,
            width=width,
            height=height,
            title=title[:200],
            alt=alt[:200],
            uploaded_by_id=uploader_id,
        )
        Model._base_manager.filter(pk=row.pk).update(**{target: image.pk})


def piece_description(row):
    alt = row.head_image_alt or row.title
    return row.title, alt, row.created_by_id


def person_description(row):
    return row.name, row.name, None
