"""`load_demo` arranges the home page and a 专题 from the imported samples only."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article
from editorial.models import AuditEntry
from portal.models import Placement, Slot, Topic
from portal.placements import AUDIT_CODE

pytestmark = pytest.mark.django_db


def test_the_demo_home_page_holds_only_samples_and_a_second_run_changes_nothing(client):
    call_command("load_demo", stdout=io.StringIO())
    placements = list(Placement.objects.select_related("slot").order_by("slot__kind", "position"))
    samples = set(Article.objects.live().exclude(original_document=None).values_list("pk", flat=True))
    assert placements and {p.object_id for p in placements} <= samples
    lead = Article.objects.get(pk=Placement.objects.get(slot__kind=Slot.Kind.LEAD).object_id)
    assert lead.head_image_url  # the newest sample with a picture leads
    assert Slot.objects.filter(kind=Slot.Kind.COLUMN, column__name="中工理论").exists()
    entries = AuditEntry.objects.filter(code=AUDIT_CODE).count()
    call_command("load_demo", stdout=io.StringIO())
    assert list(Placement.objects.order_by("slot__kind", "position")) == placements
    assert AuditEntry.objects.filter(code=AUDIT_CODE).count() == entries

    html = client.get(reverse("portal:home")).content.decode()
    assert lead.title in html[html.index('id="front-lead"') : html.index('id="front-top"')]
    # Offline the remote picture gives way to the designed card drawn under it.
    assert 'class="pic__placeholder"' in html and "referrerpolicy" in html


def test_the_demo_topic_gathers_the_samples_tagged_labour_model_spirit(client):
    call_command("load_demo", stdout=io.StringIO())
    topic = Topic.objects.get(title="劳模精神")
    html = client.get(topic.get_absolute_url()).content.decode()
    tagged = Article.objects.live().filter(tags__name="劳模精神")
    assert tagged.exists()
    for article in tagged:
        assert article.display_title in html
