"""A list's page links (templates/includes/pagination.html), written in Python.

As template markup (its conditions, two ``{% querystring %}``, three translated labels
and a ``{% blocktranslate %}``) it was some 500 Python calls on every list and tag page.
The markup and the addresses are those the template wrote.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _address(request, number):
    # What {% querystring page=number %} writes: the request's query with its page replaced.
    query = request.GET.copy()
    query["page"] = number
    return escape(f"?{query.urlencode()}")


@register.simple_tag(takes_context=True)
def pagination(context):
    page = context.get("page_obj")
    if not page or not page.has_other_pages():
        return ""
    request = context["request"]
    parts = [f'<nav class="pagination" aria-label="{escape(_("分页"))}">']
    if page.has_previous():
        address = _address(request, page.previous_page_number())
        parts.append(f'<a rel="prev" href="{address}">{escape(_("上一页"))}</a>')
    current = _("第 %(number)s / %(total)s 页") % {"number": page.number, "total": page.paginator.num_pages}
    parts.append(f'<span class="pagination__current" aria-current="page">{escape(current)}</span>')
    if page.has_next():
        address = _address(request, page.next_page_number())
        parts.append(f'<a rel="next" href="{address}">{escape(_("下一页"))}</a>')
    parts.append("</nav>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
