"""What a 专题 shows: its sections of chosen pieces, then what its tag brings in.

Chosen pieces show while they are live, in the editors' order, under their section
headings (in the order of each section's first piece). With a tag rule, the newest live
pieces carrying the tag that are not already in a section follow as 最新报道.
A piece's page names the 专题 that include it (topics_for_piece).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _

from editorial import surrogate
from editorial.models import Tag
from portal.models import Topic, TopicItem
from portal.placements import content_type_models, front_queryset, live_pieces

TAG_RULE_PIECES = 20


def topic_sections(topic):
    """[(heading, [pieces])]: the editors' sections, then 最新报道 from the tag rule."""
    # The page lists the topic's items and its tag's pieces (editorial/surrogate.py).
    surrogate.declare(surrogate.members_key_of(topic))
    if topic.tag_id:
        surrogate.declare(surrogate.members_key(Tag, topic.tag_id))
    items = list(topic.items.order_by("position", "pk").only("section", "content_type", "object_id"))
    pieces = live_pieces(item.piece_key for item in items)
    sections = {}
    for item in items:
        if item.piece_key in pieces:
            sections.setdefault(item.section.strip() or _("报道"), []).append(pieces[item.piece_key])
    if topic.tag_id:
        shown = set(pieces)
        found = []
        for type_id, model in content_type_models().items():
            for piece in front_queryset(model).tagged(topic.tag)[: TAG_RULE_PIECES + len(shown)]:
                if (type_id, piece.pk) not in shown:
                    piece.content_type_id = type_id
                    piece.card_kind = model._meta.model_name
                    found.append(piece)
        found.sort(key=lambda piece: (piece.publish_at, piece.pk), reverse=True)
        if found:
            sections.setdefault(_("最新报道"), []).extend(found[:TAG_RULE_PIECES])
    return list(sections.items())


def topic_pieces(topic):
    """Every piece the 专题 shows, newest first (its feed)."""
    pieces = [piece for _heading, section in topic_sections(topic) for piece in section]
    return sorted(pieces, key=lambda piece: (piece.publish_at, piece.pk), reverse=True)


def topics_for_piece(piece):
    """The published 专题 that include ``piece``, chosen or by their tag (one query).

    Reads the piece's tags from its prefetch (detail pages prefetch them).
    """
    content_type = ContentType.objects.get_for_model(piece, for_concrete_model=True)
    chosen = TopicItem.objects.filter(content_type=content_type, object_id=piece.pk).values("topic")
    tag_ids = [tag.pk for tag in piece.tags.all()]
    return list(
        Topic.objects.filter(is_published=True)
        .filter(Q(pk__in=chosen) | Q(tag__in=tag_ids))
        .only("title", "slug")
        .order_by("-created_at", "-pk")
    )
