"""The admin's change lists at archive scale: a fixed, small cost at 100,000 pieces and a
million audit entries.

Django's change list is right for a few thousand rows; past that three of its habits cost
a full pass over the table on every page:

- the date navigation asks ``SELECT DISTINCT`` of every row's date truncated to the year
  (or month, or day) in the local time zone — on SQLite a Python function call per row.
  Here each period on offer (the years between the first and the last row, the twelve
  months of a year, the days of a month) is asked for its first row, all in one
  query, each an index walk on a range of the indexed column, with the boundaries of
  Asia/Shanghai's years and days computed once, as Django's own filter does;
- the paginator counts every row, twice (``show_full_result_count``): here the count
  stops ``COUNT_AHEAD`` rows past the page shown and the page says "more than …";
- a deep page (``OFFSET 99950``) reads and throws away every row before it: here a deep
  page first reads its rows' keys alone, which an index answers, then the rows of those
  keys.

A sorted column ends in the primary key in the same direction (``title, id`` /
``-title, -id``), so one index (title, id) serves both directions; a related column
(栏目, 讲话人…) sorts by its stored key, which an index (key, id) serves the same way.

The 标签 filter asks for a tag's pieces in the cheaper of two forms for the tag's size
(``TagListFilter``), where Django's join would read and sort every piece carrying it.
"""

import calendar
import datetime
import html
from itertools import cycle
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_list import ResultList
from django.contrib.admin.templatetags.admin_list import results as admin_list_results
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value
from django.contrib.admin.views.main import PAGE_VAR, SEARCH_VAR, ChangeList
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db import connections, models
from django.db.models.lookups import Exact, IsNull
from django.db.models.sql.where import WhereNode
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.dateformat import re_formatchars
from django.utils.formats import get_format
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from editorial.cache import fresh_memo
from editorial.models import Tag, TaggedItem, link_condition

# Rows counted past the first row of the page shown: the first page counts 1,000 and says
# "more than 1,000" beyond; its last page link leads further, where the count goes on.
# Counting is reading each row the filters keep: 100,000 of them, checking a tag on each,
# took 220 ms on SQLite (a tag on a fifth of 100,000 articles); 1,000, about 2 ms.
COUNT_AHEAD = 1000
# A search's count stops sooner: a common word's matches are found by walking the list
# and testing each row (LIKE on five columns: 1,001 matches of 工匠 read 10,000 rows,
# 40-150 ms on PostgreSQL at 100,000 articles).
SEARCH_COUNT_AHEAD = 200
# Pages starting before this row are read directly (OFFSET over a few hundred rows costs
# less than a second query); deeper ones read their keys first.
SHALLOW = 1000
# A tag more pieces carry than this is found by walking the list in its own order; one
# fewer carry, by reading and sorting its pieces (TagListFilter).
DENSE_TAG = 1000


def cell_html(template, *values):
    """``format_html`` for a change list's cells: each value escaped unless already safe,
    the template trusted. format_html's conditional_escape and lazy-text check per value
    cost ten times the escape: its 300 calls were a tenth of an article list's Python."""
    escaped = (value if isinstance(value, SafeData) else html.escape(str(value)) for value in values)
    return SafeString(template.format(*escaped))


def _boundary(day, aware):
    """Midnight local time starting ``day``, aware when the column holds datetimes."""
    if aware:
        # The current zone's midnight, as Django's own date_hierarchy filter makes it.
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    return day


def _next_month(day):
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def periods(first, last, year=None, month=None):
    """[(first day, day after)] of each year (each month of ``year``, each day of ``month``)
    that could hold a row, between the ``first`` and ``last`` dates (local)."""
    if year and month:
        days = calendar.monthrange(year, month)[1]
        starts = [datetime.date(year, month, day) for day in range(1, days + 1)]
        return [(start, start + datetime.timedelta(days=1)) for start in starts]
    if year:
        starts = [datetime.date(year, number, 1) for number in range(1, 13)]
        return [(start, _next_month(start)) for start in starts]
    return [(datetime.date(y, 1, 1), datetime.date(y + 1, 1, 1)) for y in range(first.year, last.year + 1)]


