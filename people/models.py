from django.db import models
from django.utils.translation import gettext_lazy as _

from editorial.models import library_image
from editorial.slugs import slug_url, unique_slug
from editorial.text import split_list


class Person(models.Model):
    """Authors, speakers, model workers and editors named in bylines."""

    name = models.CharField(_("姓名"), max_length=100, db_index=True)
    slug = models.SlugField(_("网址"), max_length=100, unique=True, blank=True)
    aliases = models.CharField(
        _("别称"), max_length=300, blank=True, help_text=_("如「铁人」「高炉卫士」，用顿号或逗号分隔。")
    )
    positions = models.TextField(_("职务"), blank=True, help_text=_("按刊发时的写法，每行一个。"))
    honours = models.TextField(
        _("荣誉"), blank=True, help_text=_("如 全国劳动模范、五一劳动奖章、大国工匠，每行一个。")
    )
    bio = models.TextField(_("简介"), blank=True)
    photo = library_image(_("照片"), help_text=_("从图片库选择，或上传一张新图片。"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("人物")
        verbose_name_plural = _("人物")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.name, Person.objects.exclude(pk=self.pk), fallback="person")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("people:detail", self.slug)

    @property
    def alias_list(self):
        return split_list(self.aliases)

    @property
    def position_list(self):
        # One per line only: a printed position often contains 、 itself.
        return [line.strip() for line in self.positions.splitlines() if line.strip()]

    @property
    def honour_list(self):
        return split_list(self.honours)

    @property
    def names(self):
        """Name and aliases: what the importer and search match against."""
        return [self.name, *self.alias_list]
