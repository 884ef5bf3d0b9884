"""{% sitewide %}: the header and footer rendered once per process, language and address scheme."""

import itertools

import pytest
from django.template import engines
from django.urls import reverse, set_script_prefix
from django.utils import translation

pytestmark = pytest.mark.django_db


def render(template, **context):
    return template.render(context)


def test_a_block_is_rendered_once_per_language_prefix_and_named_value():
    template = engines["django"].from_string(
        "{% load i18n sitewide %}{% sitewide name %}{{ counter }} {% translate '搜索' %}{% endsitewide %}"
    )
    counter = itertools.count().__next__  # a callable: the template calls it
    with translation.override("zh-hans"):
        first = render(template, counter=counter, name="工人网")
        assert first == render(template, counter=counter, name="工人网") == "0 搜索"
        assert render(template, counter=counter, name="劳动网") == "1 搜索"
    with translation.override("en"):
        assert render(template, counter=counter, name="工人网") == "2 Search"
    set_script_prefix("/news/")
    try:
        with translation.override("zh-hans"):
            assert render(template, counter=counter, name="工人网") == "3 搜索"
    finally:
        set_script_prefix("/")


def test_what_varies_by_request_stays_outside_the_kept_markup(client):
    page = client.get(reverse("search:results"), {"q": "劳模工匠"}).content.decode()
    assert 'name="q" value="劳模工匠"' in page
    other = client.get(reverse("portal:tag_list")).content.decode()
    assert 'name="next" value="/tags/"' in other and 'value="劳模工匠"' not in other
    english = client.get(reverse("portal:tag_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Topics" in english and "专题</a>" not in english.split("<main")[0]
