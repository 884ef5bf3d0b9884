"""Public event pages: upcoming and past events, and one event with its pieces."""

from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.views.generic import DetailView, ListView

from editorial import surrogate
from editorial.models import tags_of
from editorial.prepared import PreparedQuery
from editorial.registry import content_types
from editorial.views import PAGE_SIZE, PublicPaginator, keep_as_prefetched
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


def event_sections(limit):
    """An event page's lists as PreparedQuery (editorial/prepared.py) of the event and the time.

    One list per content type, in INSTALLED_APPS order (speeches, articles… as
    registered): its live pieces belonging to the event (``pieces_of``), the newest ``limit``.
    """

    def prepared(model):
        return PreparedQuery(
            lambda p: pieces.pieces_of(p.event, model, model.objects.for_links(p.now))[:limit],
            event=models.BigIntegerField(),
            now=models.DateTimeField(),
        )

    return [(model._meta.verbose_name_plural, prepared(model)) for model in content_types()]


# The event and its lists, written once per process as the person page's are: built as
# querysets on every request they were three quarters of the page's Python.
SECTIONS = event_sections(PIECES_LIMIT)
EVENT = PreparedQuery(lambda p: Event.objects.filter(slug=p.slug), slug=models.CharField())
EVENT_TAGS = PreparedQuery(lambda p: tags_of(Event, p.pk), pk=models.BigIntegerField())


class EventDetailView(DetailView):
    model = Event
    template_name = "events/event_detail.html"

    def get_object(self, queryset=None):
        event = EVENT.first(slug=self.kwargs["slug"])
        if event is None:
            raise Http404("no event at this address")
        keep_as_prefetched(event, "tags", EVENT_TAGS(pk=event.pk))
        return event

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        surrogate.declare(surrogate.members_key_of(event))
        now = timezone.now()
        context["sections"] = [(heading, query(event=event.pk, now=now)) for heading, query in SECTIONS]
        return context
