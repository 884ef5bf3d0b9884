from html import escape

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from editorial.cards import date_tag, e
from editorial.models import EditorialContent, interpolate_lazy
from editorial.sanitize import plain_text, sanitize
from editorial.slugs import slug_url
from editorial.syndication import paragraph


class Speech(EditorialContent):
    """A speech: the body holds what comes before the first numbered section."""

    SURROGATE_PREFIX = "s"  # s7 (editorial/surrogate.py)

    speaker = models.ForeignKey(
        "people.Person",
        verbose_name=_("讲话人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speeches",
    )
    occasion = models.ForeignKey(
        "events.Event",
        verbose_name=_("场合"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speeches",
    )
    delivered_on = models.DateField(_("讲话日期"), null=True, blank=True)
    venue = models.CharField(_("地点"), max_length=200, blank=True)
    salutation = models.CharField(
        _("称呼"), max_length=200, blank=True, help_text=_("如「各位劳模、同志们：」")
    )
    closing = models.CharField(_("结束语"), max_length=200, blank=True, help_text=_("如「谢谢大家！」"))

    LISTING_FIELDS = (*EditorialContent.LISTING_FIELDS, "speaker", "occasion", "delivered_on")
    READER_FIELDS = (*EditorialContent.READER_FIELDS, "salutation", "closing", "venue")
    INLINES = {"sections": ("order", "number", "heading", "body")}
    CARD_IMAGE = False
    LIST_DESCRIPTION = _("%(site)s收录的讲话全文，最新的在前。")

    class Meta(EditorialContent.Meta):
        verbose_name = _("讲话")
        verbose_name_plural = _("讲话")
        # As for articles: the list order with the .live() columns, so lists read no rows.
        indexes = [
            models.Index(fields=["status", "publish_at"], name="speech_live"),
            models.Index(fields=["-publish_at", "-id", "status", "expire_at"], name="speech_listing"),
            # Which of a few hundred pieces (a tag's, a person's) are live, without reading
            # their rows: on SQLite a row's status sits past its body's overflow pages.
            models.Index(fields=["id", "publish_at", "status", "expire_at"], name="speech_live_by_id"),
            models.Index(fields=["expire_at"], condition=Q(expire_at__isnull=False), name="speech_expiry"),
            models.Index(fields=["content_hash"], name="speech_content_hash"),
            models.Index(fields=["original_url"], name="speech_original_url"),  # re-import look-up
            # The admin's sort by title (editorial/changelist.py: ties by id in the same direction).
            models.Index(fields=["title", "id"], name="speech_title_order"),
            # The header's 退回修改 figure and the desk's 我的稿件, on every admin page.
            models.Index(fields=["created_by", "status"], name="speech_author_status"),
            # A 作者's list (their own pieces, newest first) and its date navigation: without
            # it PostgreSQL scanned the table for a year's first piece of theirs (12-17 ms a
            # year) and SQLite sorted their 14,000 articles for the page (79 ms).
            models.Index(fields=["created_by", "-publish_at", "-id"], name="speech_author_listing"),
            # The admin's other sortable columns (讲话人, 场合, 讲话日期, 状态): editorial/changelist.py
            # sorts by the stored key, ties by id, so a page is read off one of these.
            models.Index(fields=["speaker", "id"], name="speech_speaker_order"),
            models.Index(fields=["occasion", "id"], name="speech_occasion_order"),
            models.Index(fields=["delivered_on", "id"], name="speech_delivered_order"),
            models.Index(fields=["status", "id"], name="speech_status_order"),
            # The desk's 需处理 (the newest 200 pieces in the workflow): SQLite read and
            # sorted the rows of all 4,000 at 100,000 articles (22-47 ms; 2 ms with it; PostgreSQL
            # reads them either way, 7 ms).
            models.Index(fields=["status", "updated_at"], name="speech_status_updated"),
        ]

    def get_absolute_url(self):
        return slug_url("speeches:detail", self.slug)

    @classmethod
    def with_card_relations(cls, queryset):
        """A card names the speaker and the occasion."""
        fields = (*cls.LISTING_FIELDS, "speaker__name", "occasion__name")
        return queryset.select_related("speaker", "occasion").only(*fields)

    @classmethod
    def page_relations(cls):
        """Also the sections, in order."""
        return {**super().page_relations(), "sections": lambda pk: SpeechSection.objects.filter(speech=pk)}

    # The content-type contract (editorial.models.EditorialContent).

    @classmethod
    def import_mapping(cls):
        from speeches.importing import SpeechImport

        return SpeechImport(cls)

    def inline_texts(self, rows=None):
        if rows is None:
            rows = self.sections.all() if self.pk else []
        return [
            (
                # A section is numbered as its text has it (「一、」「（二）」): 第 一 节, not 第 一、 节.
                interpolate_lazy(
                    _("第 %(number)s 节"), {"number": row.number.strip(" （）()、.．，,:：") or row.order + 1}
                ),
                f"{row.heading}\n{plain_text(row.body)}",
            )
            for row in rows
        ]

    def card_meta(self):
        meta = []
        if self.speaker_id:
            meta.append(f'<span class="card__authors">{e(self.speaker.name)}</span>')
        if self.occasion_id:
            meta.append(f"<span>{e(self.occasion.name)}</span>")
        meta.append(date_tag(self.delivered_on or self.publish_at))
        return meta

    @classmethod
    def feed_queryset(cls, queryset):
        sections = models.Prefetch("sections", SpeechSection.objects.all(), to_attr="feed_sections")
        return queryset.select_related("speaker").prefetch_related("tags", sections)

    def feed_html(self):
        # As on its page: salutation, body, numbered sections, closing.
        return "".join(
            [
                paragraph(self.salutation),
                self.body,
                *(f"<h2>{escape(s.number + s.heading)}</h2>{s.body}" for s in self.feed_sections),
                paragraph(self.closing),
            ]
        )

    def signed_by(self):
        return [self.speaker.name] if self.speaker_id else []

    @classmethod
    def readable_inline(cls, name, rows, name_of):
        return "\n\n".join(
            f"{row.get('number', '')}{row.get('heading', '')}\n{plain_text(row.get('body', ''))}".strip()
            for row in rows or []
        )

    @classmethod
    def person_sections(cls, person):
        return [(_("发表的讲话"), Q(speaker=person))]

    @classmethod
    def person_holders(cls, live):
        return Q(pk__in=live.filter(speaker__isnull=False).values("speaker")) | super().person_holders(live)

    @classmethod
    def event_filter(cls, event):
        # Two index look-ups (the occasion column, the events links), not a scan of a join.
        return Q(occasion=event) | super().event_filter(event)

    @classmethod
    def event_holders(cls, live):
        return Q(pk__in=live.filter(occasion__isnull=False).values("occasion")) | super().event_holders(live)

    def reading_text(self):
        # Uses the detail view's prefetched sections: no query of its own there.
        sections = (f"{part.number}{part.heading}\n{plain_text(part.body)}" for part in self.sections.all())
        return "\n".join([self.salutation, self.text, *sections, self.closing])


class SpeechSection(models.Model):
    """A numbered part of a speech (一、二、三…), kept in order for the contents list."""

    speech = models.ForeignKey(Speech, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    number = models.CharField(_("序号"), max_length=10, blank=True, help_text=_("如「一、」"))
    heading = models.CharField(_("小标题"), max_length=300)
    body = models.TextField(_("正文"), blank=True)

    class Meta:
        verbose_name = _("讲话段落")
        verbose_name_plural = _("讲话段落")
        ordering = ["order", "pk"]

    def __str__(self):
        return f"{self.number}{self.heading}"

    def save(self, *args, **kwargs):
        self.body = sanitize(self.body)
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"section-{self.order + 1}"
