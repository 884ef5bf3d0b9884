"""The change list's date navigation, answered from an index (editorial.changelist).

Django's ``{% date_hierarchy %}`` asks the database for the distinct years (months, days)
of every row, truncated in the local time zone row by row; this tag gives the same
links and titles from ``changelist.dates_with_rows``. templates/admin/change_list.html
puts it in place of Django's on every change list.
"""

import datetime

from django import template
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.utils import formats
from django.utils.encoding import iri_to_uri
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from editorial.changelist import date_range, dates_with_rows

register = template.Library()


def _number(value):
    try:
        return int(value[-1] if isinstance(value, list) else value)
    except (TypeError, ValueError):
        return None


def _result_list(cl):
    """Django's ``result_list``, the rows written by the change list when it can
    (``ArchiveChangeList.rows``: each column's way worked out once, not per cell)."""
    headers = list(admin_list.result_headers(cl))
    rows = cl.rows() if hasattr(cl, "rows") else list(admin_list.results(cl))
    return {
        "cl": cl,
        "result_hidden_fields": list(admin_list.result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": rows,
    }


@register.tag
def archive_result_list(parser, token):
    return InclusionAdminNode(
        parser, token, func=_result_list, template_name="change_list_results.html", takes_context=False
    )


@register.inclusion_tag("admin/date_hierarchy.html")
def indexed_date_hierarchy(cl):
    field_name = cl.date_hierarchy
    year_field, month_field, day_field = (f"{field_name}__{part}" for part in ("year", "month", "day"))
    year = _number(cl.params.get(year_field))
    month = _number(cl.params.get(month_field))
    day = _number(cl.params.get(day_field))

    def link(filters):
        return cl.get_query_string(filters, [f"{field_name}__"])

    bounds = None
    if not (year or month or day):
        bounds = date_range(cl.queryset, field_name)
        if bounds is None:
            return {"show": True, "back": None, "choices": []}
        # As Django: rows all in one year (one month) open at that year (month).
        first, last = bounds
        if first.year == last.year:
            year = first.year
            if first.month == last.month:
                month = first.month
    if year and month and day:
        chosen = datetime.date(year, month, day)
        return {
            "show": True,
            "back": {
                "link": link({year_field: year, month_field: month}),
                "title": capfirst(formats.date_format(chosen, "YEAR_MONTH_FORMAT")),
            },
            "choices": [{"title": capfirst(formats.date_format(chosen, "MONTH_DAY_FORMAT"))}],
        }
    if bounds is None:
        bounds = date_range(cl.queryset, field_name)
    # A searched list offers every period between its first and last match: asking each
    # period for a match tests the search on every row of a period holding none (the audit
    # log searched for 工匠 on PostgreSQL: a scan of the log per year, 202 ms uncached).
    found = (
        dates_with_rows(cl.queryset, field_name, bounds, year, month, probe=not cl.query) if bounds else []
    )
    if year and month:
        return {
            "show": True,
            "back": {"link": link({year_field: year}), "title": str(year)},
            "choices": [
                {
                    "link": link({year_field: year, month_field: month, day_field: found_day.day}),
                    "title": capfirst(formats.date_format(found_day, "MONTH_DAY_FORMAT")),
                }
                for found_day in found
            ],
        }
    if year:
        return {
            "show": True,
            "back": {"link": link({}), "title": _("全部日期")},
            "choices": [
                {
                    "link": link({year_field: year, month_field: found_month.month}),
                    "title": capfirst(formats.date_format(found_month, "YEAR_MONTH_FORMAT")),
                }
                for found_month in found
            ],
        }
    return {
        "show": True,
        "back": None,
        "choices": [
            {"link": link({year_field: str(found_year.year)}), "title": str(found_year.year)}
            for found_year in found
        ],
    }


@register.filter
def choice_items(choices):
    """A list filter's choices as Django's admin/filter.html writes them (<li>, link, name),
    built in Python (templates/admin/filter.html, every list filter): the 标签 filter offers
    every tag, and the template's loop over 300 of them was a seventh of a content list's
    Python calls (editorial.changelist.TagListFilter); the other filters of an article
    list, a twentieth. Values are escaped here as the template's autoescape would, unless
    marked safe (the tag filter's, escaped once per list or once per tag)."""
    return mark_safe(  # noqa: S308 - every value escaped below
        "\n".join(
            f"<li{SELECTED if choice['selected'] else ''}>"
            f'<a href="{_escaped(choice["query_string"], iri_to_uri)}">{_escaped(choice["display"])}</a></li>'
            for choice in choices
        )
    )


def _escaped(value, prepare=str):
    return value if isinstance(value, SafeData) else escape(prepare(value))


SELECTED = ' class="selected"'
