"""Sharing metadata: canonical URL, description, OpenGraph, Twitter card, JSON-LD.

All URLs are absolute and built from settings.SITE_URL (never the Host header),
so a preview card always points at the real site.
"""

import functools
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from editorial.cards import e as _e
from editorial.models import EditorialContent, Tag
from editorial.registry import content_types
from editorial.slugs import slug_url
from editorial.text import truncated
from portal import structured_data as ld

register = template.Library()

DESCRIPTION_CHARS = 150


# Pages about no object: (title, description) by URL name. The home page's title is the site's.
PAGES = {
    "portal:home": (
        None,
        gettext_lazy("%(site)s：劳动者的新闻与理论。劳模工匠的故事、工运理论文章和重要讲话。"),
    ),
    "people:list": (gettext_lazy("人物"), gettext_lazy("在%(site)s署名、发表讲话或被报道的人物。")),
    "events:list": (gettext_lazy("活动"), gettext_lazy("%(site)s报道的会议、仪式和座谈会，即将举行的在前。")),
    "portal:tag_list": (gettext_lazy("标签"), gettext_lazy("%(site)s的全部标签，按主题查找文章和讲话。")),
    "portal:topic_list": (gettext_lazy("专题"), gettext_lazy("%(site)s的专题报道。")),
    "portal:corrections": (gettext_lazy("更正"), gettext_lazy("%(site)s对已发布内容所作的更正。")),
    "search:results": (gettext_lazy("搜索"), gettext_lazy("在%(site)s的文章和讲话中搜索。")),
}


@functools.cache
def pages():
    """PAGES and each content type's list page (its LIST_DESCRIPTION), from the registry."""
    lists = {
        model.url_name("list"): (model._meta.verbose_name_plural, model.LIST_DESCRIPTION)
        for model in content_types()
    }
    return {**PAGES, **lists}


def absolute(url):
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return "https:" + url
    return settings.SITE_URL + url


def shareable_image(url):
    """An image URL a preview card may load: never plain http (mixed content, a third party's
    server in the clear); such a picture gives way to the site's own image."""
    url = absolute(url)
    return "" if url.startswith("http://") and not url.startswith(settings.SITE_URL) else url


def _text(text):
    return truncated(" ".join(str(text).split()), DESCRIPTION_CHARS)


def _description(obj):
    """A sentence about ``obj``: its own text when it has one, else one made from its name."""
    site = settings.SITE_NAME
    kind = type(obj).__name__
    if isinstance(obj, EditorialContent):
        text = obj.summary or obj.default_summary() or obj.title
    elif isinstance(obj, Tag):
        text = _("标签“%(tag)s”下的文章和讲话") % {"tag": obj.name}
    elif kind == "Column":
        text = obj.description or _("%(site)s“%(column)s”栏目的文章") % {"site": site, "column": obj.name}
    elif kind == "Topic":
        text = obj.introduction or _("%(site)s专题：%(topic)s") % {"site": site, "topic": obj.title}
    elif kind == "Person":
        text = (
            obj.bio
            or obj.honours
            or obj.positions
            or _("%(person)s在%(site)s的文章、讲话和报道")
            % {
                "person": obj.name,
                "site": site,
            }
        )
    elif kind == "Event":
        text = obj.description or "，".join(
            filter(None, [obj.name, obj.start_date.isoformat() if obj.start_date else "", obj.place])
        )
    else:
        text = str(obj)
    return _text(text)


def _image(obj):
    if isinstance(obj, EditorialContent):
        return shareable_image(obj.head_image_src), obj.head_image_text or obj.title
    photo = getattr(obj, "photo", None)  # a person's library image
    if photo is not None and photo.detail:
        return shareable_image(photo.detail.url), photo.alt or str(obj)
    return "", ""


def _json_ld(obj, page, canonical, description, image, site_image):
    """The page's schema.org nodes, each a JSON string for its own script element."""
    nodes = []
    kind = type(obj).__name__
    if isinstance(obj, EditorialContent):
        nodes.append(ld.news_article(obj, canonical, description, image or site_image, site_image))
    elif kind == "Person":
        nodes.append(ld.profile_page(obj, canonical, description, image))
    elif kind == "Event":
        nodes.append(ld.event(obj, canonical, description, image or site_image))
    elif obj is not None:
        nodes.append(
            {
                "@type": "CollectionPage",
                "name": str(getattr(obj, "title", None) or obj.name),
                "url": canonical,
                "description": description,
                "inLanguage": "zh-Hans",
            }
        )
    elif page == "portal:home":
        nodes.append(ld.website())
    else:
        kind = "SearchResultsPage" if page == "search:results" else "CollectionPage"
        name = pages().get(page, (None,))[0] or settings.SITE_NAME
        nodes.append(
            {
                "@type": kind,
                "name": str(name),
                "url": canonical,
                "description": description,
                "inLanguage": "zh-Hans",
            }
        )
    trail = ld.trail_of(obj, absolute) if obj is not None else []
    if len(trail) > 1:
        nodes.append(ld.breadcrumb_list(trail))
    return [ld.dump(node) for node in nodes]


