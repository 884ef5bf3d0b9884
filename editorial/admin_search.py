"""The content admins' search box, answered by the project's search index when a word is
rare and by walking the list when it is common.

Django's admin search is ``title LIKE '%工匠%' OR …``. On a rare word that is a pass
over every row, three times per list (the count, the date navigation, the page); on a
common one the list's own walk (its ordering's index) meets the page's rows and the
capped count's within a few thousand rows, and stops. So the search index
(search.indexing: published and approved pieces) is asked first for the headlines
holding every term (search.query.headline_matches), counting no further than ``FEW``:

- up to ``FEW`` there, and up to ``FEW`` pieces it does not hold (drafts, pieces in
  review, withdrawn, archived or closed ones: ~2 % of an archive, found with LIKE through
  the status index) matching too, the list is those pieces' keys (and an exact address);
- past ``FEW`` the word is common: Django's LIKE over the list, which stops early.

Holding the index's matches as a subquery instead made every statement of the list read
them all (at 100,000 articles on PostgreSQL, 12 s for 工匠: 12,728 titles).
"""

from django.contrib.admin.utils import lookup_spawns_duplicates
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Coalesce
from django.utils.text import smart_split, unescape_string_literal

from editorial.models import Status

# What the search index holds of a piece (search.indexing.index_object): the rest
# is looked up with LIKE.
INDEXED_STATUSES = (Status.APPROVED, Status.PUBLISHED)
UNINDEXED_STATUSES = tuple(status for status in Status if status not in INDEXED_STATUSES)
# More matches than this (in the index, or among the pieces it does not hold) and the
# list is walked with LIKE; fewer, and they are listed by key.
FEW = 200


def _cased(word):
    """Whether letter case could matter to matching ``word`` (Chinese and digits have none)."""
    return word.lower() != word.upper()


class WalkedSearchMixin:
    """Django's admin search (each word in one of ``search_fields``, ``icontains``) as one
    condition on the list's own rows, which the list's walk answers.

    - A word with no letter case (Chinese, digits) is matched as it is (``contains``):
      the same rows as ``icontains``, without PostgreSQL's ``UPPER()`` of every value (a
      scan of 20,000 people for 王: 24 → 7 ms), and PostgreSQL estimates its share from
      the column's statistics (工匠 in 10,880 titles of 100,000, truly about 10,000): it
      walks the list's index for a common word and sorts the few matches of a rare one.
    - ``UPPER(title) LIKE`` has no statistics: PostgreSQL's guess was a few hundred rows,
      so it read all 100,000 articles and sorted the 9,800 matches for the first page
      (635 ms). A search with a cased word hides its share (COALESCE): told nothing,
      PostgreSQL walks the list's index and stops at the page's 50th match (3 ms).
    - A field across a many-to-many (an image's ``tags__name``) is a subquery, not a join:
      the join repeats a row per tag, so Django made the whole list DISTINCT, and every
      statement of it read and sorted every image (images searched for 车间 at 20,000
      images: 514 ms on PostgreSQL, idle).
    """

    def get_search_results(self, request, queryset, search_term):
        return self.walked_search(request, queryset, search_term)

    def walked_search(self, request, queryset, search_term):
        fields = [str(field) for field in self.get_search_fields(request)]
        if any(field[0] in "^=@" for field in fields):
            # Django's other lookups (istartswith, iexact, search): its own search.
            return super().get_search_results(request, queryset, search_term)
        words = [
            unescape_string_literal(bit) if bit[0] in "\"'" and bit[0] == bit[-1] else bit
            for bit in smart_split(search_term)
        ]
        if not words or not fields:
            return queryset, False
        model = queryset.model

        def matches(field, word):
            lookup = "icontains" if _cased(word) else "contains"
            condition = Q(**{f"{field}__{lookup}": word})
            if lookup_spawns_duplicates(model._meta, field):
                return Q(pk__in=model._base_manager.filter(condition).values("pk"))
            return condition

        condition = Q.create(
            [Q.create([matches(field, word) for field in fields], connector=Q.OR) for word in words]
        )
        if any(_cased(word) for word in words):
            condition = Coalesce(ExpressionWrapper(condition, output_field=BooleanField()), False)
        return queryset.filter(condition), False


class IndexedSearchMixin(WalkedSearchMixin):
    def get_search_results(self, request, queryset, search_term):
        # search builds on editorial (and on every content app): imported when used.
        from search.indexing import indexed_models
        from search.query import headline_matches

        kind = indexed_models().get(self.model)
        if not kind:
            return self.walked_search(request, queryset, search_term)
        # Both asked in one statement: the index's headlines and the others' keys by LIKE,
        # each through the status index. SQLite reads a status from the row, after its
        # body, unless told to walk article_status_order (ORDER BY): the 2 % the index
        # does not hold took 3 s, a pass over every row, when asked as one OR.
        keys = [
            super(IndexedSearchMixin, self)
            .get_search_results(request, queryset.filter(condition), search_term)[0]
            .order_by("status", "pk")
            .values_list("pk", flat=True)[: FEW + 1]
            .query.sql_with_params()
            for condition in (
                Q(status__in=UNINDEXED_STATUSES),
                Q(status__in=INDEXED_STATUSES, publish_at__isnull=True),
            )
        ]
        matched, others = headline_matches(kind, search_term, FEW, also=keys)
        if matched is None or len(others) > FEW:
            return self.walked_search(request, queryset, search_term)
        condition = Q(pk__in=[*matched, *others]) | Q(slug=search_term.strip())
        return queryset.filter(condition), False
