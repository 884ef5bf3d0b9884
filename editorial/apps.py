from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "editorial"
    verbose_name = _("编辑部")

    def ready(self):
        # Every save of content, tags, people or events makes cached public pages unreachable.
        from editorial.cache import connect_signals

        connect_signals()
