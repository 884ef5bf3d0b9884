"""The home page's picture of a piece: one place for its markup (templates/includes/piece_picture.html).

A piece without a picture, or whose picture cannot be loaded (a remote address that is
down, a reader offline), shows a designed card in its place: the site's mark and the
piece's column or kicker, never a broken-image box or a blank gap (static/js/site.js
swaps a failed picture for the card).
"""

from django import template
from django.template.loader import render_to_string

register = template.Library()


def picture_src(piece, variant):
    if variant == "lead":
        return piece.head_image_src  # the library image's large rendition, else the remote URL
    return piece.card_image_src


@register.filter
def has_picture(piece):
    """Whether ``piece`` names a picture (a text-only lead prints no card in its place)."""
    return bool(picture_src(piece, "lead"))


def picture_label(piece):
    return piece.section_name() or piece.kicker


@register.inclusion_tag("includes/piece_picture.html", takes_context=True)
def piece_picture(context, piece, variant="card"):
    """``<figure>`` with the piece's picture (``variant``: lead, focus or card) or the designed card."""
    return {
        "piece": piece,
        "variant": variant,
        "src": picture_src(piece, variant),
        "label": picture_label(piece),
        "eager": variant == "lead",
        "SITE_NAME": context.get("SITE_NAME", ""),
    }


@register.simple_tag
def piece_notes(piece):
    """Under a piece: its corrections with their dates, and the 专题 that include it.

    Most pieces have neither: they print nothing and render no template (as an inclusion
    tag the empty include cost some 0.25 ms, 2 % of an article page's CPU).
    """
    from editorial.cache import fresh_memo
    from editorial.corrections import corrections_for
    from portal.topics import topics_for_piece

    def compute():
        corrections = corrections_for(piece) if piece.first_published_at else []
        return {"corrections": corrections, "topics": topics_for_piece(piece)}

    # Kept like a cached page (renewed by any save): a piece's page stays within its query budget.
    notes = fresh_memo(f"portal:piece-notes:{piece._meta.label_lower}:{piece.pk}", compute)
    if not (notes["corrections"] or notes["topics"]):
        return ""
    return render_to_string("includes/piece_notes.html", notes)