def _rows(queryset, field_name):
    return queryset.filter(**{f"{field_name}__isnull": False}).order_by().values_list(field_name, flat=True)


def _holds_datetimes(queryset, field_name):
    field = queryset.model._meta.get_field(field_name)
    return isinstance(field, models.DateTimeField) and settings.USE_TZ


def date_range(queryset, field_name):
    """(first, last) local dates of ``field_name`` in ``queryset``, or None: two index look-ups."""
    rows = _rows(queryset, field_name)
    first = rows.order_by(field_name).first()
    if first is None:
        return None
    last = rows.order_by(f"-{field_name}").first()
    if _holds_datetimes(queryset, field_name):
        return timezone.localtime(first).date(), timezone.localtime(last).date()
    if isinstance(first, datetime.datetime):
        return first.date(), last.date()
    return first, last


def dates_with_rows(queryset, field_name, bounds, year=None, month=None, probe=True):
    """The dates (first day of each year, month or day) for which ``queryset`` holds a row,
    ``bounds`` being its ``date_range``: one query asking each period on offer for its first
    row, whatever the number of rows, and no per-row time-zone arithmetic. Unprobed, every
    period between the bounds."""
    first, last = bounds
    aware = _holds_datetimes(queryset, field_name)
    candidates = [
        (start, end)
        for start, end in periods(first, last, year, month)
        if start <= last and end > first  # periods outside the rows hold none
    ]
    if not candidates or not probe:
        return [start for start, _end in candidates]
    # The period's bounds come before the list's own filters: SQLite walks the index by the
    # first range it meets on a column, and a chosen year's (the list's) is wider than each
    # of its months: the audit log's months of a year took 486 ms, walked by the year.
    field = queryset.model._meta.get_field(field_name)
    connection = connections[queryset.db]

    def prepared(day):
        return field.get_db_prep_value(_boundary(day, aware), connection)

    # Compiled once with two marker bounds, which become the columns of a VALUES list of the
    # periods: one subquery, planned once and run for each period. A subquery written out
    # for each of a month's 31 days cost PostgreSQL 5-9 ms of planning for 1 ms of work
    # (the statement 8-12 -> 2-6 ms on the speech list's month at 10,000 speeches).
    markers = [datetime.date(1000, 1, 7), datetime.date(1000, 1, 8)]
    lower, upper = (_boundary(day, aware) for day in markers)
    first_row = queryset.model._base_manager.filter(
        **{f"{field_name}__gte": lower, f"{field_name}__lt": upper}
    )
    if queryset.query.distinct:
        first_row = first_row.distinct()  # a search across a relation (images' tags) is DISTINCT
    # The period's first row, not EXISTS: PostgreSQL drops an EXISTS' order and, guessing a
    # year holds a third of the audit log, read the table until a row turned up (签发:
    # 34,000 rows, 78 ms with the pages not cached); ordered, it walks the index.
    first_row = _rows(first_row & queryset.order_by(), field_name).order_by(field_name)[:1]
    _tested_row_by_row(first_row.query.where)
    sql, params = first_row.query.get_compiler(connection=connection).as_sql()
    pieces = sql.split("%s")
    if len(pieces) != len(params) + 1:
        raise ValueError(f"unexpected placeholders in {sql!r}")
    # VALUES names its columns column1, column2… on SQLite and PostgreSQL alike: (the
    # period's number, its first day, the day after).
    columns = {
        params.index(prepared(marker)): column
        for marker, column in zip(markers, ("column2", "column3"), strict=True)
    }
    sql = pieces[0] + "".join(
        f"period.{columns[slot]}{piece}" if slot in columns else f"%s{piece}"
        for slot, piece in enumerate(pieces[1:])
    )
    values = []  # the periods', then the subquery's own
    for number, (start, end) in enumerate(candidates):
        values += [number, prepared(start), prepared(end)]
    values += [value for slot, value in enumerate(params) if slot not in columns]
    marks = ", ".join("(%s, %s, %s)" for _period in candidates)
    with connection.cursor() as cursor:
        # Compiled SQL; every value travels as a parameter.
        cursor.execute(
            f"SELECT period.column1 FROM (VALUES {marks}) AS period WHERE ({sql}) IS NOT NULL",  # noqa: S608
            values,
        )
        found = {number for (number,) in cursor.fetchall()}
    return [start for number, (start, _end) in enumerate(candidates) if number in found]


