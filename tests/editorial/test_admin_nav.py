"""The admin's navigation sidebar (editorial/templatetags/admin_nav.py) writes what Django's
admin/app_list.html writes, for each role, on a list, a form and a page of no model."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.editorial.roles import draft_article, users  # noqa: F401

pytestmark = pytest.mark.django_db


def normalised(html):
    """Markup with the whitespace between tags left out and any other run made one space."""
    return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html))).strip()


@pytest.mark.parametrize("role", ["superuser", "zuozhe", "zebian", "zongbian"])
@pytest.mark.parametrize("page", ["list", "form", "password"])
def test_the_sidebar_writes_djangos_app_list(client, users, role, page):  # noqa: F811
    article = draft_article(users[role], title="侧栏")  # each role may open its own draft
    client.force_login(users[role])
    path = {
        "list": reverse("admin:articles_article_changelist"),
        "form": reverse("admin:articles_article_change", args=[article.pk]),
        "password": reverse("admin:password_change"),
    }[page]
    response = client.get(path)
    assert response.status_code == 200
    nav = re.search(r'<nav class="sticky" id="nav-sidebar".*?</nav>', response.content.decode(), re.S)
    ours = normalised(nav.group(0))
    djangos = normalised(
        render_to_string(
            "admin/app_list.html",
            {"app_list": response.context["available_apps"], "show_changelinks": False},
            request=response.wsgi_request,
        )
    )
    assert ours.endswith(djangos + "</nav>")
    assert djangos.count('class="app-') >= 2  # something to compare: the content apps at least
    current = 'class="model-article current-model"'
    assert (current in ours) == (page != "password")
    assert ('aria-current="page"' in ours) == (page != "password")
