"""The admin site: Django's, with 我的工作台 as its front page and the desk's figures in the header.

Installed through ``editorial.apps.DeskAdminConfig`` in INSTALLED_APPS (in place of
``django.contrib.admin``), so ``admin.site`` and every ``@admin.register`` use it.
"""

from django.contrib import admin
from django.urls import get_script_prefix, get_urlconf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# After the content types (in INSTALLED_APPS order: 文章, 讲话, 图集), the newsroom's order for
# the rest; Django's own is alphabetical, which in Chinese means code points (人物 before 文章).
APP_ORDER_AFTER_CONTENT = ("images", "people", "events", "portal", "editorial", "auth", "axes")


def _rights(user):
    return "all" if user.is_superuser else frozenset(user.get_all_permissions())


class DeskAdminSite(admin.AdminSite):
    index_title = _("我的工作台")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists = {}

    def get_app_list(self, request, app_label=None):
        """Django's, in the newsroom's order, worked out once per set of rights (what every
        admin's module and model permissions here ask), language and address prefix: every
        admin page's sidebar asked each admin for its rights and reversed some 40 addresses
        (a tenth of a change form's Python). Nobody changes the lists handed out."""
        key = (_rights(request.user), app_label, get_language(), get_script_prefix(), get_urlconf())
        app_list = self._app_lists.get(key)
        if app_list is None:
            if len(self._app_lists) >= 200:  # some dozen sets of rights in practice
                self._app_lists.clear()
            app_list = self._app_lists[key] = self._ordered_app_list(request, app_label)
        return app_list

    def _ordered_app_list(self, request, app_label):
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
