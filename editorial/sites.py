"""The admin site: Django's, with 我的工作台 as its front page and the desk's figures in the header.

Installed through ``editorial.apps.DeskAdminConfig`` in INSTALLED_APPS (in place of
``django.contrib.admin``), so ``admin.site`` and every ``@admin.register`` use it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class DeskAdminSite(admin.AdminSite):
    index_title = _("我的工作台")

    def each_context(self, request):
        context = super().each_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_active and user.is_staff:
            from editorial import dashboard

            context["desk_counts"] = dashboard.counts(request, self)
        return context

    def index(self, request, extra_context=None):
        from editorial import dashboard

        return super().index(request, {**dashboard.desk(request, self), **(extra_context or {})})
