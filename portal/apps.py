from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("门户")

    def ready(self):
        # A placement's expiry changes the home page without a save: count it like publish_at.
        from editorial.cache import register_boundary
        from portal.placements import next_expiry

        register_boundary(next_expiry)
