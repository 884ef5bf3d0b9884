import functools
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from editorial.models import LiveQuerySet, Status
from editorial.slugs import slug_url


class SearchEntry(models.Model):
    """One searchable document: a snapshot of a piece, person or event.

    Visibility is not decided at index time: status, publish_at and expire_at are
    copied here and filtered with the same `LiveQuerySet.live()` every public page
    uses, so a scheduled piece appears and an expired one disappears without a
    reindex. The full-text structures (an FTS5 table on SQLite, a GIN-indexed
    tsvector column on PostgreSQL) live beside this table and are kept by
    `search.backends`.
    """

    # Results pages carry the key "search" (editorial/surrogate.py), purged by any entry's change.
    SURROGATE_PREFIX = None
    SURROGATE_CHANGE_KEYS = ("search",)

    # A content type's kind (``article``, ``speech``… from the registry), ``person`` or ``event``:
    # no fixed choices, so a new type is searchable without a migration here (kinds()).
    kind = models.CharField(_("类型"), max_length=10)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    title = models.CharField(_("标题"), max_length=500)
    # What stands with the title on the page (kicker, subtitle, short title; a person's
    # aliases): matched and ranked like the title, not printed in the results list.
    title_extra = models.TextField(_("标题补充"), blank=True)
    summary = models.TextField(_("摘要"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    slug = models.CharField(_("网址"), max_length=100)
    # People and events have no workflow: they are indexed as published at creation.
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices)
    publish_at = models.DateTimeField(_("发布时间"), null=True)
    expire_at = models.DateTimeField(_("下线时间"), null=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True)
    # Tag slugs between spaces (" laomo gongjiang ") so one LIKE finds a whole slug.
    tag_slugs = models.TextField(_("标签"), blank=True)
    # Segmented text per field; the backends build their full-text index from these.
    title_tokens = models.TextField(blank=True)
    summary_tokens = models.TextField(blank=True)
    body_tokens = models.TextField(blank=True)
    # (publish_at second, id) as one integer (search.backends.order_key): the FTS5 rowid on
    # SQLite, the walk order on PostgreSQL; results are read newest first in this order.
    sort_key = models.BigIntegerField(null=True, unique=True, editable=False)

    objects = LiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("搜索条目")
        verbose_name_plural = _("搜索条目")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_unique_object")
        ]
        indexes = [
            models.Index(fields=["status", "publish_at"], name="search_entry_live"),
            # Walking the index in order, each match's visibility and filters are read
            # here rather than from a row whose long text comes first.
            models.Index(
                fields=["sort_key", "status", "publish_at", "expire_at", "kind", "year"],
                name="search_entry_walk",
            ),
        ]

    def __str__(self):
        return f"{self.kind_label}：{self.title}"

    def get_absolute_url(self):
        return slug_url(kinds()[self.kind].url_name, self.slug)

    @property
    def kind_label(self):
        return kinds()[self.kind].label

    @property
    def is_piece(self):
        """A piece of content (dated), not a person or an event."""
        return kinds()[self.kind].is_piece


@dataclass(frozen=True)
class Kind:
    label: str
    url_name: str
    is_piece: bool = True


@functools.cache
def kinds():
    """What the index holds, by ``kind``: every content type of the registry, people, events."""
    from editorial.registry import content_types

    found = {
        model.kind(): Kind(model._meta.verbose_name, model.url_name("detail")) for model in content_types()
    }
    found["person"] = Kind(_("人物"), "people:detail", is_piece=False)
    found["event"] = Kind(_("活动"), "events:detail", is_piece=False)
    return found
