"""Cross-cutting public pages: home, tags, the language switch."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView
from django.views.i18n import set_language as django_set_language

from articles.models import Article
from editorial.models import Tag
from editorial.views import PublicListMixin, bylines_prefetch
from events.models import Event
from events.views import past_events, upcoming_events
from speeches.models import Speech

HOME_ARTICLES = 10
HOME_SPEECHES = 5
HOME_EVENTS = 5
HOME_TAGS = 20
TAG_PAGE_OTHERS = 50


def tags_with_live_counts():
    """Tags annotated with ``count``: live articles and speeches plus events, in one query.

    Counting only live pieces keeps a tag that only drafts carry off the public
    pages (its name could give away an unpublished story).
    """
    types = ContentType.objects.get_for_models(Article, Speech, Event)
    live = Q(tagged_items__content_type=types[Event])
    for model in (Article, Speech):
        live |= Q(
            tagged_items__content_type=types[model],
            tagged_items__object_id__in=model.objects.live().values("pk"),
        )
    return Tag.objects.annotate(count=Count("tagged_items", filter=live)).filter(count__gt=0)


class HomeView(TemplateView):
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            articles=list(
                Article.objects.for_listing()
                .select_related("column")
                .prefetch_related(bylines_prefetch())[:HOME_ARTICLES]
            ),
            speeches=list(Speech.objects.for_listing().select_related("speaker", "occasion")[:HOME_SPEECHES]),
            upcoming_events=list(upcoming_events(limit=HOME_EVENTS)),
            recent_events=list(past_events()[:HOME_EVENTS]),
            popular_tags=list(tags_with_live_counts().order_by("-count", "name")[:HOME_TAGS]),
        )
        return context


class TagListView(ListView):
    template_name = "portal/tag_list.html"
    context_object_name = "tags"

    def get_queryset(self):
        return tags_with_live_counts().order_by("slug")


class TagView(PublicListMixin, ListView):
    """Everything carrying one tag: articles paginated, speeches and events beside them."""

    model = Article
    select_related = ("column",)
    template_name = "portal/tag_detail.html"

    def get(self, request, *args, **kwargs):
        self.tag = get_object_or_404(Tag, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(tags=self.tag).prefetch_related(bylines_prefetch())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        first_page = context["page_obj"].number == 1
        context["tag"] = context["object"] = self.tag  # "object" feeds the sharing metadata
        context["speeches"] = (
            list(
                Speech.objects.for_listing()
                .filter(tags=self.tag)
                .select_related("speaker", "occasion")[:TAG_PAGE_OTHERS]
            )
            if first_page
            else []
        )
        events = Event.objects.filter(tags=self.tag).defer("description")
        context["events"] = list(events[:TAG_PAGE_OTHERS]) if first_page else []
        # A tag only unpublished pieces carry may name a story before it is out: not a page yet.
        if first_page and not (context["object_list"] or context["speeches"] or context["events"]):
            raise Http404("no live content with this tag")
        return context


# Choosing a language changes nothing but a cookie, so it needs no CSRF token; a token
# in the header form would tie every public page to one visitor and defeat the page cache.
set_language = csrf_exempt(require_POST(django_set_language))
