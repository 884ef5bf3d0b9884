"""Galleries for the tests: library pictures in order, published by default."""

import itertools

from galleries.models import Gallery, GalleryImage
from tests.factories import _live_defaults
from tests.images.helpers import image_bytes, make_image, upload

_counter = itertools.count(1)
COLOURS = [(180, 60, 40), (40, 120, 180), (60, 150, 80), (200, 160, 40)]


def library_pictures(count, **kwargs):
    return [
        make_image(
            file=upload(f"p{n}.jpg", image_bytes(size=(800, 500), color=COLOURS[n % len(COLOURS)])),
            title=f"车间第{n + 1}张",
            alt=f"车间里的第{n + 1}个场景",
            caption=f"图片库说明{n + 1}",
            photographer="王摄",
            source="工人日报",
            **kwargs,
        )
        for n in range(count)
    ]


def make_gallery(pictures=(), captions=None, tags=(), **kwargs):
    n = next(_counter)
    kwargs.setdefault("title", f"车间里的一天第{n}组")
    kwargs.setdefault("summary", f"第{n}组图片：一个车间从早到晚。")
    gallery = Gallery.objects.create(**_live_defaults(kwargs))
    for order, image in enumerate(pictures):
        caption = captions[order] if captions else ""
        GalleryImage.objects.create(gallery=gallery, image=image, order=order, caption=caption)
    if tags:
        gallery.tags.add(*tags)
    return gallery
