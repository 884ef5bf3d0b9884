"""Public speech pages: the list and one speech with its table of contents."""

from django.views.generic import DetailView, ListView

from articles.models import Article
from editorial import surrogate
from editorial.views import (
    OldSlugRedirectMixin,
    PreparedDetailMixin,
    PublicContentMixin,
    PublicListMixin,
    announced_tag_or_404,
    related_pieces,
)
from speeches.models import Speech


class SpeechListView(PublicListMixin, ListView):
    """All live speeches, or with ``?tag=<slug>`` those carrying one tag (linked from tag pages)."""

    model = Speech
    template_name = "speeches/speech_list.html"

    def get(self, request, *args, **kwargs):
        slug = request.GET.get("tag")
        # As on tag pages: a tag that only unpublished speeches carry is not announced.
        self.tag = announced_tag_or_404(slug, Speech) if slug else None
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.tagged(self.tag) if self.tag else queryset

    def declare_surrogate_keys(self, context):
        surrogate.declare(surrogate.members_key_of(self.tag) if self.tag else surrogate.list_key(Speech))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tag"] = self.tag
        if self.tag:
            context["canonical_params"] = {"tag": self.tag.slug}
        return context


class SpeechDetailView(OldSlugRedirectMixin, PreparedDetailMixin, PublicContentMixin, DetailView):
    model = Speech
    select_related = ("speaker", "occasion", "head_image")
    template_name = "speeches/speech_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        speech = self.object
        # The speaker and the occasion relate pieces as much as the people/events lists do.
        extra = {
            "extra_person_ids": [speech.speaker_id] if speech.speaker_id else [],
            "extra_event_ids": [speech.occasion_id] if speech.occasion_id else [],
        }
        context["related_speeches"] = related_pieces(speech, Speech, **extra)
        context["related_articles"] = related_pieces(speech, Article, **extra)
        return context