def default_image():
    """The site's own card image, for pages without one (settings.SHARE_IMAGE)."""
    image = settings.SHARE_IMAGE
    return absolute(image if image.startswith(("http://", "https://", "/")) else static(image))


def _feed(obj):
    """The RSS feed a reader of this page would subscribe to (tags, columns, people)."""
    names = {"Tag": "feeds:tag", "Column": "feeds:column", "Person": "feeds:person"}
    name = names.get(type(obj).__name__)
    return absolute(slug_url(name, obj.slug)) if name else ""


def page_meta(context, obj=None, title=""):
    """Everything meta_tags prints, for ``obj`` or for the current page."""
    request = context.get("request")
    if not hasattr(obj, "get_absolute_url"):
        obj = None  # a list page's context has no "object": the template engine gives ""
    match = getattr(request, "resolver_match", None)
    page = match.view_name if match is not None and match.view_name in pages() else None
    if obj is not None:
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
    if obj is not None:
        description = _description(obj)
        title = title or str(getattr(obj, "title", None) or obj)
    else:
        page_title, page_description = pages().get(page, (None, PAGES["portal:home"][1]))
        description = str(page_description) % {"site": settings.SITE_NAME}
        title = title or (f"{page_title} · {settings.SITE_NAME}" if page_title else settings.SITE_NAME)
    image, image_alt = _image(obj) if obj is not None else ("", "")
    # A page's own picture gets the large card; otherwise the site's image, small.
    card = "summary_large_image" if image else "summary"
    site_image = default_image()
    is_piece = isinstance(obj, EditorialContent)
    meta = {
        "title": title,
        "description": description,
        "canonical": canonical,
        "image": image or site_image,
        "image_alt": image_alt or settings.SITE_NAME,
        "card": card,
        "type": "article" if is_piece else ("profile" if obj.__class__.__name__ == "Person" else "website"),
        "site_name": settings.SITE_NAME,
        "piece": obj if is_piece else None,
        "tags": [tag.name for tag in obj.tags.all()] if is_piece else [],
        "json_ld": _json_ld(obj, page, canonical, description, image, site_image),
        "feed": _feed(obj),
    }
    return meta


@register.simple_tag(takes_context=True)
def meta_tags(context, obj=None, title=""):
    """base.html's head: page_meta() as the link, meta and JSON-LD elements.

    Built in Python as the cards are (portal/templatetags/cards.py): as template markup
    its two dozen variables, conditions and two date filters cost some 1,100 Python calls
    on every page, here about 100. Every value goes through ``_e`` (Django's escaping);
    the JSON-LD nodes are escaped for their script element (structured_data.dump).
    """
    meta = page_meta(context, obj, title)
    canonical, title, description = _e(meta["canonical"]), _e(meta["title"]), _e(meta["description"])
    lines = [f'<link rel="canonical" href="{canonical}">']
    if description:
        lines.append(f'<meta name="description" content="{description}">')
    lines += [
        f'<meta property="og:site_name" content="{_e(meta["site_name"])}">',
        '<meta property="og:locale" content="zh_CN">',
        f'<meta property="og:type" content="{_e(meta["type"])}">',
        f'<meta property="og:title" content="{title}">',
        f'<meta property="og:url" content="{canonical}">',
    ]
    if description:
        lines.append(f'<meta property="og:description" content="{description}">')
    if meta["image"]:
        lines.append(f'<meta property="og:image" content="{_e(meta["image"])}">')
        lines.append(f'<meta property="og:image:alt" content="{_e(meta["image_alt"])}">')
    piece = meta["piece"]
    if piece:
        if piece.publish_at:
            published = timezone.localtime(piece.publish_at).isoformat()
            lines.append(f'<meta property="article:published_time" content="{published}">')
        modified = timezone.localtime(piece.updated_at).isoformat()
        lines.append(f'<meta property="article:modified_time" content="{modified}">')
        lines += [f'<meta property="article:tag" content="{_e(tag)}">' for tag in meta["tags"]]
    lines += [
        f'<meta name="twitter:card" content="{_e(meta["card"])}">',
        f'<meta name="twitter:title" content="{title}">',
    ]
    if description:
        lines.append(f'<meta name="twitter:description" content="{description}">')
    if meta["image"]:
        lines.append(f'<meta name="twitter:image" content="{_e(meta["image"])}">')
    if meta["feed"]:
        feed = _e(meta["feed"])
        lines.append(f'<link rel="alternate" type="application/rss+xml" title="{title}" href="{feed}">')
    lines += [f'<script type="application/ld+json">{node}</script>' for node in meta["json_ld"]]
    # Indented as the head that includes it.
    return mark_safe("\n    ".join(lines) + "\n")  # noqa: S308 - values escaped by _e(), JSON-LD by dump()
