"""The escaping and dates every card's markup is built from (portal/templatetags/cards.py).

Content types build their card's meta line with these (``card_meta`` of the contract),
so each value is escaped the one way the cards escape it.
"""

from html import escape

from django.utils import timezone


def e(value):
    """HTML-escape ``value`` (quotes included), as Django's ``escape`` does, without its lazy checks."""
    return escape(str(value))


def date_tag(value, tz=None):
    """``<time>`` for a date or an aware datetime, printed as the site's short date (Y-m-d).

    A list passes the current time zone (``tz``) once for all its dates.
    """
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value, tz)
        return f'<time datetime="{value.isoformat()}">{value:%Y-%m-%d}</time>'
    return f'<time datetime="{value.isoformat()}">{value.isoformat()}</time>'
