"""The content admins' search box, answered by the project's search index.

Django's admin search is ``title LIKE '%工匠%' OR …``: a pass over every row, three
times per list (the count, the date navigation, the page). Published and approved pieces
are in the search index (search.indexing), which finds the headlines holding every term
at once (search.query.headline_matches); only the pieces it does not hold — drafts,
pieces in review, withdrawn, archived or closed ones, a few in any archive — are still
searched with LIKE, through the status index. An exact address (slug) is found too.
"""

from django.db.models import Q

from editorial.models import Status

# What the search index holds of a piece (search.indexing.index_object): the rest
# is looked up with LIKE.
UNINDEXED_STATUSES = tuple(status for status in Status if status not in (Status.APPROVED, Status.PUBLISHED))


class IndexedSearchMixin:
    def get_search_results(self, request, queryset, search_term):
        # search builds on editorial (and on every content app): imported when used.
        from search.indexing import indexed_models
        from search.query import headline_matches

        kind = indexed_models().get(self.model)
        matched = headline_matches(kind, search_term) if kind else None
        if matched is None:
            return super().get_search_results(request, queryset, search_term)
        unindexed = queryset.filter(Q(status__in=UNINDEXED_STATUSES) | Q(publish_at__isnull=True))
        found, duplicates = super().get_search_results(request, unindexed, search_term)
        condition = Q(pk__in=matched) | Q(pk__in=found.values("pk")) | Q(slug=search_term.strip())
        return queryset.filter(condition), duplicates
