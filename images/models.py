"""The image library (图片库): every picture the newsroom uses, with its credit.

A piece's head image, a person's photo and the figures of a body all point here,
so a photo is uploaded once, described once (alt text, caption, 摄影/来源) and
can be found again. Files go through editorial.images (validation, re-encoding
that drops metadata, renditions).
"""

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from editorial.images import RENDITION_WIDTHS, process_upload, validate_image_upload
from editorial.models import content_tags

UPLOAD_TO = "images/%Y/%m/"


def scaled(width, height, limit):
    """The size of a rendition ``limit`` pixels wide at most (as editorial.images makes it)."""
    if not width or not height or width <= limit:
        return width, height
    return limit, max(round(height * limit / width), 1)


class Image(models.Model):
    file = models.ImageField(
        _("图片文件"),
        upload_to=UPLOAD_TO,
        validators=[validate_image_upload],
        help_text=_("JPEG、PNG、GIF 或 WebP，不超过 10 MB、4000 万像素；保存时会重新编码并去除 EXIF/GPS。"),
    )
    card = models.ImageField(upload_to=UPLOAD_TO, blank=True, editable=False)
    detail = models.ImageField(upload_to=UPLOAD_TO, blank=True, editable=False)
    width = models.PositiveIntegerField(_("宽"), default=0, editable=False)
    height = models.PositiveIntegerField(_("高"), default=0, editable=False)
    title = models.CharField(_("标题"), max_length=200, help_text=_("供在图片库中查找，读者看不到。"))
    alt = models.CharField(
        _("替代文字"),
        max_length=200,
        help_text=_("为看不到图片的读者（读屏软件）描述图中所见，如“孟泰在高炉前检查设备”。"),
    )
    caption = models.CharField(_("图片说明"), max_length=500, blank=True, help_text=_("印在图片下方。"))
    photographer = models.CharField(_("摄影"), max_length=100, blank=True, help_text=_("摄影者姓名。"))
    source = models.CharField(_("来源"), max_length=100, blank=True, help_text=_("如 新华社、工人日报。"))
    # Where a remote picture of an imported piece was fetched from (images.fetching): fetched once.
    source_url = models.URLField(_("原图地址"), max_length=500, blank=True, editable=False, db_index=True)
    tags = content_tags()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("图片")
        verbose_name_plural = _("图片库")
        ordering = ["-created_at", "-pk"]
        # The list's order and its sortable columns (editorial/changelist.py: ties by id).
        indexes = [
            models.Index(fields=["created_at", "id"], name="image_time_order"),
            models.Index(fields=["title", "id"], name="image_title_order"),
            models.Index(fields=["uploaded_by", "id"], name="image_uploader_order"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.file and not self.file._committed:
            files = process_upload(self.file.file)
            self.file.save(files["original"].name, files["original"], save=False)
            self.card.save(files["card"].name, files["card"], save=False)
            self.detail.save(files["detail"].name, files["detail"], save=False)
            self.width, self.height = self.file.width, self.file.height
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        """Refused (images.usage.ImageInUse) while a live piece shows the image."""
        from images.usage import refuse_if_live

        refuse_if_live(self)
        return super().delete(*args, **kwargs)

    @property
    def credit(self):
        """摄影/来源 as printed under the picture: "摄影：张三　来源：新华社"."""
        parts = []
        if self.photographer:
            parts.append(_("摄影：%(name)s") % {"name": self.photographer})
        if self.source:
            parts.append(_("来源：%(name)s") % {"name": self.source})
        return "　".join(str(part) for part in parts)

    def rendition_size(self, name):
        return scaled(self.width, self.height, RENDITION_WIDTHS[name])


@receiver(post_delete, sender=Image)
def _delete_files(sender, instance, **kwargs):
    """A deleted image's files go too, once the deletion is committed (bulk deletes included)."""
    names = [field.name for field in (instance.file, instance.card, instance.detail) if field]
    storage = instance.file.storage

    def remove():
        for name in dict.fromkeys(names):
            storage.delete(name)

    transaction.on_commit(remove)


class ImageUse(models.Model):
    """A piece shows a library image: as its head image, in its text or among its pictures.

    Kept true on every save by images.links (one rule for every content type), so the
    image page's 用在哪里 and the deletion rule read an index, not every body.
    """

    image = models.ForeignKey(Image, verbose_name=_("图片"), on_delete=models.CASCADE, related_name="uses")
    content_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("内容类型"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField(_("稿件编号"))

    class Meta:
        verbose_name = _("图片使用")
        verbose_name_plural = _("图片使用")
        constraints = [
            models.UniqueConstraint(fields=["image", "content_type", "object_id"], name="image_use_once"),
        ]
        # The unique constraint's index serves "where is this image used"; this one a
        # piece's own rows (renewed on each save, dropped with the piece).
        indexes = [models.Index(fields=["content_type", "object_id"], name="image_use_piece")]

    def __str__(self):
        return f"{self.image_id} → {self.content_type_id}:{self.object_id}"