def _tested_row_by_row(where):
    """Each ``EXISTS`` of a period's probe asked as ``(SELECT …) IS NOT NULL``, in place.

    PostgreSQL turns an EXISTS into a semi-join, planned for the rows it guesses a period
    holds; with the period's bounds in a VALUES list it guesses 0.5 % of the table (49 of
    10,000 speeches for a year holding 1,964), so it read each year's rows, sorted them and
    merged them with a dense tag's 1,745 links, where the probe needs the first row that
    carries the tag (the speech list by a tag, five years: 4-9 ms). A scalar subquery is
    never pulled up: the walk of the index tests row after row and stops at the first
    match (0.1-0.5 ms). Only here: the list's count, which reads up to 1,001 carriers,
    is cheaper as the join (1.2 ms; row by row 7.6 ms)."""
    for index, child in enumerate(where.children):
        if isinstance(child, WhereNode):
            _tested_row_by_row(child)
            continue
        # filter(Exists(…)) is held as Exact(Exists(…), True); ~Q(…) negates the node above.
        exists = child.lhs if isinstance(child, Exact) and child.rhs is True else child
        if isinstance(exists, models.Exists):
            where.children[index] = IsNull(models.Subquery(exists.query), False)


class CappedPaginator(Paginator):
    """Counts no further than ``COUNT_AHEAD`` rows past the page asked for; a page reads its
    keys from an index first."""

    ahead = COUNT_AHEAD

    def __init__(
        self, object_list, per_page, orphans=0, allow_empty_first_page=True, page_number=1, ahead=None
    ):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.bottom = (max(page_number, 1) - 1) * per_page
        self.cap = self.bottom + (ahead or self.ahead)
        self.keys_ahead = None

    def _keys(self):
        return self.object_list.prefetch_related(None).values_list("pk", flat=True)

    @cached_property
    def count(self):
        if self.bottom >= SHALLOW and not self.object_list.query.where:
            # A deep page of an unfiltered list: its keys and those of the rows counted
            # ahead are one walk of the ordering's index, which gives the count too. A count
            # to the cap, then the keys, walked it twice: the audit log's page 2,000 on
            # PostgreSQL, 200,000 index entries each (40-79 and 54-68 ms).
            self.keys_ahead = list(self._keys()[self.bottom : self.cap + 1])
            if self.keys_ahead:
                return self.bottom + len(self.keys_ahead)
        # SELECT COUNT(*) FROM (SELECT id … LIMIT cap + 1): the database stops at the cap.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def capped(self):
        return self.count > self.cap

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom < SHALLOW:
            return Page(self.object_list[bottom:top], number, self)
        # The keys alone first: the ordering's index answers them without reading rows,
        # however deep the page; then only the page's rows are read, with their relations.
        keys = self._keys()
        if self.keys_ahead and bottom == self.bottom:
            keys = self.keys_ahead[: top - bottom]
        elif not self.capped and self.object_list.ordered and bottom > self.count - top:
            # Nearer the end than the start (the count is exact there): read backwards from
            # the end. A list's order ends in its key, so the reverse order is its mirror;
            # the last of 100,000 articles skipped 99,950 index entries (20 ms on SQLite).
            keys = list(keys.reverse()[self.count - top : self.count - bottom])[::-1]
        else:
            keys = list(keys[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)}
        return Page([rows[key] for key in keys if key in rows], number, self)


class ArchiveChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        deferred = getattr(self.model_admin, "list_defer", ())
        # Related rows are loaded for the page once it is read, as its admin says (list_page).
        queryset = queryset.prefetch_related(None)
        return queryset.defer(*deferred) if deferred else queryset

    def get_results(self, request):
        super().get_results(request)
        self.result_list = self.model_admin.list_page(self.result_list)

    def get_ordering(self, request, queryset):
        ordering = [self._stored_key(field) for field in super().get_ordering(request, queryset)]
        # Django breaks ties by "-pk" whatever the direction of the sort; in the sort's own
        # direction one index (column, id) is read forwards or backwards for both.
        if len(ordering) > 1 and ordering[-1] == "-pk" and isinstance(ordering[0], str):
            if not ordering[0].startswith("-"):
                ordering[-1] = "pk"
        return ordering

    def rows(self):
        """The page's rows as Django's ``results`` gives them to change_list_results.html,
        each row one piece of markup. How each column is written (its field or method,
        classes, change link) is worked out once per list, not once per cell: lookup_field,
        link_in_col, reverse() and the template's loop over 50 rows × 9 cells were a third
        of a content list's Python. Lists with editable columns, in a pop-up, or with a
        column Django finds some other way (a model's method) get Django's own rows."""
        if self.formset or self.is_popup or not all(_Cell.serves(self, name) for name in self.list_display):
            return list(admin_list_results(self))
        links = self.list_display_links
        cells = []
        for name in self.list_display:
            linked = links is not None and (name in links or (not links and not cells))
            tag = ("td" if any(cell.link_tag for cell in cells) else "th") if linked else ""
            cells.append(_Cell(self, name, tag))
        url = self._change_url_parts()
        rows = []
        for row in self.result_list:
            parts = []
            for cell in cells:
                shown, extra = cell.value(row)
                shown = conditional_escape(shown)
                if cell.link_tag:
                    link = self._change_url(row, url)
                    if link is not None:
                        shown = f'<a href="{link}">{shown}</a>'
                    parts.append(f'<{cell.link_tag} class="{cell.classes}{extra}">{shown}</{cell.link_tag}>')
                else:
                    parts.append(f'<td class="{cell.classes}{extra}">{shown}</td>')
            # Contents through conditional_escape, links escaped, classes from field names.
            rows.append(ResultList(None, [mark_safe("".join(parts))]))  # noqa: S308 - escaped above
        return rows

    def _change_url_parts(self):
        """(before, after) the key in a row's change link, filters kept, escaped; or None."""
        marker = type("Row", (), {self.pk_attname: _KEY_MARKER})()
        try:
            url = self.url_for_result(marker)
        except NoReverseMatch:
            return None
        before, _marker, after = self._with_filters(url).partition(_KEY_MARKER)
        return before, after

    def _change_url(self, row, parts):
        key = getattr(row, self.pk_attname)
        if parts is not None and isinstance(key, int):
            return f"{parts[0]}{key}{parts[1]}"
        try:  # a key reverse() would quote: Django's way, row by row
            return self._with_filters(self.url_for_result(row))
        except NoReverseMatch:
            return None

    def _with_filters(self, url):
        return escape(
            add_preserved_filters({"preserved_filters": self.preserved_filters, "opts": self.opts}, url)
        )

    def _stored_key(self, field):
        """A sort by a related column (栏目, 来源, 讲话人, 场合, 上传人…) sorts by its stored key.

        Django would sort by the related table's own ordering (the column's position and
        name): a join and a sort of every row before the first page. By the key, one index
        (key, id) gives the page: the editor sees the pieces of each column (source,
        speaker…) together, the groups in the order those were created, not by name.
        """
        if not isinstance(field, str):
            return field
        name = field.removeprefix("-")
        try:
            model_field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return field
        if model_field.many_to_one and model_field.concrete:
            return field.replace(name, model_field.attname)
        return field


# Stands for a row's key in the change link worked out once per list (letters only: the
# admin's quote() leaves them as they are).
_KEY_MARKER = "GJROWKEYMARKER"


