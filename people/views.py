"""Public person pages: everyone named on the site, and one person's live work."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import DetailView, ListView

from articles.models import Article
from editorial import surrogate
from editorial.views import PAGE_SIZE, PublicPaginator
from people import pieces
from people.models import Person
from speeches.models import Speech

# A person page lists at most this many pieces per relation; the person's feed has the rest.
PIECES_PER_SECTION = 50


class PersonListView(ListView):
    model = Person
    paginate_by = PAGE_SIZE
    paginator_class = PublicPaginator
    template_name = "people/person_list.html"

    def get_queryset(self):
        surrogate.declare(surrogate.list_key(Person))
        # Only people with a live piece: a page that would say "nothing published" is not listed.
        # By pinyin (sort_key, kept by Person.save), as readers look a name up.
        return (
            Person.objects.filter(pieces.has_pieces())
            .order_by("sort_key", "name", "pk")
            .select_related("photo")
            .only("name", "slug", "aliases", "positions", "honours", "photo", "photo__card", "photo__alt")
        )


class PersonDetailView(DetailView):
    model = Person
    template_name = "people/person_detail.html"
    queryset = Person.objects.select_related("photo")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # An address the person had before (another slug style, a renamed slug): 301.
            person = Person.moved_from(kwargs.get("slug"))
            if person is None:
                raise
            return HttpResponsePermanentRedirect(person.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        surrogate.declare(surrogate.key_of(person))
        limit = PIECES_PER_SECTION
        articles = Article.objects.for_listing()
        speeches = Speech.objects.for_listing()
        context.update(
            written=list(articles.filter(bylines__person=person)[:limit]),
            delivered=list(speeches.filter(speaker=person)[:limit]),
            edited=list(articles.filter(responsible_editor=person)[:limit]),
            mentioned_articles=list(articles.filter(people=person)[:limit]),
            mentioned_speeches=list(speeches.filter(people=person)[:limit]),
            section_limit=limit,
        )
        sections = ("written", "delivered", "edited", "mentioned_articles", "mentioned_speeches")
        context["truncated"] = any(len(context[name]) == limit for name in sections)
        return context
