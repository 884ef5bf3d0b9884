"""Where a library image is used, and the rule that keeps live pieces whole.

Pieces are found through images.ImageUse (head images, figures in bodies and inline
rows, gallery pictures; kept true by images.links), person photos by foreign key.
"""

from django.db.models import ProtectedError
from django.utils.translation import gettext as _


def pieces_using(image):
    """[(piece, is_live)] for every piece that shows ``image``, newest first per type.

    One query per content type, each reading the link table's index, whatever the
    number of pieces.
    """
    from django.contrib.contenttypes.models import ContentType

    from editorial.models import content_models
    from images.models import ImageUse

    found = []
    for model in content_models():
        uses = ImageUse.objects.filter(image=image, content_type=ContentType.objects.get_for_model(model))
        rows = (
            model._base_manager.filter(pk__in=uses.values("object_id"))
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
