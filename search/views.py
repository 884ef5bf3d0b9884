"""The public search page: one box, results across every kind of content."""

import re

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from editorial import surrogate
from editorial.models import Tag
from editorial.tagcounts import is_announced
from search.models import kinds
from search.query import Filters, QueryError, Search, highlight, snippet, validate
from search.text import MAX_QUERY_CHARS

RESULTS_PER_PAGE = 10
# Counting every match of a very common word costs as much as ranking them; nobody
# pages past a thousand results, so we count up to this and say "more than".
MAX_COUNTED = 1000
TAG_SLUG = re.compile(r"^[-a-z0-9_]{1,100}$")


class CappedPaginator(Paginator):
    """Pages of the ranked results; the count comes from the cheaper unranked matches."""

    def __init__(self, object_list, per_page, search, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.search = search

    @cached_property
    def counted(self):
        # At the instant the page's rows are read (Results.now): one set of live entries.
        return self.search.count(MAX_COUNTED + 1, self.object_list.now)

    @cached_property
    def count(self):
        return min(self.counted, MAX_COUNTED)

    @property
    def capped(self):
        return self.counted > MAX_COUNTED


def _filters(params):
    kind = params.get("type", "")
    tag = params.get("tag", "").strip().lower()
    year = params.get("year", "")
    return Filters(
        kind=kind if kind in kinds() else "",
        tag=tag if TAG_SLUG.match(tag) else "",
        year=int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else None,
    )


def _message(error):
    messages = {
        "empty": _("请输入要搜索的词，例如“劳模”或“工匠精神”。"),
        "too_long": _("搜索词太长了，请控制在 %(max)s 个字以内。") % {"max": MAX_QUERY_CHARS},
        "no_terms": _("请用汉字、字母或数字搜索。"),
    }
    return messages[str(error)]


def results(request):
    surrogate.declare(surrogate.SEARCH)  # purged by any change of the index (SearchEntry)
    raw_query = request.GET.get("q", "")
    filters = _filters(request.GET)
    context = {
        "query": raw_query.strip()[: MAX_QUERY_CHARS * 2],
        "filters": filters,
        "kinds": [(value, kind.label) for value, kind in kinds().items()],
        "max_query_chars": MAX_QUERY_CHARS,
        "max_counted": MAX_COUNTED,
        "page_obj": None,
        "message": "",
    }
    if filters.tag:
        tag = Tag.objects.filter(slug=filters.tag).only("name").first()
        # Only a tag readers may know by name is printed (a hidden one shows as its slug).
        tag = tag if is_announced(tag) else None
        without_tag = request.GET.copy()
        for name in ("tag", "page"):
            without_tag.pop(name, None)
        context.update(tag_name=tag.name if tag else filters.tag, without_tag=without_tag.urlencode())
    try:
        query = validate(raw_query)
    except QueryError as error:
        context["message"] = _message(error)
        return render(request, "search/results.html", context)

    search = Search(query, filters)
    paginator = CappedPaginator(search.results(), RESULTS_PER_PAGE, search=search)
    page_obj = paginator.get_page(request.GET.get("page"))
    pattern = search.highlighter()
    for entry in page_obj.object_list:
        entry.highlighted_title = highlight(entry.title, pattern)
        entry.snippet = snippet(entry, pattern)
    params = request.GET.copy()
    params.pop("page", None)
    context.update(page_obj=page_obj, paginator=paginator, querystring=params.urlencode())
    return render(request, "search/results.html", context)
