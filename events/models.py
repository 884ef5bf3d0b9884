from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from editorial.models import content_tags
from editorial.slugs import slug_url, unique_slug


class Event(models.Model):
    """Conferences, ceremonies, symposia: what speeches are delivered at."""

    SURROGATE_PREFIX = "event-"  # editorial/surrogate.py

    name = models.CharField(_("名称"), max_length=200, db_index=True)
    slug = models.SlugField(_("网址"), max_length=100, unique=True, blank=True)
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    place = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("简介"), blank=True)
    tags = content_tags()
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        ordering = ["-start_date", "name", "pk"]
        indexes = [
            models.Index(fields=["-start_date", "name"], name="event_date_order"),
            # The admin's sortable columns (editorial/changelist.py: ties by id).
            models.Index(fields=["start_date", "id"], name="event_start_order"),
            models.Index(fields=["end_date", "id"], name="event_end_order"),
            models.Index(fields=["name", "id"], name="event_name_order"),
            models.Index(fields=["place", "id"], name="event_place_order"),
        ]

    def __str__(self):
        if self.start_date:
            return f"{self.name}（{self.start_date:%Y-%m-%d}）"
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name, Event.objects.exclude(pk=self.pk), fallback="event")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("events:detail", self.slug)

    def clean(self):
        super().clean()
        if self.end_date and not self.start_date:
            raise ValidationError({"start_date": _("填写了结束日期时，开始日期必填。")})
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})
