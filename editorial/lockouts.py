"""Login throttling glue for django-axes: the client's address, and an audit entry per lockout.

A lockout is recorded under ``gongjiang.user.locked_out`` against the account tried (its
user row when the name exists), with the address as the actor and the reason as the opinion.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

LOCKED_OUT_CODE = "gongjiang.user.locked_out"


def client_ip(request):
    """The socket's address, or the one TRUSTED_PROXY_COUNT proxies report (never a client's claim)."""
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if count > 0 and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets: what happened, for how long, whom to ask (429)."""
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)),
    }
    return render(request, "axes/lockout.html", context, status=429)


def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    """axes.signals.user_locked_out → one append-only audit entry."""
    from editorial.models import AuditEntry

    user_model = get_user_model()
    username = (username or "")[:150]
    user = user_model._default_manager.filter(**{user_model.USERNAME_FIELD: username}).first()
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    # axes signals again on every attempt while locked (each one restarts the cool-off):
    # one entry per lockout; the attempts themselves are counted in axes' AccessAttempt.
    address = (ip_address or "")[:150]
    recent = timezone.now() - settings.AXES_COOLOFF_TIME
    same = AuditEntry.objects.filter(code=LOCKED_OUT_CODE, actor_name=address, created_at__gte=recent)
    if same.filter(object_repr=username or _("（未填用户名）")).exists():
        return
    AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(user_model),
        object_id=user.pk if user is not None else 0,
        code=LOCKED_OUT_CODE,
        actor=None,
        actor_name=address,
        object_repr=username or _("（未填用户名）"),
        opinion=_("来自 %(ip)s 的登录连续失败 %(count)s 次，该账号在此地址锁定 %(minutes)s 分钟。")
        % {"ip": ip_address or "?", "count": settings.AXES_FAILURE_LIMIT, "minutes": minutes},
    )
