"""Where a library image is used, and the rule that keeps live pieces whole.

Bodies refer to an image by its file's address (the chooser inserts the detail
rendition, whose name shares the original's generated stem), head images and
person photos by foreign key. Each content type says which of its rows use an
image (``EditorialContent.using_image``), so this module names no type.
"""

from pathlib import PurePosixPath

from django.db.models import ProtectedError
from django.utils.translation import gettext as _


def file_stem(name):
    """The generated stem every file of one image shares ("3f2a…" of "3f2a…-detail.jpg")."""
    return PurePosixPath(name or "").stem.split("-")[0]


def pieces_using(image):
    """[(piece, is_live)] for every piece whose body or head image uses ``image``.

    One query per content type, whatever the number of pieces.
    """
    from editorial.models import content_models

    found = []
    for model in content_models():
        rows = (
            model._base_manager.filter(model.using_image(image))
            .distinct()
            .only("title", "status", "publish_at", "expire_at")
            .order_by("-pk")
        )
        found.extend((row, row.is_live()) for row in rows)
    return found


def people_using(image):
    from people.models import Person

    return list(Person.objects.filter(photo=image).only("name", "slug"))


class ImageInUse(ProtectedError):
    """An image a live piece shows cannot be deleted: readers would get a broken page."""

    def __init__(self, image, pieces):
        self.image = image
        self.pieces = pieces
        names = "、".join(f"《{piece.title}》" for piece in pieces)
        super().__init__(
            _("图片“%(title)s”正被已公开的稿件使用，不能删除：%(pieces)s。请先在这些稿件中换下它。")
            % {"title": image.title, "pieces": names},
            set(pieces),
        )


def live_pieces_using(image):
    return [piece for piece, live in pieces_using(image) if live]


def refuse_if_live(image):
    pieces = live_pieces_using(image)
    if pieces:
        raise ImageInUse(image, pieces)
