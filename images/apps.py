from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("图片库")

    def ready(self):
        from images import signals  # noqa: F401  (keeps ImageUse true on every save)
