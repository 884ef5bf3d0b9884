"""E-mail for the workflow: the next stage's reviewers, and the author when sent back or published.

Called by editorial.workflow after the transaction commits; any failure is logged
there and never blocks the transition. The actor is never mailed about their own act.
Development prints mail to the console; production sends through SMTP configured
from the environment (EMAIL_* settings).
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mass_mail
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from editorial.models import STAGE_STATUSES, Status

logger = logging.getLogger(__name__)


def users_with_perm(codename_with_app):
    """Active users holding a permission through a group or directly (not superusers: they opt out)."""
    app_label, codename = codename_with_app.split(".", 1)
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if permission is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions=permission) | Q(user_permissions=permission))
        .exclude(email="")
        .distinct()
    )


def admin_url(piece):
    meta = piece._meta.concrete_model._meta
    try:
        path = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[piece.pk])
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path


def recipients(piece, action, actor, to_status):
    from editorial.workflow import perm, possible_signers, stage_of

    users = []
    stage = stage_of(to_status)
    if action in ("submit", "approve") and stage is not None:
        # Only those who may sign it: not its author, not who signed another stage.
        users = list(possible_signers(piece, stage, users_with_perm(perm(piece, f"review{stage}"))))
    elif action == "approve" and to_status == Status.APPROVED:
        users = list(users_with_perm(perm(piece, "publish")))
    # The author hears when the piece is sent back, closed, or set to go out (now or at
    # publish_at; a final approval with a publish time schedules it).
    scheduled_by_approval = action == "approve" and to_status == Status.APPROVED and piece.publish_at
    tells_author = action in ("send_back", "reject", "publish", "republish") or scheduled_by_approval
    if tells_author and piece.created_by_id:
        author = piece.created_by
        if author.is_active and author.email:
            users.append(author)
    seen, result = set(), []
    for user in users:
        if actor is not None and user.pk == actor.pk:
            continue
        if user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def notify(piece, action, actor, from_status, to_status, opinion=""):
    """Send the mails for one transition. Returns how many were sent."""
    from editorial.workflow import action_label

    users = recipients(piece, action, actor, to_status)
    if not users:
        return 0
    actor_name = (actor.get_full_name() or actor.get_username()) if actor else _("系统")
    subject = _("【%(status)s】%(title)s") % {"status": Status(to_status).label, "title": piece.display_title}
    if to_status in STAGE_STATUSES:
        lead = _("稿件《%(title)s》已到%(status)s，等待您审阅。")
    elif action == "send_back":
        lead = _("稿件《%(title)s》被退回修改。")
    elif to_status == Status.APPROVED and piece.is_scheduled:
        lead = _("稿件《%(title)s》已签发，将于 %(time)s 发布。")
    elif to_status == Status.APPROVED:
        lead = _("稿件《%(title)s》已通过终审，等待发布。")
    else:
        lead = _("稿件《%(title)s》状态变为「%(status)s」。")
    at = date_format(timezone.localtime(piece.publish_at), "Y-m-d H:i") if piece.publish_at else ""
    lines = [
        lead % {"title": piece.title, "status": Status(to_status).label, "time": at},
        _("操作：%(action)s（%(actor)s）")
        % {"action": action_label(piece, action, status=from_status), "actor": actor_name},
    ]
    if opinion:
        lines.append(_("意见：%(opinion)s") % {"opinion": opinion})
    url = admin_url(piece)
    if url:
        lines.append(url)
    body = "\n".join(lines)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]) for user in users]
    return send_mass_mail(messages, fail_silently=False)
