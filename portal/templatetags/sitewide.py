"""``{% sitewide %}``: markup every page prints alike, rendered once per process and language.

The head's links, the navigation and the footer are the same on every public page for
a language; rendering them was a sixth of an uncached article page (``python -m
bench.profile_pages``: 13,724 Python calls, 11,646 with them kept). The rendered text is kept on
the template node, so by the process: a deploy (new translations, new templates)
starts with none. It is keyed by the active language, the URL configuration and
script prefix (the addresses in it), and the values the tag names::

    {% sitewide SITE_NAME %}<nav>…</nav>{% endsitewide %}

Whatever varies by request (the query in the search box, the current address) stays
outside the block.
"""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from editorial.slugs import url_settings

register = template.Library()

# A handful of languages and settings at most; a test suite changing settings makes more.
MAX_VARIANTS = 32


class SitewideNode(template.Node):
    # Not walked for {% block %} tags (a block inside would be kept, never overridden):
    # ExtendsNode walks base.html's whole tree for them on every request, and most of
    # that tree is these blocks (article page 8,895 -> 8,576 Python calls, tag 13,784 -> 13,466).
    child_nodelists = ()

    def __init__(self, nodelist, vary_on):
        self.nodelist = nodelist
        self.vary_on = vary_on
        self.rendered = {}

    def render(self, context):
        script_prefix, urlconf = url_settings()  # read once a request
        key = (
            get_language(),
            urlconf,
            script_prefix,
            *(value.resolve(context) for value in self.vary_on),
        )
        text = self.rendered.get(key)
        if text is None:
            text = self.nodelist.render(context)
            if len(self.rendered) >= MAX_VARIANTS:
                self.rendered.clear()
            self.rendered[key] = text
        return mark_safe(text)  # noqa: S308 - the template's own output, escaped as it rendered


@register.tag
def sitewide(parser, token):
    vary_on = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endsitewide",))
    parser.delete_first_token()
    return SitewideNode(nodelist, vary_on)
