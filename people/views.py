"""Public person pages: everyone named on the site, and one person's live work."""

from django.db import models
from django.http import Http404, HttpResponsePermanentRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from editorial import surrogate
from editorial.prepared import PreparedQuery
from editorial.registry import content_types
from editorial.views import PAGE_SIZE, PublicPaginator
from people import pieces
from people.models import Person

# A person page lists at most this many pieces per relation; the person's feed has the rest.
PIECES_PER_SECTION = 50


def person_sections(limit):
    """A person page's lists as PreparedQuery (editorial/prepared.py) of the person and the time.

    Each content type's own ways of naming a person (``person_sections``: bylines, the
    editor, the speaker), then the pieces of every type that name the person among their
    people, together as 相关报道; the newest ``limit`` of each.
    """

    def prepared(build):
        return PreparedQuery(
            lambda p: build(p)[:limit], person=models.BigIntegerField(), now=models.DateTimeField()
        )

    sections, mentioned = [], []
    for model in content_types():
        for index, (heading, _condition) in enumerate(model.person_sections(0)):
            own = prepared(
                lambda p, model=model, index=index: model.objects.for_links(p.now).filter(
                    model.person_sections(p.person)[index][1]
                )
            )
            sections.append((heading, [own]))
        mentioned.append(
            prepared(lambda p, model=model: model.objects.for_links(p.now).filter(model.mentions(p.person)))
        )
    return [*sections, (_("相关报道"), mentioned)]


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
        surrogate.declare(surrogate.members_key_of(self.object))
        now = timezone.now()
        found = [
            (heading, [list(query(person=self.object.pk, now=now)) for query in queries])
            for heading, queries in SECTIONS
        ]
        context["sections"] = [
            (heading, [piece for pieces in lists for piece in pieces]) for heading, lists in found
        ]
        context["sections"] = [(heading, pieces) for heading, pieces in context["sections"] if pieces]
        context["section_limit"] = PIECES_PER_SECTION
        context["truncated"] = any(
            len(pieces) == PIECES_PER_SECTION for _heading, lists in found for pieces in lists
        )
        return context
