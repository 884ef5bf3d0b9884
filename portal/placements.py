"""What each home-page slot (推荐位) shows, and the record of every change to one.

A slot shows, in the editors' order, the pieces placed in it that are live and whose
placement has not expired; what is missing up to the slot's size comes from its rule:
the newest articles (头条, 要闻), the newest with a picture (焦点图), the newest of a
column and its sub-columns (a column's block). A piece appears once on the page: the
slots are filled in reading order (头条 first) and later ones skip what is shown.

The page costs a fixed number of queries whatever the slots hold: the slots, their
placements, one query per content type for the placed pieces, one per slot that needs
its rule (tests/portal/test_front_page.py counts them).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article
from editorial.models import AuditEntry, content_models
from portal.models import Placement, Slot

# What the home page prints of a piece beyond a card: the subtitle under the lead and its
# large rendition (of its library head image, joined in the same query).
FRONT_FIELDS = ("subtitle", "head_image", "head_image__detail")
KIND_ORDER = {Slot.Kind.LEAD: 0, Slot.Kind.FOCUS: 1, Slot.Kind.TOP: 2, Slot.Kind.COLUMN: 3}
AUDIT_CODE = "gongjiang.placement.changed"
# The sizes portal/migrations/0002 gives the fixed slots.
FIXED_SLOTS = {Slot.Kind.LEAD: 1, Slot.Kind.FOCUS: 5, Slot.Kind.TOP: 8}


def content_type_models():
    """{content type id: model} for every content type a slot or 专题 may hold."""
    types = ContentType.objects.get_for_models(*content_models(), for_concrete_models=True)
    return {content_type.pk: model for model, content_type in types.items()}


def front_queryset(model):
    """Live pieces of ``model`` with what a card and the home page print."""
    queryset = model.with_card_relations(
        model.objects.live().order_by("-publish_at", "-pk").select_related("head_image")
    )
    # with_card_relations() names the fields a card loads (.only replaces, never adds):
    # load those and the home page's own.
    fields, deferring = queryset.query.deferred_loading
    return queryset if deferring else queryset.only(*fields, *FRONT_FIELDS)


def live_pieces(keys):
    """{(content type id, pk): live piece} for ``keys``; one query per content type asked."""
    models = content_type_models()
    wanted = {}
    for type_id, pk in keys:
        wanted.setdefault(type_id, set()).add(pk)
    found = {}
    for type_id, pks in wanted.items():
        model = models.get(type_id)
        if model is None:
            continue
        for piece in front_queryset(model).filter(pk__in=pks):
            piece.content_type_id = type_id
            piece.card_kind = model._meta.model_name
            found[(type_id, piece.pk)] = piece
    return found


def rule_queryset(slot):
    """The pieces a slot falls back to, newest first."""
    articles = front_queryset(Article)
    if slot.kind == Slot.Kind.FOCUS:
        return articles.filter(Q(head_image__isnull=False) | ~Q(head_image_url=""))
    if slot.kind == Slot.Kind.COLUMN:
        return articles.filter(Q(column=slot.column_id) | Q(column__parent=slot.column_id))
    return articles


def active_placements(now=None):
    now = now or timezone.now()
    return Placement.objects.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def next_expiry(now):
    """The placements' coming expiries, soonest first (a schedule boundary of the page cache)."""
    return Placement.objects.filter(expires_at__gt=now).order_by("expires_at").values("expires_at")


