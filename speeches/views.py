"""Public speech pages: the list and one speech with its table of contents."""

from django.views.generic import DetailView, ListView

from articles.models import Article
from editorial.views import OldSlugRedirectMixin, PublicContentMixin, PublicListMixin, related_pieces
from speeches.models import Speech


class SpeechListView(PublicListMixin, ListView):
    model = Speech
    template_name = "speeches/speech_list.html"


class SpeechDetailView(OldSlugRedirectMixin, PublicContentMixin, DetailView):
    model = Speech
    select_related = ("speaker", "occasion")
    prefetch_related = ("sections", "tags", "people", "events")
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
