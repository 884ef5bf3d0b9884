"""images.ImageUse: which piece shows which library image, true after every kind of change."""

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial import workflow
from editorial.models import Status
from galleries.models import GalleryImage
from images import links
from images.models import ImageUse
from images.usage import pieces_using
from speeches.models import Speech, SpeechSection
from tests.editorial.roles import users  # noqa: F401, F811  (fixture)
from tests.factories import make_article, make_speech
from tests.galleries.helpers import make_gallery
from tests.images.helpers import make_image

pytestmark = pytest.mark.django_db


def figure(image, rendition="detail"):
    return f'<figure><img src="{getattr(image, rendition).url}" alt="{image.alt}"></figure>'


def uses(piece):
    content_type = ContentType.objects.get_for_model(piece)
    return set(
        ImageUse.objects.filter(content_type=content_type, object_id=piece.pk).values_list("image", flat=True)
    )


def test_a_new_piece_records_its_head_image_and_the_figures_of_its_body():
    head, shown, spare = make_image(title="题图"), make_image(title="正文图"), make_image(title="闲置")
    article = make_article(head_image=head, body=f"<p>文</p>{figure(shown)}")
    assert uses(article) == {head.pk, shown.pk}
    assert not ImageUse.objects.filter(image=spare).exists()


def test_editing_the_body_swaps_the_rows_and_removing_the_figure_drops_its_row():
    first, second = make_image(), make_image()
    article = make_article(body=figure(first))
    article.body = f"<p>换图</p>{figure(second, 'card')}"
    article.save()
    assert uses(article) == {second.pk}
    article.body = "<p>没有图了</p>"
    article.head_image = first
    article.save()
    assert uses(article) == {first.pk}
    article.head_image = None
    article.save()
    assert uses(article) == set()


def test_a_workflow_write_of_other_fields_keeps_the_rows():
    image = make_image()
    article = make_article(body=figure(image), status=Status.DRAFT, publish_at=None)
    article.status = Status.REVIEW_1
    article.save(update_fields=["status"])
    assert uses(article) == {image.pk}


def test_deleting_a_piece_drops_its_rows_and_deleting_an_image_drops_its_rows():
    kept, dropped = make_image(), make_image()
    article = make_article(body=figure(kept))
    draft = make_article(head_image=dropped, status=Status.DRAFT, publish_at=None)
    article.delete()
    assert not ImageUse.objects.filter(image=kept).exists()
    dropped.delete()  # only a draft shows it: allowed
    assert not ImageUse.objects.filter(object_id=draft.pk).exists()


def test_speech_sections_count_when_added_edited_and_deleted():
    image, other = make_image(), make_image()
    speech = make_speech()
    section = SpeechSection.objects.create(speech=speech, order=0, heading="一", body=figure(image))
    assert uses(speech) == {image.pk}
    section.body = figure(other)
    section.save()
    assert uses(speech) == {other.pk}
    section.delete()
    assert uses(speech) == set()


def test_sections_written_without_signals_count_once_the_workflow_audits_the_save(users):  # noqa: F811
    """The importer bulk-creates sections inside save_piece's ``related``: no post_save."""
    image = make_image()
    speech = make_speech(created_by=users["zuozhe"], status=Status.DRAFT, publish_at=None)

    def related():
        SpeechSection.objects.bulk_create(
            [SpeechSection(speech=speech, order=0, heading="一", body=figure(image))]
        )

    workflow.save_piece(speech, users["zuozhe"], related=related)
    assert uses(speech) == {image.pk}


def test_a_new_speech_whose_sections_are_written_without_signals_counts_them(users):  # noqa: F811
    """The importer's new speech: the piece's own save, then its sections in one INSERT."""
    head, shown = make_image(title="题图"), make_image(title="段落图")
    speech = Speech(title="在座谈会上的讲话", body="<p>开场。</p>", head_image=head, status=Status.DRAFT)

    body = f"<p>文</p>{figure(shown)}{figure(head)}"

    def related():
        SpeechSection.objects.bulk_create([SpeechSection(speech=speech, order=0, heading="一", body=body)])
        return {"sections": [{"order": 0, "number": "", "heading": "一", "body": body}]}

    with CaptureQueriesContext(connection) as captured:
        workflow.save_piece(speech, users["zuozhe"], related=related)
    assert uses(speech) == {head.pk, shown.pk}
    # The sections' bodies are taken from what related() wrote: not read back.
    sql = [query["sql"] for query in captured.captured_queries]
    assert not [s for s in sql if s.startswith("SELECT") and "speeches_speechsection" in s]


