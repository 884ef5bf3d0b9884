"""The 待补标题 tick box is shown where there is something to tick off: on a piece the importer
titled from its first sentence, not on a new piece or a corrected one."""

from django.urls import reverse

from tests.editorial.roles import users  # noqa: F401
from tests.factories import make_article


def test_a_new_article_has_no_derived_title_box(client, users):  # noqa: F811
    client.force_login(users["zuozhe"])
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'id="id_title"' in html and 'id="id_title_derived"' not in html


def test_a_derived_title_is_shown_until_the_editor_clears_it(client, users):  # noqa: F811
    piece = make_article(title="导入的第一句", title_derived=True, created_by=users["zuozhe"], status="draft")
    client.force_login(users["superuser"])
    url = reverse("admin:articles_article_change", args=[piece.pk])
    assert 'id="id_title_derived" checked' in client.get(url).content.decode()
    type(piece).objects.filter(pk=piece.pk).update(title_derived=False)
    assert 'id="id_title_derived"' not in client.get(url).content.decode()
