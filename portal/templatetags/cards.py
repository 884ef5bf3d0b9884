"""The items of every public list — cards, one-line links, events, name links — built in Python.

A list page prints 20 to 100 of these. As template includes each card evaluated some
25 template nodes (~350 µs), which was most of the time of an uncached list page. Here
each is one f-string in which every value from the database goes through ``_e``, the
HTML escaping Django's own ``escape`` does (``html.escape``, quotes included), called
directly because ``format_html`` spends more on its lazy-string checks than on the
escaping. Only the finished item is marked safe. This module is the one place their
markup lives (styles in static/css/site.css); tests/speed/test_listing.py feeds it
hostile values.

Editorial text is always Chinese, whatever the interface language: hence
``lang="zh-Hans"`` on the text of cards and links.
"""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from editorial.cards import date_tag
from editorial.cards import e as _e
from editorial.text import truncated

register = template.Library()

SUMMARY_CHARS = 120


def _card(kind, piece, meta, image=""):
    kicker = f'<p class="card__kicker">{_e(piece.kicker)}</p>' if piece.kicker else ""
    summary = piece.summary and f'<p class="card__summary">{_e(truncated(piece.summary, SUMMARY_CHARS))}</p>'
    with_image = " card--with-image" if image else ""
    return mark_safe(  # noqa: S308 - every value above and in meta/image went through _e()
        f'<article class="card card--{kind}{with_image}">{image}<div class="card__text" lang="zh-Hans">'
        f'{kicker}<h3 class="card__title"><a href="{_e(piece.get_absolute_url())}">'
        f"{_e(piece.display_title)}</a></h3>{summary}"
        f'<p class="card__meta">{" ".join(meta)}</p></div></article>'
    )


@register.simple_tag
def piece_card(piece):
    """A piece of any type in a list, as ``for_cards()`` loads it; its type writes the meta line."""
    image_src = piece.card_image_src
    image = (
        f'<img class="card__image" src="{_e(image_src)}" alt="{_e(piece.card_image_alt)}" loading="lazy">'
        if image_src and piece.CARD_IMAGE
        else ""
    )
    return _card(piece.kind(), piece, piece.card_meta(), image)


def piece_link(piece, tz=None):
    """A piece as one line of a secondary list (related, person and event pages)."""
    return mark_safe(  # noqa: S308 - values escaped by _e()
        f'<li><a href="{_e(piece.get_absolute_url())}" lang="zh-Hans">{_e(piece.display_title)}</a> '
        f"{date_tag(piece.publish_at, tz)}</li>"
    )


@register.simple_tag
def piece_links(*lists):
    """The pieces of each list in turn as piece_link lines: one tag for a whole list.

    A ``{% for %}`` around one tag per piece cost some 95 Python calls a line
    (the loop, the tag's argument and output handling, the time zone looked up again).
    """
    tz = timezone.get_current_timezone()
    return mark_safe("".join(piece_link(piece, tz) for pieces in lists for piece in pieces))  # noqa: S308


@register.simple_tag
def name_links(objects):
    """Tags, people or events as ``<li>`` links by name: a piece's relations, an event's tags."""
    return mark_safe(  # noqa: S308 - values escaped by _e()
        "".join(f'<li><a href="{_e(obj.get_absolute_url())}">{_e(obj.name)}</a></li>' for obj in objects)
    )


@register.simple_tag
def piece_relations(piece):
    """A piece's tags, people and events (prefetched by its view) under the piece: a ``<dl>``.

    Article, speech and gallery pages. As an include holding another include
    (tag_links.html) it cost some 800 Python calls a page; here about 150.
    """
    tags, people, events = piece.tags.all(), piece.people.all(), piece.events.all()
    if not (tags or people or events):
        return ""
    tags_label = _("标签")
    lists = [
        (tags_label, f'class="tag-links" aria-label="{_e(tags_label)}"', tags),
        (_("相关人物"), 'class="inline-list"', people),
        (_("相关活动"), 'class="inline-list"', events),
    ]
    items = "".join(
        f"<dt>{_e(label)}</dt><dd><ul {attributes}>{name_links(objects)}</ul></dd>"
        for label, attributes, objects in lists
        if objects
    )
    return mark_safe(f'<dl class="relations">{items}</dl>')  # noqa: S308 - values escaped by _e()


@register.simple_tag
def event_item(event):
    """An event in a list: name, dates (or 日期待定), place."""
    if event.start_date:
        dates = date_tag(event.start_date)
        if event.end_date and event.end_date != event.start_date:
            dates += _e(_("至")) + date_tag(event.end_date)
    else:
        dates = _e(_("日期待定"))
    place = f"· {_e(event.place)}" if event.place else ""
    return mark_safe(  # noqa: S308 - values escaped by _e()
        f'<li class="event-item" lang="zh-Hans">'
        f'<a href="{_e(event.get_absolute_url())}">{_e(event.name)}</a> '
        f'<span class="event-item__meta">{dates} {place}</span></li>'
    )


@register.simple_tag
def search_results(entries):
    """The results page's entries (search.views.results: ``highlighted_title`` and ``snippet``
    already escaped and marked) as ``<li>`` items: kind, title, date of a piece, snippet.

    As a ``{% for %}`` with filters it cost some 570 Python calls a result.
    """
    from search.models import kinds

    tz = timezone.get_current_timezone()
    labels = {name: _e(kind.label) for name, kind in kinds().items()}
    items = []
    for entry in entries:
        date = date_tag(entry.publish_at, tz) if kinds()[entry.kind].is_piece else ""
        items.append(
            f'<li class="search-result search-result--{_e(entry.kind)}">'
            f'<span class="search-result__kind">{labels[entry.kind]}</span>'
            f'<h2 class="search-result__title"><a href="{_e(entry.get_absolute_url())}">'
            f"{entry.highlighted_title}</a></h2>{date}"
            f'<p class="search-result__snippet">{entry.snippet}</p></li>'
        )
    return mark_safe("".join(items))  # noqa: S308 - values escaped by _e(); title and snippet by search.query
