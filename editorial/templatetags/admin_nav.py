"""The admin's navigation sidebar, written in Python (templates/admin/nav_sidebar.html).

Django's ``admin/app_list.html`` walks every model of every app through the template
engine (a ``{% with %}``, three ``{% translate %}``, the current-page test three times
per model): on a change list it was a seventh of the page's Python calls. This tag
writes the same markup, every value escaped, for the sidebar (no change links).
"""

from urllib.parse import quote

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

register = template.Library()


# The sidebar as written for an app list (DeskAdminSite keeps one per set of rights, language
# and prefix), the addresses the page is under (its app and model) and the language: each
# admin page wrote the same markup again.
_written = {}


@register.simple_tag(takes_context=True)
def sidebar_app_list(context):
    """Django's app_list.html with ``show_changelinks=False``, for ``available_apps``."""
    apps = context.get("available_apps")
    if not apps:
        return format_html("<p>{}</p>", gettext("You don’t have permission to view or edit anything."))
    # Django tests "url in request.path|urlencode", urlencode being quote() with "/" kept.
    path = quote(context["request"].path)
    urls = (url for app in apps for url in (app["app_url"], *(model["admin_url"] for model in app["models"])))
    key = (id(apps), tuple(url for url in urls if url and url in path), get_language())
    kept = _written.get(key)
    if kept is not None and kept[0] is apps:  # the list itself kept alive, so its id is its own
        return kept[1]
    if len(_written) >= 500:
        _written.clear()
    markup = _write(apps, path)
    _written[key] = (apps, markup)
    return markup


def _write(apps, path):
    add = escape(gettext("Add"))
    head = (
        '<thead class="visually-hidden"><tr>'
        f'<th scope="col">{escape(gettext("Model name"))}</th>'
        f'<th scope="col">{escape(gettext("Add link"))}</th>'
        f'<th scope="col">{escape(gettext("Change or view list link"))}</th>'
        "</tr></thead>"
    )
    parts = []
    for app in apps:
        label = escape(app["app_label"])
        current = " current-app" if app["app_url"] in path else ""
        # As {% blocktranslate %}: the name escaped, the sentence as translated.
        title = gettext("Models in the %(name)s application") % {"name": escape(app["name"])}
        parts.append(
            f'<div class="app-{label} module{current}"><table><caption>'
            f'<a href="{escape(app["app_url"])}" class="section" title="{title}">{escape(app["name"])}</a>'
            f"</caption>{head}"
        )
        for model in app["models"]:
            model_name = escape(model["object_name"].lower())
            url = model["admin_url"]
            current = url and url in path
            name = escape(model["name"])
            if url:
                aria = ' aria-current="page"' if current else ""
                name = f'<a href="{escape(url)}"{aria}>{name}</a>'
            if model["add_url"]:
                link = (
                    f'<a href="{escape(model["add_url"])}" class="addlink"'
                    f' aria-describedby="{label}-{model_name}">{add}</a>'
                )
            else:
                link = ""
            parts.append(
                f'<tr class="model-{model_name}{" current-model" if current else ""}">'
                f'<th scope="row" id="{label}-{model_name}">{name}</th><td>{link}</td></tr>'
            )
        parts.append("</table></div>")
    return mark_safe("".join(parts))  # noqa: S308 - every value escaped above
