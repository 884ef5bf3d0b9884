"""What editors choose for readers: the home page's slots (推荐位) and special topics (专题).

Both point at pieces of any registered content type (articles, speeches, later
galleries) through a content type and an id, so portal names no type.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from editorial.sanitize import plain_text
from editorial.slugs import slug_url, unique_slug


class PieceRef(models.Model):
    """A chosen piece: an article, a speech… by content type and id."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("内容类型"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("稿件编号"))
    position = models.PositiveIntegerField(_("顺序"), default=0)

    class Meta:
        abstract = True

    @property
    def piece_key(self):
        return (self.content_type_id, self.object_id)


class Slot(models.Model):
    """A named place on the home page that editors fill: 头条, 焦点图, 要闻, a column's block."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("头条")
        FOCUS = "focus", _("焦点图")
        TOP = "top", _("要闻")
        COLUMN = "column", _("栏目")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    column = models.ForeignKey(
        "articles.Column",
        verbose_name=_("栏目"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="home_slots",
        help_text=_("栏目区块展示的栏目；编辑没有选稿时，按此栏目的最新文章补足。"),
    )
    size = models.PositiveSmallIntegerField(
        _("条数"), default=5, help_text=_("首页展示的条数；选定的稿件不足时按规则补足最新稿件。")
    )
    position = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("栏目区块在首页的先后。"))

    class Meta:
        verbose_name = _("推荐位")
        verbose_name_plural = _("推荐位")
        ordering = ["position", "pk"]
        permissions = [("arrange_slot", _("编排推荐位（选稿、排序、设置到期）"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=~models.Q(kind="column"), name="slot_one_per_fixed_kind"
            ),
            models.UniqueConstraint(fields=["column"], name="slot_one_per_column"),
        ]

    def __str__(self):
        if self.kind == self.Kind.COLUMN and self.column_id:
            return _("栏目：%(column)s") % {"column": self.column.name}
        return str(self.get_kind_display())

    def clean(self):
        super().clean()
        if self.kind == self.Kind.COLUMN and not self.column_id:
            raise ValidationError({"column": _("栏目区块须选择栏目。")})
        if self.kind != self.Kind.COLUMN and self.column_id:
            raise ValidationError({"column": _("只有栏目区块选择栏目。")})
        if not 1 <= self.size <= 20:
            raise ValidationError({"size": _("条数须在 1 到 20 之间。")})


class Placement(PieceRef):
    """One piece an editor put in a slot, in order, until an optional moment."""

    slot = models.ForeignKey(
        Slot, verbose_name=_("推荐位"), on_delete=models.CASCADE, related_name="placements"
    )
    expires_at = models.DateTimeField(
        _("到期时间"),
        null=True,
        blank=True,
        help_text=_("到期后自动撤下，推荐位按规则补足。留空则一直保留。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编排人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("编排时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("推荐稿件")
        verbose_name_plural = _("推荐稿件")
        ordering = ["slot", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "content_type", "object_id"], name="placement_once_per_slot"
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="placement_expiry")]

    def __str__(self):
        return f"{self.slot} #{self.position}"


class Topic(models.Model):
    """专题: coverage of one subject, gathered by editors and, optionally, by a tag."""

    title = models.CharField(_("标题"), max_length=100)
    slug = models.SlugField(
        _("网址"), max_length=100, unique=True, blank=True, help_text=_("留空则按标题生成拼音。")
    )
    introduction = models.TextField(_("导语"), blank=True, help_text=_("纯文本，空一行分段。"))
    banner = models.ForeignKey(
        "images.Image",
        verbose_name=_("题图"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("从图片库选择；横幅宽图最好，标题压在图片下部。"),
    )
    tag = models.ForeignKey(
        "editorial.Tag",
        verbose_name=_("标签规则"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("选了标签，带此标签的新稿件自动收入“最新报道”。"),
    )
    is_published = models.BooleanField(_("公开"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("专题")
        verbose_name_plural = _("专题")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.introduction = plain_text(self.introduction) if "<" in self.introduction else self.introduction
        if not self.slug:
            self.slug = unique_slug(self.title, Topic.objects.exclude(pk=self.pk), fallback="topic")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("portal:topic", self.slug)

    def get_feed_url(self):
        return reverse("feeds:topic", kwargs={"slug": self.slug})

    @property
    def paragraphs(self):
        return [part.strip() for part in self.introduction.split("\n\n") if part.strip()]

    @property
    def banner_src(self):
        """The banner's large rendition (load with select_related("banner"))."""
        if self.banner is None:
            return ""
        return (self.banner.detail or self.banner.file).url


class TopicItem(PieceRef):
    """A piece in a 专题, under a section heading; sections follow the order of their first piece."""

    topic = models.ForeignKey(Topic, verbose_name=_("专题"), on_delete=models.CASCADE, related_name="items")
    section = models.CharField(
        _("分栏"), max_length=100, help_text=_("如“权威声音”“劳模风采”；同名的稿件排在一起。")
    )

    class Meta:
        verbose_name = _("专题稿件")
        verbose_name_plural = _("专题稿件")
        ordering = ["topic", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "content_type", "object_id"], name="topic_item_once"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="topic_item_piece")]

    def __str__(self):
        return f"{self.topic} · {self.section}"
