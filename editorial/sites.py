"""The admin site: Django's, with 我的工作台 as its front page and the desk's figures in the header.

Installed through ``editorial.apps.DeskAdminConfig`` in INSTALLED_APPS (in place of
``django.contrib.admin``), so ``admin.site`` and every ``@admin.register`` use it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

# After the content types (in INSTALLED_APPS order: 文章, 讲话, 图集), the newsroom's order for
# the rest; Django's own is alphabetical, which in Chinese means code points (人物 before 文章).
APP_ORDER_AFTER_CONTENT = ("images", "people", "events", "portal", "editorial", "auth", "axes")


class DeskAdminSite(admin.AdminSite):
    index_title = _("我的工作台")

    def get_app_list(self, request, app_label=None):
        from editorial.registry import content_types

        order = list(dict.fromkeys(model._meta.app_label for model in content_types()))
        order += APP_ORDER_AFTER_CONTENT
        rank = {label: position for position, label in enumerate(order)}
        # Stable: apps not named keep Django's order, after the named ones.
        return sorted(
            super().get_app_list(request, app_label), key=lambda app: rank.get(app["app_label"], len(rank))
        )

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
