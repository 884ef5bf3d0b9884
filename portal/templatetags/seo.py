"""Sharing metadata: canonical URL, description, OpenGraph, Twitter card, JSON-LD.

All URLs are absolute and built from settings.SITE_URL (never the Host header),
so a preview card always points at the real site.
"""

import json
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from editorial.models import EditorialContent, Tag

register = template.Library()

DESCRIPTION_CHARS = 150


def absolute(url):
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return "https:" + url
    return settings.SITE_URL + url


def _description(obj):
    if isinstance(obj, EditorialContent):
        text = obj.summary or obj.default_summary()
    elif isinstance(obj, Tag):
        text = _("标签“%(tag)s”下的文章和讲话") % {"tag": obj.name}
    else:
        parts = [getattr(obj, name, "") for name in ("bio", "description", "honours", "place")]
        text = next((part for part in parts if part), "")
    return Truncator(" ".join(str(text).split())).chars(DESCRIPTION_CHARS)


def _image(obj):
    if isinstance(obj, EditorialContent):
        return absolute(obj.head_image_src), obj.head_image_text or obj.title
    photo = getattr(obj, "photo", None)  # a person's library image
    if photo is not None and photo.detail:
        return absolute(photo.detail.url), photo.alt or str(obj)
    return "", ""


def default_image():
    """The site's own card image, for pages without one (settings.SHARE_IMAGE)."""
    image = settings.SHARE_IMAGE
    return absolute(image if image.startswith(("http://", "https://", "/")) else static(image))


def _json_ld(obj, canonical, description, image):
    """schema.org NewsArticle for articles and speeches."""
    authors = []
    if hasattr(obj, "bylines"):
        # Detail views prefetch bylines with their people; reuse that, do not query again.
        authors = [byline.person.name for byline in obj.bylines.all()]
    if getattr(obj, "speaker", None):
        authors.append(obj.speaker.name)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": Truncator(obj.title).chars(110),
        "description": description,
        "url": canonical,
        "mainEntityOfPage": canonical,
        "inLanguage": "zh-Hans",
        "datePublished": obj.publish_at.isoformat() if obj.publish_at else None,
        "dateModified": obj.updated_at.isoformat() if obj.updated_at else None,
        "author": [{"@type": "Person", "name": name} for name in authors],
        "publisher": {
            "@type": "Organization",
            "name": settings.SITE_NAME,
            "url": settings.SITE_URL + "/",
            "logo": {"@type": "ImageObject", "url": default_image()},
        },
        "keywords": [tag.name for tag in obj.tags.all()],
    }
    if image:
        data["image"] = [image]
    column = getattr(obj, "column", None)
    if column is not None:
        data["articleSection"] = column.name
    dumped = json.dumps(
        {key: value for key, value in data.items() if value not in (None, [])}, ensure_ascii=False
    )
    # Same escaping as Django's json_script (<, >, & become \u003C…), which cannot
    # be used here only because it hard-codes type="application/json".
    return mark_safe(dumped.translate(_json_script_escapes))  # noqa: S308


def _feed(obj):
    """The RSS feed a reader of this page would subscribe to (tags, columns, people)."""
    names = {"Tag": "feeds:tag", "Column": "feeds:column", "Person": "feeds:person"}
    name = names.get(type(obj).__name__)
    return absolute(reverse(name, kwargs={"slug": obj.slug})) if name else ""


@register.simple_tag(takes_context=True)
def page_meta(context, obj=None, title=""):
    """Everything includes/meta.html prints, for ``obj`` or for the current page."""
    request = context.get("request")
    if obj is not None and hasattr(obj, "get_absolute_url"):
        canonical = absolute(obj.get_absolute_url())
    else:
        canonical = absolute(request.path if request else "/")
    # Page 2 of a list is its own page, not a copy of page 1, and so is a list a view
    # filters by its query string (``canonical_params``, e.g. ?tag=); other parameters are
    # noise. The page number is the one the paginator served, never the raw parameter.
    params = dict(context.get("canonical_params") or {})
    page_obj = context.get("page_obj")
    if page_obj is not None and page_obj.number > 1:
        params["page"] = page_obj.number
    if params:
        canonical += f"?{urlencode(params)}"
    description = _description(obj) if obj is not None else ""
    image, image_alt = _image(obj) if obj is not None else ("", "")
    # A page's own picture gets the large card; otherwise the site's image, small.
    card = "summary_large_image" if image else "summary"
    is_piece = isinstance(obj, EditorialContent)
    meta = {
        "title": title
        or (getattr(obj, "title", None) or str(obj) if obj is not None else settings.SITE_NAME),
        "description": description,
        "canonical": canonical,
        "image": image or default_image(),
        "image_alt": image_alt or settings.SITE_NAME,
        "card": card,
        "type": "article" if is_piece else ("profile" if obj.__class__.__name__ == "Person" else "website"),
        "site_name": settings.SITE_NAME,
        "piece": obj if is_piece else None,
        "tags": [tag.name for tag in obj.tags.all()] if is_piece else [],
        "json_ld": _json_ld(obj, canonical, description, image) if is_piece else "",
        "feed": _feed(obj),
    }
    return meta