def test_written_rows_without_their_image_columns_are_read_back(users):  # noqa: F811
    """A caller whose snapshot of the rows leaves out a column that can show an image."""
    shown = make_image(title="段落图")
    speech = Speech(title="在座谈会上的讲话", body="<p>开场。</p>", status=Status.DRAFT)

    def related():
        SpeechSection.objects.bulk_create(
            [SpeechSection(speech=speech, order=0, heading="一", body=figure(shown))]
        )
        return {"sections": [{"order": 0, "heading": "一"}]}

    workflow.save_piece(speech, users["zuozhe"], related=related)
    assert uses(speech) == {shown.pk}


def test_a_new_piece_showing_no_image_costs_no_query_for_image_uses(users):  # noqa: F811
    """Most of an import: a new piece, sections included, without pictures."""
    speech = Speech(title="没有图的讲话", body="<p>开场。</p>", status=Status.DRAFT)

    def related():
        SpeechSection.objects.bulk_create(
            [SpeechSection(speech=speech, order=0, heading="一", body="<p>文</p>")]
        )
        return {"sections": [{"order": 0, "number": "", "heading": "一", "body": "<p>文</p>"}]}

    with CaptureQueriesContext(connection) as captured:
        workflow.save_piece(speech, users["zuozhe"], related=related)
    sql = [query["sql"] for query in captured.captured_queries]
    assert not [statement for statement in sql if "images_image" in statement]
    # The new sections are not read back (related() returned them); nor is the speech itself.
    assert not [s for s in sql if s.startswith("SELECT") and "speeches_speechsection" in s]
    assert not [s for s in sql if s.startswith("SELECT") and '"speeches_speech"."title"' in s]
    assert uses(speech) == set()


def test_gallery_pictures_count_as_they_are_added_and_removed():
    first, second = make_image(), make_image()
    gallery = make_gallery(pictures=[first])
    assert uses(gallery) == {first.pk}
    item = GalleryImage.objects.create(gallery=gallery, image=second, order=1)
    assert uses(gallery) == {first.pk, second.pk}
    item.delete()
    assert uses(gallery) == {first.pk}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<img src="/media/images/2026/12/abc-detail.webp">', {"images/2026/12/abc-detail.webp"}),
        ('<IMG alt="x" SRC="/media/images/a%20b.jpg">', {"images/a b.jpg"}),
        ('<img src="/media/images/a.jpg?v=1&amp;w=2">', {"images/a.jpg"}),
        ('<img src="https://cdn.example.com/media/x.jpg">', {"x.jpg"}),  # only the path is compared
        ('<img src="https://example.com/photo.jpg">', set()),  # a remote picture is no library image
        ('<img src="/media/">', set()),
        ('<img alt="no source">', set()),
        ("<p>&lt;img src=&quot;/media/fake.jpg&quot;&gt;</p>", set()),  # text about a tag, not a tag
        ("", set()),
        (None, set()),
    ],
)
def test_stored_names_reads_only_real_img_tags_pointing_into_media(html, expected):
    assert links.stored_names(html) == expected


def test_a_body_naming_a_file_no_image_has_records_nothing():
    article = make_article(body='<img src="/media/images/2026/12/missing-detail.webp" alt="">')
    assert uses(article) == set()


def test_the_data_migration_fills_the_rows_from_what_is_stored():
    image, head, picture = make_image(), make_image(), make_image()
    article = make_article(body=figure(image), head_image=head)
    speech = make_speech(sections=[("一、", "标题", figure(image))])
    gallery = make_gallery(pictures=[picture])
    ImageUse.objects.all().delete()
    links.fill(apps)
    assert uses(article) == {image.pk, head.pk}
    assert uses(speech) == {image.pk}
    assert uses(gallery) == {picture.pk}
    links.fill(apps)  # a second run adds nothing twice
    assert ImageUse.objects.count() == 4


def test_where_used_costs_the_same_for_five_and_fifty_pieces(django_assert_max_num_queries):
    image = make_image()
    for count in (5, 50):
        while ImageUse.objects.filter(image=image).count() < count:
            make_article(body=figure(image))
        with django_assert_max_num_queries(3 + 2) as captured:
            found = pieces_using(image)
        assert len(found) == count
        assert not any("LIKE" in query["sql"].upper() for query in captured.captured_queries)


def test_the_image_page_lists_the_pieces_through_the_link_table(staff_client, django_assert_max_num_queries):
    image = make_image()
    gallery = make_gallery(pictures=[image], title="一组车间照片")
    speech = make_speech(title="讲话里的图", sections=[("一、", "标题", figure(image))])
    url = reverse("admin:images_image_change", args=[image.pk])
    with transaction.atomic(), django_assert_max_num_queries(30):
        page = staff_client.get(url).content.decode()
    for piece in (gallery, speech):
        assert (
            reverse(f"admin:{piece._meta.app_label}_{piece._meta.model_name}_change", args=[piece.pk]) in page
        )
    assert "一组车间照片" in page and "讲话里的图" in page
