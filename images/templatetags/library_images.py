"""Library images on public pages: renditions with srcset/sizes, width and height, lazy loading.

``picture`` prints a library Image; ``responsive_images`` adds the same to the figures of
a body. Bodies are sanitiser output (editorial.sanitize); this only adds attributes it
computes and escapes itself, so what it returns stays safe to print.
"""

import re

from django import template
from django.conf import settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from editorial.images import RENDITION_WIDTHS
from images.models import scaled

register = template.Library()

# The column a body or head image fills on a piece page (static/css/site.css: .piece).
BODY_SIZES = "(max-width: 760px) 100vw, 720px"

_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r'\s([a-z-]+)="([^"]*)"', re.IGNORECASE)


def _srcset(detail_url, card_url, width, height):
    card_width, _ = scaled(width, height, RENDITION_WIDTHS["card"])
    if not width or card_width >= width:
        return ""
    return f"{card_url} {card_width}w, {detail_url} {width}w"


@register.simple_tag
def picture(image, sizes=BODY_SIZES, css_class="", alt=None):
    """An <img> of a library image's detail rendition, its card rendition in srcset."""
    if image is None or not image.detail:
        return ""
    width, height = image.rendition_size("detail")
    srcset = _srcset(image.detail.url, image.card.url, width, height) if image.card else ""
    return format_html(
        '<img{}{} src="{}" width="{}" height="{}" alt="{}" loading="lazy" decoding="async">',
        format_html(' class="{}"', css_class) if css_class else "",
        format_html(' srcset="{}" sizes="{}"', srcset, sizes) if srcset else "",
        image.detail.url,
        width,
        height,
        image.alt if alt is None else alt,
    )


def _library_rendition(src):
    """The card address for a body image whose src is a library detail rendition, else None."""
    prefix = settings.MEDIA_URL + "images/"
    match = re.fullmatch(re.escape(prefix) + r"([\w/]+/[0-9a-f]{32})-detail\.(jpg|png)", src)
    if match is None:
        return None
    return f"{prefix}{match.group(1)}-card.{match.group(2)}"


def _enrich(match):
    attributes = {name.lower(): value for name, value in _ATTR.findall(match.group(1))}
    extra = ' loading="lazy" decoding="async"'
    card = _library_rendition(attributes.get("src", ""))
    width, height = attributes.get("width", ""), attributes.get("height", "")
    if card and width.isdigit() and height.isdigit():
        srcset = _srcset(attributes["src"], card, int(width), int(height))
        if srcset:
            extra += f' srcset="{escape(srcset)}" sizes="{BODY_SIZES}"'
    return f"<img{match.group(1)}{extra}>"


@register.filter
def responsive_images(body):
    """A sanitised body with lazy images, and renditions for the library's (no query)."""
    return mark_safe(_IMG.sub(_enrich, body or ""))  # noqa: S308 - sanitised body, attributes escaped here
