"""公告: a notice with numbered items, the test-only content type (tests/settings.py).

It answers the content-type contract (editorial.models.EditorialContent) with an inline
(its items) and nothing else of its own: what the shared layer does for it, it does
from the contract alone. Strings are left untranslated: it never reaches a reader.
"""

from django.db import models

from editorial.models import EditorialContent
from editorial.roles import workflow_permissions
from editorial.sanitize import plain_text
from editorial.slugs import slug_url


class Bulletin(EditorialContent):
    SURROGATE_PREFIX = "bul"

    INLINES = {"items": ("order", "heading", "text")}

    class Meta(EditorialContent.Meta):
        verbose_name = "公告"
        verbose_name_plural = "公告"
        permissions = workflow_permissions("bulletin", "公告")
        indexes = [models.Index(fields=["status", "publish_at"], name="bulletin_live")]

    def get_absolute_url(self):
        return slug_url("bulletins:detail", self.slug)

    def inline_texts(self, rows=None):
        if rows is None:
            rows = self.items.all() if self.pk else []
        return [(f"第 {row.order + 1} 条", f"{row.heading}\n{plain_text(row.text)}") for row in rows]

    def reading_text(self):
        return "\n".join([self.text, *(f"{item.heading}\n{item.text}" for item in self.items.all())])


class BulletinItem(models.Model):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    heading = models.CharField("标题", max_length=200)
    text = models.TextField("内容", blank=True)

    class Meta:
        verbose_name = "公告条目"
        verbose_name_plural = "公告条目"
        ordering = ["order", "pk"]

    def __str__(self):
        return self.heading
