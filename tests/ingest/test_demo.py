"""`load_demo` (so `make run`) imports the five sample documents through import_documents."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from editorial.models import Status
from speeches.models import Speech

pytestmark = pytest.mark.django_db

SAMPLE_TITLES = {
    "大力弘扬劳模精神 劳动精神 工匠精神",
    "大力弘扬劳模精神劳动精神工匠精神",
    "培养大国工匠、弘扬工匠精神 习近平这样要求",
    "大力弘扬劳模精神、劳动精神、工匠精神",
}


def test_load_demo_publishes_the_clean_samples_and_holds_the_speech_template_back(client):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "created 5" in out.getvalue()
    imported = Article.objects.exclude(original_filename="")
    assert set(imported.values_list("title", flat=True)) == SAMPLE_TITLES
    assert set(imported.values_list("status", flat=True)) == {Status.PUBLISHED}
    page = client.get("/articles/").content.decode()
    assert all(title in page for title in SAMPLE_TITLES)
    # The speech sample is a template full of placeholders (X月底, XX…): imported whole,
    # kept a draft, and the output says why, as the workflow never lets readers see it.
    speech = Speech.objects.get(original_filename="004_1047f13188a3d2d4.txt")
    assert speech.status == Status.DRAFT and not speech.is_live()
    assert len(speech.sections.all()) == 3 and speech.salutation == "各位劳模、同志们："
    assert "保存为草稿：004_1047f13188a3d2d4.txt" in out.getvalue()
    assert client.get(speech.get_absolute_url()).status_code == 404

    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "unchanged 5" in out.getvalue()
    assert Article.objects.exclude(original_filename="").count() == 4
    assert Speech.objects.exclude(original_filename="").count() == 1
