"""A new piece readers cannot see purges nothing: every cached page stays a hit."""

import pytest

from editorial.models import Status
from tests.edge.test_surrogate_keys import PAGES, _warm, read
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW_1])
def test_a_new_piece_readers_cannot_see_purges_no_page(client, site, status):
    _warm(client, site)
    make_article(title="还没人能看到的一篇", column=site.column, status=status)
    for name, path in PAGES.items():
        response = read(client, path(site))
        assert response["X-Page-Cache"] == "hit", f"{name} was purged by a new {status}"
        assert "还没人能看到的一篇" not in response.content.decode()


def test_an_import_of_drafts_purges_no_page(client, site, tmp_path):
    from django.core.management import call_command

    document = tmp_path / "doc.md"
    document.write_text(
        "---\ntitle: 导入的草稿\ntags: [劳模]\n---\n<p>导入的正文，劳模精神。</p>\n", encoding="utf-8"
    )
    _warm(client, site)
    call_command("import_documents", str(document), verbosity=0)
    for name, path in PAGES.items():
        assert read(client, path(site))["X-Page-Cache"] == "hit", f"{name} was purged by a draft import"
