"""A speech's contents list and sections, built in Python (templates/speeches/speech_detail.html).

A speech has a handful to a few dozen sections, each printed twice (a line of the
contents list, then its heading and text). As template loops each section cost some
340 Python calls; here about 40. Headings and numbers go through ``_e`` as the cards'
values do; a section's body is editorial.sanitize.sanitize() output (run on every save),
printed unescaped like the speech's own body.
"""

from django import template
from django.utils.safestring import mark_safe

from editorial.cards import e as _e
from images.templatetags.library_images import responsive_images

register = template.Library()


@register.simple_tag
def contents_lines(sections):
    """The contents list: each section's number and heading, linked to it."""
    return mark_safe(  # noqa: S308 - values escaped by _e()
        "".join(f'<li><a href="#{s.anchor}">{_e(s.number)}{_e(s.heading)}</a></li>' for s in sections)
    )


@register.simple_tag
def speech_sections(sections):
    """Each section as ``<section>``: its heading (the contents list's target) and its text."""
    return mark_safe(  # noqa: S308 - values escaped by _e(), bodies sanitised on save
        "".join(
            f'<section class="speech__section" aria-labelledby="{s.anchor}">'
            f'<h2 id="{s.anchor}">{_e(s.number)}{_e(s.heading)}</h2>{responsive_images(s.body)}</section>'
            for s in sections
        )
    )
