"""Public event pages: upcoming and past events, and one event with its pieces."""

from django.db.models import F, Q
from django.utils import timezone
from django.views.generic import DetailView, ListView

from editorial import surrogate
from editorial.registry import content_types
from editorial.views import PAGE_SIZE, PublicPaginator
from events import pieces
from events.models import Event

UPCOMING_LIMIT = 20
# An event page lists at most this many pieces of each kind (newest first).
PIECES_LIMIT = 100


def upcoming_condition(today):
    """Not over yet: starts today or later, or has started and ends today or later."""
    return Q(start_date__gte=today) | Q(end_date__gte=today)


def upcoming_events(today=None, limit=UPCOMING_LIMIT):
    today = today or timezone.localdate()
    return Event.objects.filter(upcoming_condition(today)).order_by("start_date", "name", "pk")[:limit]


def past_events(today=None):
    """Over, or undated (an undated event is listed last, never as upcoming)."""
    today = today or timezone.localdate()
    return Event.objects.exclude(upcoming_condition(today)).order_by(
        F("start_date").desc(nulls_last=True), "name", "pk"
    )


class EventListView(ListView):
    """Past events, paginated; upcoming ones above them on the first page."""

    model = Event
    paginate_by = PAGE_SIZE
    paginator_class = PublicPaginator
    template_name = "events/event_list.html"

    def get_queryset(self):
        surrogate.declare(surrogate.list_key(Event))
        return past_events().defer("description")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["upcoming"] = list(upcoming_events().defer("description")) if page.number == 1 else []
        return context


class EventDetailView(DetailView):
    model = Event
    template_name = "events/event_detail.html"

    def get_queryset(self):
        return Event.objects.prefetch_related("tags")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        surrogate.declare(surrogate.members_key_of(event))
        # One list per content type, in INSTALLED_APPS order (speeches, articles… as registered).
        context["sections"] = [
            (
                model._meta.verbose_name_plural,
                list(pieces.pieces_of(event, model, model.objects.for_listing())[:PIECES_LIMIT]),
            )
            for model in content_types()
        ]
        return context