class _Cell:
    """How one column of a change list is written: decided once per list, as Django's
    ``items_for_result`` decides it for each cell (same markup, same empty value, same
    classes), then applied to each row."""

    def __init__(self, changelist, name, link_tag):
        model_admin = changelist.model_admin
        self.link_tag = link_tag
        self.empty = model_admin.get_empty_value_display()
        self.classes = f"field-{name}"
        self.field = _list_field(changelist.lookup_opts, name)
        if self.field is None:
            self.method = getattr(model_admin, name)  # a column of the ModelAdmin's own
            self.empty = getattr(self.method, "empty_value_display", self.empty)
            self.boolean = getattr(self.method, "boolean", False)
            if name == "action_checkbox":
                self.classes = "action-checkbox"
        else:
            self.related = isinstance(self.field.remote_field, models.ManyToOneRel)
            dated = isinstance(self.field, (models.DateField, models.TimeField, models.ForeignKey))
            self.nowrap = " nowrap" if dated else ""
            self.date_text = _date_writer(self.field)

    @classmethod
    def serves(cls, changelist, name):
        """Whether this column is one written here: a model field of the row's own, or a
        method of the ModelAdmin (anything else is left to Django)."""
        if not isinstance(name, str):
            return False
        if _list_field(changelist.lookup_opts, name) is not None:
            return True
        try:
            changelist.lookup_opts.get_field(name)
        except FieldDoesNotExist:
            return name != "__str__" and callable(getattr(changelist.model_admin, name, None))
        return False

    def value(self, row):
        """(content, extra classes) of the cell, as items_for_result writes them."""
        field = self.field
        if field is None:
            try:
                value = self.method(row)
            except ObjectDoesNotExist:
                return self.empty, ""
            if isinstance(value, SafeData) and value.strip():
                return value, ""  # the markup of the admin's own columns, as it is
            if isinstance(value, str) and not value.strip():
                value = ""
            dated = isinstance(value, (datetime.date, datetime.time))
            return display_for_value(value, self.empty, self.boolean), " nowrap" if dated else ""
        try:
            value = getattr(row, field.name)
        except ObjectDoesNotExist:
            return self.empty, ""
        if self.related:
            return (self.empty if value is None else value), self.nowrap
        if isinstance(value, str) and not value.strip():
            value = ""
        if self.date_text is not None and value is not None:
            return self.date_text(value), self.nowrap
        return display_for_field(value, field, self.empty, avoid_link=bool(self.link_tag)), self.nowrap


# The format characters written here as dateformat writes them; a format holding any other
# (English's "N j, Y, P") is left to Django.
_DATE_PARTS = {
    "Y": lambda moment: str(moment.year),
    "n": lambda moment: str(moment.month),
    "j": lambda moment: str(moment.day),
    "m": lambda moment: f"{moment.month:02d}",
    "d": lambda moment: f"{moment.day:02d}",
    "H": lambda moment: f"{moment.hour:02d}",
    "i": lambda moment: f"{moment.minute:02d}",
    "s": lambda moment: f"{moment.second:02d}",
}


def _date_writer(field):
    """For a date or date-time column without choices, a function writing a value as
    ``display_for_field`` does (the language's DATE_FORMAT or DATETIME_FORMAT, in the
    current time zone), worked out once per list: Django parses the format and looks it
    up for each cell (100 date cells were 5 % of the speech list's instructions). None
    for any other column, or a format with characters not written here."""
    if field.flatchoices or not isinstance(field, models.DateField):
        return None
    timed = isinstance(field, models.DateTimeField)
    fmt = get_format("DATETIME_FORMAT" if timed else "DATE_FORMAT")
    pieces = re_formatchars.split(str(fmt))
    if any(piece not in _DATE_PARTS for piece in pieces[1::2]) or "\\" in fmt:
        return None
    parts = [_DATE_PARTS[piece] if odd else piece for piece, odd in zip(pieces, cycle((False, True)))]

    def write(value):
        if timed:
            value = timezone.template_localtime(value)
        return "".join(part if isinstance(part, str) else part(value) for part in parts)

    return write


def _list_field(opts, name):
    """The model field a list column names, as lookup_field finds it; None for anything else
    (methods, reverse relations, many-to-many, a key's column name, the automatic key)."""
    try:
        field = opts.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.name != name or field.auto_created or not field.concrete or field.many_to_many:
        return None
    return field


def _tags():
    """(key, name, name escaped) of every tag, by name."""
    tags = Tag.objects.order_by("name").values_list("pk", "name")
    return [(pk, name, SafeString(html.escape(name))) for pk, name in tags]


