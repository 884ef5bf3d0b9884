"""图集: a story told in pictures from the image library, each with its own caption and credit.

A gallery is a content type like an article: the editorial base fields, the whole
workflow (三审, revisions, preview, scheduling, audit), and a column. Its head image is
its cover; its pictures are ``GalleryImage`` rows in order. It answers the content-type
contract (editorial.models.EditorialContent) here, so the shared layer lists, checks,
indexes, feeds and snapshots it without naming it.
"""

from html import escape

from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from editorial.cards import date_tag, e
from editorial.models import EditorialContent, interpolate_lazy
from editorial.roles import workflow_permissions
from editorial.slugs import slug_url


class Gallery(EditorialContent):
    column = models.ForeignKey(
        "articles.Column",
        verbose_name=_("栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="galleries",
    )

    LISTING_FIELDS = (*EditorialContent.LISTING_FIELDS, "column")
    INLINES = {"items": ("image", "caption", "credit", "order")}
    LIST_DESCRIPTION = _("%(site)s的图集：用一组图片讲述劳动者的故事，最新的在前。")

    class Meta(EditorialContent.Meta):
        verbose_name = _("图集")
        verbose_name_plural = _("图集")
        permissions = workflow_permissions("gallery", "图集")
        indexes = [
            models.Index(fields=["status", "publish_at"], name="gallery_live"),
            models.Index(fields=["-publish_at", "-id", "status", "expire_at"], name="gallery_listing"),
            # Which of a few hundred pieces (a tag's, a person's) are live, without reading
            # their rows: on SQLite a row's status sits past its body's overflow pages.
            models.Index(fields=["id", "publish_at", "status", "expire_at"], name="gallery_live_by_id"),
            models.Index(fields=["expire_at"], condition=Q(expire_at__isnull=False), name="gallery_expiry"),
            # The header's 退回修改 figure and the desk's 我的稿件, on every admin page.
            models.Index(fields=["created_by", "status"], name="gallery_author_status"),
            # A 作者's list (their own pieces, newest first) and its date navigation: without
            # it PostgreSQL scanned the table for a year's first piece of theirs (12-17 ms a
            # year) and SQLite sorted their 14,000 articles for the page (79 ms).
            models.Index(fields=["created_by", "-publish_at", "-id"], name="gallery_author_listing"),
            # The admin's sortable columns (editorial/changelist.py: the stored key, ties by id).
            models.Index(fields=["title", "id"], name="gallery_title_order"),
            models.Index(fields=["column", "id"], name="gallery_column_order"),
            models.Index(fields=["status", "id"], name="gallery_status_order"),
            # The desk's 需处理 (the newest 200 pieces in the workflow): SQLite read and
            # sorted the rows of all 4,000 at 100,000 articles (22-47 ms; 2 ms with it; PostgreSQL
            # reads them either way, 7 ms).
            models.Index(fields=["status", "updated_at"], name="gallery_status_updated"),
        ]

    def get_absolute_url(self):
        return slug_url("galleries:detail", self.slug)

    @classmethod
    def with_card_relations(cls, queryset):
        """A card links the column, shows the cover and says how many pictures (one query).

        Without a cover of its own, a gallery's card shows its first picture: its card
        rendition and alt text come in the same query, as subqueries.
        """
        fields = (*cls.LISTING_FIELDS, "column__name", "column__slug")
        first = GalleryImage.objects.filter(gallery=OuterRef("pk")).order_by("order", "pk")
        return (
            queryset.select_related("column")
            .only(*fields)
            .annotate(
                picture_count=Count("items"),
                first_card=Subquery(first.values("image__card")[:1]),
                first_alt=Subquery(first.values("image__alt")[:1]),
            )
        )

    @property
    def cover(self):
        """The cover: the head image, else the first picture (from the page's prefetch)."""
        if self.head_image_id:
            return self.head_image
        items = list(self.items.all())
        return items[0].image if items else None

    @property
    def head_image_src(self):
        cover = self.cover
        return cover.detail.url if cover is not None and cover.detail else self.head_image_url

    @property
    def card_image_src(self):
        first = getattr(self, "first_card", None)  # with_card_relations
        if not self.head_image_id and first:
            return default_storage.url(first)
        return super().card_image_src

    @property
    def card_image_alt(self):
        if not self.head_image_id and getattr(self, "first_card", None):
            return self.first_alt
        return super().card_image_alt

    @property
    def head_image_text(self):
        cover = self.cover
        return cover.alt if cover is not None else self.head_image_alt

    def reading_text(self):
        # The text a reader reads: the introduction, then every caption.
        return "\n".join([self.text, *(item.shown_caption for item in self.items.all())])

    # The content-type contract (editorial.models.EditorialContent).

    def inline_texts(self, rows=None):
        if rows is None:
            rows = self.items.all() if self.pk else []
        return [
            (
                interpolate_lazy(_("第 %(number)s 张图片的说明"), {"number": number}),
                f"{row.caption}\n{row.credit}",
            )
            for number, row in enumerate(rows, start=1)
        ]

    def has_content(self, rows=None):
        """A gallery is its pictures: one picture is something to show, even with no text."""
        if rows is None:
            rows = self.items.all() if self.pk else []  # the admin list prefetches them
        return len(rows) > 0

    def card_meta(self):
        meta = []
        if self.column_id:
            column = self.column
            meta.append(f'<a class="card__column" href="{e(column.get_absolute_url())}">{e(column.name)}</a>')
        count = getattr(self, "picture_count", None)
        if count:
            meta.append(f'<span class="card__count">{e(_("%(count)s 张图片") % {"count": count})}</span>')
        meta.append(date_tag(self.publish_at))
        return meta

    @classmethod
    def feed_queryset(cls, queryset):
        return queryset.prefetch_related(
            "tags", models.Prefetch("items", GalleryImage.objects.select_related("image"))
        )

    def feed_html(self):
        figures = "".join(
            f'<figure><img src="{escape(item.image.detail.url)}" alt="{escape(item.image.alt)}">'
            f"<figcaption>{escape(item.shown_caption)}</figcaption></figure>"
            for item in self.items.all()
            if item.image.detail
        )
        return self.body + figures

    def breadcrumbs(self):
        if self.column_id:
            return [(column.name, column.get_absolute_url()) for column in self.column.path]
        return super().breadcrumbs()

    def section_name(self):
        return self.column.name if self.column_id else None


class GalleryImage(models.Model):
    """One picture of a gallery, in order, with the caption and credit printed under it."""

    gallery = models.ForeignKey(Gallery, on_delete=models.CASCADE, related_name="items")
    image = models.ForeignKey(
        "images.Image", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="gallery_items"
    )
    caption = models.CharField(
        _("图片说明"), max_length=500, blank=True, help_text=_("留空则用图片库里的说明。")
    )
    credit = models.CharField(
        _("署名"), max_length=100, blank=True, help_text=_("留空则用图片库里的摄影和来源。")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = _("图集图片")
        verbose_name_plural = _("图集图片")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.shown_caption or str(self.image)

    @property
    def shown_caption(self):
        """The caption readers see: this gallery's, else the library's."""
        return self.caption or self.image.caption

    @property
    def shown_credit(self):
        """The credit readers see: this gallery's, else the library's 摄影 and 来源."""
        if self.credit:
            return self.credit
        parts = []
        if self.image.photographer:
            parts.append(_("摄影：%(name)s") % {"name": self.image.photographer})
        if self.image.source:
            parts.append(_("来源：%(source)s") % {"source": self.image.source})
        return "　".join(str(part) for part in parts)
