"""Cross-cutting public pages: home, tags, the language switch."""

from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView, TemplateView
from django.views.i18n import set_language as django_set_language

from editorial import surrogate
from editorial.cache import fresh_memo
from editorial.models import Correction, Tag
from editorial.prepared import PreparedQuery
from editorial.registry import main_flow, other_types
from editorial.tagcounts import live_tag_counts, tag_carriers
from editorial.views import PublicListMixin, TaggedPieces, announced_tag_or_404
from events.models import Event
from events.views import past_events, upcoming_events
from portal.context_processors import site_url
from portal.models import Placement, Slot, Topic
from portal.placements import front_page, live_pieces
from portal.topics import topic_sections

HOME_TOPICS = 5
HOME_BLOCK = 5
HOME_EVENTS = 5
HOME_TAGS = 20
TAG_PAGE_BLOCK = 5
TAG_PAGE_EVENTS = 50


def tags_with_live_counts(order):
    """Tags carried by something live, each with ``count``, sorted by ``order`` (a key function)."""
    counts = live_tag_counts()
    tags = list(Tag.objects.filter(pk__in=list(counts)).only("name", "slug"))
    for tag in tags:
        tag.count = counts[tag.pk]
    return sorted(tags, key=order)


def popular_tags(limit=HOME_TAGS):
    """The ``limit`` most used live tags (ties by name)."""
    return fresh_memo(
        f"portal:popular-tags:{limit}",
        lambda: tags_with_live_counts(order=lambda tag: (-tag.count, tag.name))[:limit],
    )


class TypeBlock:
    """The newest few pieces of one content type beside the main flow (讲话, 图集…), with a link to all."""

    def __init__(self, model, queryset, limit, query=""):
        pieces = list(queryset[: limit + 1])
        self.kind = model.kind()
        self.name = model._meta.verbose_name_plural
        self.pieces = pieces[:limit]
        self.more = len(pieces) > limit
        self.list_url = site_url(model.url_name("list")) + query


def type_blocks(limit, pieces=lambda model: model.objects.for_cards(), query=""):
    """One TypeBlock per content type besides the main flow, in INSTALLED_APPS order."""
    return [TypeBlock(model, pieces(model), limit, query) for model in other_types()]


class HomeView(TemplateView):
    """The front page: the slots editors arrange (portal.placements), then the other types and events."""

    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Kept like a cached page: renewed by any save (a placement too) and at the next
        # publish_at / expire_at / placement expiry moment (editorial.cache.fresh_memo).
        # Besides the pieces, tags, people and events it shows: its own lists.
        blocks = (Slot, Placement, Topic, Event, *other_types())
        surrogate.declare(surrogate.HOME, *(surrogate.list_key(model) for model in blocks))
        slots = fresh_memo("portal:front-page", front_page)
        by_kind = {slot.kind: pieces for slot, pieces in slots if slot.kind != Slot.Kind.COLUMN}
        lead = by_kind.get(Slot.Kind.LEAD, [])
        context.update(
            lead=lead[0] if lead else None,
            focus=by_kind.get(Slot.Kind.FOCUS, []),
            top=by_kind.get(Slot.Kind.TOP, []),
            columns=[(slot, pieces) for slot, pieces in slots if slot.kind == Slot.Kind.COLUMN and pieces],
            topics=list(Topic.objects.filter(is_published=True).only("title", "slug")[:HOME_TOPICS]),
            today=timezone.localdate(),
            blocks=type_blocks(HOME_BLOCK),
            upcoming_events=list(upcoming_events(limit=HOME_EVENTS)),
            recent_events=list(past_events()[:HOME_EVENTS]),
            popular_tags=popular_tags(),
        )
        return context


class TagListView(ListView):
    template_name = "portal/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        surrogate.declare(surrogate.list_key(Tag))
        return tags_with_live_counts(order=lambda tag: tag.slug)


class TagView(PublicListMixin, ListView):
    """Everything carrying one tag: the main flow paginated, the other types and events beside them."""

    template_name = "portal/tag_detail.html"

    def get_queryset(self):
        return self.tagged(main_flow())

    def tagged(self, model):
        return TaggedPieces(model, self.tag, self.carriers.get(model._meta.label, 0))

    def get_paginator(self, queryset, per_page, **kwargs):
        # TaggedPieces knows its count and reads its pages itself.
        return Paginator(queryset, per_page, **kwargs)

    def get(self, request, *args, **kwargs):
        self.tag = announced_tag_or_404(kwargs["slug"])
        self.carriers = tag_carriers(self.tag)
        return super().get(request, *args, **kwargs)

    def declare_surrogate_keys(self, context):
        surrogate.declare(surrogate.members_key_of(self.tag))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first_page = context["page_obj"].number == 1
        context["tag"] = context["object"] = self.tag  # "object" feeds the sharing metadata
        # The other types are cards like the main flow: the latest few, then a link to all of them.
        query = f"?{urlencode({'tag': self.tag.slug})}"
        if first_page:
            blocks = type_blocks(TAG_PAGE_BLOCK, self.tagged, query)
            context["blocks"] = [block for block in blocks if block.pieces]
        else:
            context["blocks"] = []
        has_events = first_page and self.carriers.get(Event._meta.label)
        context["events"] = TAGGED_EVENTS(tag=self.tag.pk) if has_events else []
        return context


TAGGED_EVENTS = PreparedQuery(
    lambda p: Event.objects.filter(tags=p.tag).defer("description")[:TAG_PAGE_EVENTS],
    tag=models.BigIntegerField(),
)


@never_cache
@require_http_methods(["GET", "POST"])
def set_language(request):
    """GET: the language page, a form with a CSRF token (never cached); POST: Django's set_language.

    Cached public pages cannot print a token (it would tie the page to one visitor), so their
    footer form asks for this page with GET; static/js/site.js fetches it and posts its form
    at once. The POST keeps CSRF protection: a forged cross-site post changes nothing.
    """
    if request.method == "POST":
        return django_set_language(request)
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    context = {"next_url": next_url, "chosen": request.GET.get("language") or get_language()}
    return render(request, "portal/language.html", context)


class TopicListView(ListView):
    template_name = "portal/topic_list.html"
    context_object_name = "topics"
    paginate_by = 20

    def get_queryset(self):
        surrogate.declare(surrogate.list_key(Topic))
        return Topic.objects.filter(is_published=True).only("title", "slug", "introduction", "created_at")


class TopicView(DetailView):
    template_name = "portal/topic_detail.html"
    context_object_name = "topic"

    def get_queryset(self):
        return Topic.objects.filter(is_published=True).select_related("tag", "banner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = topic_sections(self.object)
        return context


CORRECTIONS_PAGE = 50


class CorrectionListView(TemplateView):
    """更正: the latest corrections of pieces readers can see, newest first."""

    template_name = "portal/correction_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        surrogate.declare(surrogate.list_key(Correction))
        corrections = list(
            Correction.objects.order_by("-created_at", "-pk").only(
                "note", "created_at", "content_type", "object_id"
            )[: CORRECTIONS_PAGE * 2]
        )
        pieces = live_pieces((c.content_type_id, c.object_id) for c in corrections)
        shown = []
        for correction in corrections:
            correction.piece = pieces.get((correction.content_type_id, correction.object_id))
            if correction.piece is not None:
                shown.append(correction)
        context["corrections"] = shown[:CORRECTIONS_PAGE]
        return context