def front_page(now=None):
    """[(slot, [pieces])] in reading order: 头条, 焦点图, 要闻, then the column blocks.

    What editors placed comes first everywhere; then each slot's rule fills what is left.
    头条, 焦点图 and 要闻 never repeat a piece between them (placed pieces win over a
    rule's); a column block lists its column's newest whatever the slots above hold.
    """
    now = now or timezone.now()
    slots = list(Slot.objects.select_related("column"))
    present = {slot.kind for slot in slots}
    # The fixed slots come with the migration; should one be gone, its rule still fills the page.
    slots += [Slot(kind=kind, size=size) for kind, size in FIXED_SLOTS.items() if kind not in present]
    slots.sort(key=lambda slot: (KIND_ORDER[slot.kind], slot.position, slot.pk or 0))
    saved = [slot.pk for slot in slots if slot.pk]
    placements = list(active_placements(now).filter(slot__in=saved).order_by("slot", "position", "pk"))
    pieces = live_pieces(placement.piece_key for placement in placements)
    article_type = ContentType.objects.get_for_model(Article).pk
    chosen = {id(slot): [] for slot in slots}
    shown = set()  # among 头条, 焦点图, 要闻
    for slot in slots:
        keys = set()
        for placement in placements:
            key = placement.piece_key
            taken = shown if slot.kind != Slot.Kind.COLUMN else keys
            if placement.slot_id == slot.pk and key in pieces and key not in taken:
                if len(chosen[id(slot)]) < slot.size:
                    chosen[id(slot)].append(pieces[key])
                    taken.add(key)
    for slot in slots:
        own = chosen[id(slot)]
        if len(own) >= slot.size:
            continue
        taken = shown if slot.kind != Slot.Kind.COLUMN else {(article_type, piece.pk) for piece in own}
        candidates = list(rule_queryset(slot)[: slot.size + len(taken)])
        for piece in candidates:
            piece.content_type_id = article_type
            piece.card_kind = "article"
            key = (article_type, piece.pk)
            if key not in taken and len(own) < slot.size:
                own.append(piece)
                taken.add(key)
        if not own and slot.kind == Slot.Kind.LEAD and candidates:
            # Everything live is placed below: repeat the newest rather than show no lead.
            own.append(candidates[0])
    return [(slot, chosen[id(slot)]) for slot in slots]


# ---------------------------------------------------------------------------
# Audit
# ---------------------------------------------------------------------------


def describe(placements):
    """One line per placement as editors read it: 1. 《title》 (until …)."""
    models = content_type_models()
    by_type = {}
    for placement in placements:
        by_type.setdefault(placement.content_type_id, []).append(placement.object_id)
    titles = {}
    for type_id, pks in by_type.items():
        model = models.get(type_id)
        if model is not None:
            for pk, title in model._base_manager.filter(pk__in=pks).values_list("pk", "title"):
                titles[(type_id, pk)] = title
    lines = []
    for number, placement in enumerate(placements, start=1):
        title = titles.get(placement.piece_key, _("（已删除的稿件）"))
        line = f"{number}. 《{title}》"
        if placement.expires_at:
            line += _("（%(moment)s 到期）") % {
                "moment": timezone.localtime(placement.expires_at).strftime("%Y-%m-%d %H:%M")
            }
        lines.append(line)
    return "\n".join(lines) or _("（空，按规则补足）")


def snapshot(slot):
    """What a slot holds now, to compare before and after an edit."""
    placements = list(slot.placements.order_by("position", "pk")) if slot.pk else []
    return [(p.content_type_id, p.object_id, p.expires_at) for p in placements], placements


def record_change(slot, user, before, before_placements):
    """Write ``gongjiang.placement.changed`` if the slot's pieces, order or expiry changed."""
    after, after_placements = snapshot(slot)
    if after == before:
        return None
    from editorial.workflow import actor_name

    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Slot),
        object_id=slot.pk,
        code=AUDIT_CODE,
        actor=user if user is not None and user.is_authenticated else None,
        actor_name=actor_name(user),
        object_repr=str(slot)[:200],
        opinion=_("之前：\n%(before)s\n之后：\n%(after)s")
        % {"before": describe(before_placements), "after": describe(after_placements)},
        changed_fields=[],  # the opinion lists the pieces before and after
    )


@transaction.atomic
def arrange(slot, user, pieces):
    """Put ``pieces`` (pieces, or (piece, expires_at) pairs) in ``slot`` in this order, audited.

    The admin's slot form does the same through its inline; this is for the shell and the demo.
    """
    before = snapshot(slot)
    slot.placements.all().delete()
    for position, item in enumerate(pieces):
        piece, expires_at = item if isinstance(item, tuple) else (item, None)
        Placement.objects.create(
            slot=slot,
            content_type=ContentType.objects.get_for_model(piece, for_concrete_model=True),
            object_id=piece.pk,
            position=position,
            expires_at=expires_at,
            created_by=user if user is not None and user.is_authenticated else None,
        )
    return record_change(slot, user, *before)
