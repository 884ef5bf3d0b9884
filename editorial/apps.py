from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.conf import settings
from django.contrib.admin import apps as admin_apps
from django.core import checks
from django.utils.translation import gettext_lazy as _


def check_review_stages(app_configs, **kwargs):
    """A wrong stage count would refuse every review action at run time: say so at start-up."""
    stages = getattr(settings, "GONGJIANG_REVIEW_STAGES", 3)
    if stages in (1, 2, 3) and not isinstance(stages, bool):
        return []
    return [
        checks.Error(
            f"GONGJIANG_REVIEW_STAGES = {stages!r}：审稿级数只能是 1、2 或 3。",
            hint="在环境变量中设置 GONGJIANG_REVIEW_STAGES=1、2 或 3（默认 3）。",
            id="editorial.E001",
        )
    ]


class EditorialConfig(AppConfig):
    default = True  # this module also holds DeskAdminConfig, which is named in settings
    name = "editorial"
    verbose_name = _("编辑部")

    def ready(self):
        # Every save of content, tags, people or events makes cached public pages unreachable.
        from editorial.cache import connect_signals

        connect_signals()
        # Pages say what they show (surrogate keys); a change purges the keys it affects.
        from editorial import purging, surrogate

        surrogate.connect_signals()
        purging.connect_signals()
        # Text hygiene in one place: every text field of every model of ours, on every save.
        from django.db.models.signals import pre_save

        from editorial.text import normalise_on_save

        pre_save.connect(normalise_on_save, dispatch_uid="editorial.text.normalise_on_save")
        # Every deletion of a piece is audited, whatever the path (admin, shell, cascade).
        from django.db.models.signals import post_delete

        from editorial.workflow import audit_deletion

        post_delete.connect(audit_deletion, dispatch_uid="editorial.workflow.audit_deletion")
        # Login lockouts (django-axes) are audited too.
        from axes.signals import user_locked_out

        from editorial.lockouts import audit_lockout

        user_locked_out.connect(audit_lockout, dispatch_uid="editorial.lockouts.audit_lockout")
        checks.register(check_review_stages)
        # Prepared queries are compiled again after a migrate or flush (new content type ids).
        from django.db.models.signals import post_migrate

        from editorial.prepared import forget_compiled

        post_migrate.connect(forget_compiled, dispatch_uid="editorial.prepared.forget_compiled")


class DeskAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with 我的工作台 as its index (editorial/sites.py)."""

    default = False  # named in INSTALLED_APPS; "editorial" itself is EditorialConfig
    default_site = "editorial.sites.DeskAdminSite"


class LoginThrottlingConfig(AxesAppConfig):
    """django-axes under a Chinese name in the admin (its own catalogue has no zh-hans;
    locale/zh_Hans names its models and fields)."""

    default = False  # named in INSTALLED_APPS instead of "axes"
    verbose_name = _("登录保护")