class TagListFilter(admin.SimpleListFilter):
    """标签, asked in the cheaper form for the tag's size, as the public tag pages do
    (``LiveQuerySet.linked``).

    Reading a tag's pieces and sorting them costs what the tag carries; walking the list
    in its index order, checking each piece for the tag (EXISTS), stops after about
    ``page × pieces / carriers`` steps. Django's join took the first way for every tag
    (3.9 s on PostgreSQL at 100,000 articles for a tag 21,000 carry). Which one is cheaper is
    asked of the tag's own index, counting no further than ``DENSE_TAG``: a figure that
    needs no stored count and costs one query whatever the tag. A simple filter rather
    than Django's related-field one, whose many-to-many path makes the list DISTINCT
    (a sort of every row the filter keeps).
    """

    title = _("标签")
    parameter_name = "tags__id__exact"  # the address Django's own tag filter had

    def lookups(self, request, model_admin):
        # Every tag, kept until content (tags included) changes, each name escaped once.
        self.tags = fresh_memo("admin:tags", _tags, timeless=True)
        return [(pk, name) for pk, name, _escaped in self.tags]

    def choices(self, changelist):
        """Django's choices, each tag's address written from the list's own once rather than
        by ``get_query_string`` for each of hundreds of tags; addresses and names are
        escaped already (``choice_items``)."""
        if changelist.add_facets:
            yield from super().choices(changelist)
            return
        name = self.parameter_name
        kept = sorted(
            (key, value) for key, value in changelist.filter_params.items() if not key.startswith(name)
        )
        # Django's order (the parameters sorted by name), the tag's in its place.
        before = escape(urlencode([item for item in kept if item[0] < name], doseq=True))
        after = escape(urlencode([item for item in kept if item[0] > name], doseq=True))
        yield {
            "selected": self.value() is None,
            "query_string": mark_safe("?" + "&amp;".join(part for part in (before, after) if part)),  # noqa: S308
            "display": gettext("All"),
        }
        chosen = self.value()
        before = f"{before}&amp;" if before else ""
        after = f"&amp;{after}" if after else ""
        for pk, _name, title in self.tags:
            yield {
                "selected": chosen == str(pk),
                "query_string": SafeString(f"?{before}{name}={pk}{after}"),  # escaped above
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            tag = int(self.value())
        except ValueError as error:
            raise IncorrectLookupParameters(error) from None
        content_type = ContentType.objects.get_for_model(queryset.model)
        items = TaggedItem.objects.filter(tag_id=tag, content_type=content_type).order_by()
        carriers = items.values("pk")[: DENSE_TAG + 1].count()
        if carriers > DENSE_TAG:
            return queryset.filter(link_condition(items, dense=True))
        # The few carriers, limited as counted: PostgreSQL cannot pull a limited subquery up
        # into a semi-join, whose guess of a tag's share (all types together: tag 1 is on
        # 21,000 articles but 139 images) had it walk 7,859 images for the page (59 → 11 ms).
        return queryset.filter(link_condition(items[: DENSE_TAG + 1]))


class ArchiveAdminMixin:
    """For every ModelAdmin whose list may grow past a few thousand rows."""

    paginator = CappedPaginator
    # Columns the list never shows and that are large (an imported piece's original file).
    list_defer = ()
    # Django counts the whole table a second time for "N of M": once is enough.
    show_full_result_count = False

    def get_changelist(self, request, **kwargs):
        return ArchiveChangeList

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        try:
            page_number = int(request.GET.get(PAGE_VAR, 1))
        except ValueError:
            page_number = 1  # the change list refuses it
        ahead = SEARCH_COUNT_AHEAD if request.GET.get(SEARCH_VAR, "").strip() else None
        return self.paginator(
            queryset, per_page, orphans, allow_empty_first_page, page_number=page_number, ahead=ahead
        )

    def get_list_filter(self, request):
        return tuple(TagListFilter if spec == "tags" else spec for spec in super().get_list_filter(request))

    def list_page(self, rows):
        """The change list's page (its rows, a queryset or a list) with the related rows its
        columns read, loaded in a fixed number of queries; nothing more by default."""
        return rows

    def action_checkbox(self, obj):
        # Django's own markup, written here: rendering a form widget through the template
        # engine for each of 50 rows was a fifth of a content list's Python calls.
        label = cell_html(gettext("Select this object for an action - {}"), obj)
        return cell_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )
