"""The items of every public list — cards, one-line links, events — built in Python.

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

from html import escape

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

SUMMARY_CHARS = 120


def _e(value):
    return escape(str(value))


def date_tag(value):
    """``<time>`` for a date or an aware datetime, printed as the site's short date (Y-m-d)."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
        return f'<time datetime="{value.isoformat()}">{value:%Y-%m-%d}</time>'
    return f'<time datetime="{value.isoformat()}">{value.isoformat()}</time>'


def truncated(text, limit=SUMMARY_CHARS):
    # Most summaries are shorter than the limit; Truncator walks every character.
    return text if len(text) <= limit else Truncator(text).chars(limit)


def _card(kind, piece, meta, image=""):
    kicker = f'<p class="card__kicker">{_e(piece.kicker)}</p>' if piece.kicker else ""
    summary = f'<p class="card__summary">{_e(truncated(piece.summary))}</p>' if piece.summary else ""
    with_image = " card--with-image" if image else ""
    return mark_safe(  # noqa: S308 - every value above and in meta/image went through _e()
        f'<article class="card card--{kind}{with_image}">{image}<div class="card__text" lang="zh-Hans">'
        f'{kicker}<h3 class="card__title"><a href="{_e(piece.get_absolute_url())}">'
        f"{_e(piece.display_title)}</a></h3>{summary}"
        f'<p class="card__meta">{" ".join(meta)}</p></div></article>'
    )


@register.simple_tag
def article_card(article):
    """An article in a list, as ``Article.objects.for_cards()`` loads it (column, byline_names)."""
    image_src = article.card_image_src
    image = (
        f'<img class="card__image" src="{_e(image_src)}" alt="{_e(article.head_image_text)}" loading="lazy">'
        if image_src
        else ""
    )
    meta = []
    if article.column_id:
        column = article.column
        meta.append(f'<a class="card__column" href="{_e(column.get_absolute_url())}">{_e(column.name)}</a>')
    names = article.byline_name_list
    if names:
        meta.append(f'<span class="card__authors">{_e(_("、").join(names))}</span>')
    meta.append(date_tag(article.publish_at))
    return _card("article", article, meta, image)


@register.simple_tag
def speech_card(speech):
    """A speech in a list. Needs ``speaker`` and ``occasion`` (select_related)."""
    meta = []
    if speech.speaker_id:
        meta.append(f'<span class="card__authors">{_e(speech.speaker.name)}</span>')
    if speech.occasion_id:
        meta.append(f"<span>{_e(speech.occasion.name)}</span>")
    meta.append(date_tag(speech.delivered_on or speech.publish_at))
    return _card("speech", speech, meta)


@register.simple_tag
def piece_link(piece):
    """An article or speech as one line of a secondary list (related, person and event pages)."""
    return mark_safe(  # noqa: S308 - values escaped by _e()
        f'<li><a href="{_e(piece.get_absolute_url())}" lang="zh-Hans">{_e(piece.display_title)}</a> '
        f"{date_tag(piece.publish_at)}</li>"
    )


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
