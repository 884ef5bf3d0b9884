"""The items of every public list — cards, one-line links, events — built in Python.

A list page prints 20 to 100 of these. As template includes each card evaluated some
25 template nodes (~350 µs), which was most of the time of an uncached list page; built
here with ``format_html`` a card costs a tenth of that, and every value is escaped
exactly as a template would escape it. This module is the one place their markup
lives (styles in static/css/site.css).

Editorial text is always Chinese, whatever the interface language: hence
``lang="zh-Hans"`` on the text of cards and links.
"""

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext as _

register = template.Library()

SUMMARY_CHARS = 120


def date_tag(value):
    """``<time>`` for a date or an aware datetime, printed as the site's short date (Y-m-d)."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
        return format_html('<time datetime="{}">{}</time>', value.isoformat(), value.strftime("%Y-%m-%d"))
    printed = value.isoformat()
    return format_html('<time datetime="{}">{}</time>', printed, printed)


def truncated(text, limit=SUMMARY_CHARS):
    # Most summaries are shorter than the limit; Truncator walks every character.
    return text if len(text) <= limit else Truncator(text).chars(limit)


def _joined(parts):
    return format_html_join(" ", "{}", ((part,) for part in parts))


def _card(kind, piece, meta, image=""):
    kicker = format_html('<p class="card__kicker">{}</p>', piece.kicker) if piece.kicker else ""
    summary = (
        format_html('<p class="card__summary">{}</p>', truncated(piece.summary)) if piece.summary else ""
    )
    return format_html(
        '<article class="card card--{}{}">{}<div class="card__text" lang="zh-Hans">{}'
        '<h3 class="card__title"><a href="{}">{}</a></h3>{}<p class="card__meta">{}</p></div></article>',
        kind,
        " card--with-image" if image else "",
        image,
        kicker,
        piece.get_absolute_url(),
        piece.display_title,
        summary,
        meta,
    )


@register.simple_tag
def article_card(article):
    """An article in a list, as ``Article.objects.for_cards()`` loads it (column, card_bylines)."""
    image_src = article.card_image_src
    image = (
        format_html(
            '<img class="card__image" src="{}" alt="{}" loading="lazy">', image_src, article.head_image_alt
        )
        if image_src
        else ""
    )
    meta = []
    if article.column_id:
        column = article.column
        meta.append(
            format_html('<a class="card__column" href="{}">{}</a>', column.get_absolute_url(), column.name)
        )
    names = [byline.person.name for byline in article.card_bylines]
    if names:
        meta.append(format_html('<span class="card__authors">{}</span>', _("、").join(names)))
    meta.append(date_tag(article.publish_at))
    return _card("article", article, _joined(meta), image)


@register.simple_tag
def speech_card(speech):
    """A speech in a list. Needs ``speaker`` and ``occasion`` (select_related)."""
    meta = []
    if speech.speaker_id:
        meta.append(format_html('<span class="card__authors">{}</span>', speech.speaker.name))
    if speech.occasion_id:
        meta.append(format_html("<span>{}</span>", speech.occasion.name))
    meta.append(date_tag(speech.delivered_on or speech.publish_at))
    return _card("speech", speech, _joined(meta))


@register.simple_tag
def piece_link(piece):
    """An article or speech as one line of a secondary list (related, person and event pages)."""
    return format_html(
        '<li><a href="{}" lang="zh-Hans">{}</a> {}</li>',
        piece.get_absolute_url(),
        piece.display_title,
        date_tag(piece.publish_at),
    )


@register.simple_tag
def event_item(event):
    """An event in a list: name, dates (or 日期待定), place."""
    if event.start_date:
        dates = date_tag(event.start_date)
        if event.end_date and event.end_date != event.start_date:
            dates = format_html("{}{}{}", dates, _("至"), date_tag(event.end_date))
    else:
        dates = _("日期待定")
    place = format_html("· {}", event.place) if event.place else ""
    return format_html(
        '<li class="event-item"><a href="{}">{}</a> <span class="event-item__meta">{} {}</span></li>',
        event.get_absolute_url(),
        event.name,
        dates,
        place,
    )
