"""Public person pages: everyone named on the site, and one person's live work."""

from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone
from django.views.generic import DetailView, ListView

from articles.models import Article
from editorial import surrogate
from editorial.prepared import PreparedQuery
from editorial.views import PAGE_SIZE, PublicPaginator
from people import pieces
from people.models import Person
from speeches.models import Speech

# A person page lists at most this many pieces per relation; the person's feed has the rest.
PIECES_PER_SECTION = 50


def person_sections(limit):
    """A person page's five lists as PreparedQuery (editorial/prepared.py) of the person and the time.

    What they wrote, delivered, edited, and where they are named; the newest ``limit`` of each.
    """

    def prepared(build):
        return PreparedQuery(
            lambda p: build(p)[:limit], person=models.BigIntegerField(), now=models.DateTimeField()
        )

    def articles(p):
        return Article.objects.for_listing(p.now)

    def speeches(p):
        return Speech.objects.for_listing(p.now)

    return {
        "written": prepared(lambda p: articles(p).filter(bylines__person=p.person)),
        "delivered": prepared(lambda p: speeches(p).filter(speaker=p.person)),
        "edited": prepared(lambda p: articles(p).filter(responsible_editor=p.person)),
        "mentioned_articles": prepared(lambda p: articles(p).filter(people=p.person)),
        "mentioned_speeches": prepared(lambda p: speeches(p).filter(people=p.person)),
    }


SECTIONS = person_sections(PIECES_PER_SECTION)
PERSON = PreparedQuery(
    lambda p: Person.objects.select_related("photo").filter(slug=p.slug), slug=models.CharField()
)


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

    def get_object(self, queryset=None):
        person = PERSON.first(slug=self.kwargs["slug"])
        if person is None:
            raise Http404("no person at this address")
        return person

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
        surrogate.declare(surrogate.key_of(self.object))
        now = timezone.now()
        for name, query in SECTIONS.items():
            context[name] = query(person=self.object.pk, now=now)
        context["section_limit"] = PIECES_PER_SECTION
        context["truncated"] = any(len(context[name]) == PIECES_PER_SECTION for name in SECTIONS)
        return context
