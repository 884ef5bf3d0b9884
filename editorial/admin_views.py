"""Workflow pages inside the admin: transitions, comments, revisions (diff, restore), review slip, preview,
and the download of an imported piece's original document.

Mounted per content admin by EditorialContentAdmin.get_urls() and wrapped in
admin_site.admin_view, so anonymous users get the login page. Each view checks
the piece-level permission itself; every state change goes through
editorial.workflow.
"""

import functools

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import select_template
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from editorial import workflow
from editorial.diff import snapshot_diff
from editorial.models import AuditEntry, Comment, ReviewSignoff, Revision
from editorial.sanitize import sanitize
from editorial.views import keep_as_prefetched

COMMENT_MAX_CHARS = 5000


def _require_post(request):
    # These views change state: a GET (link, prefetch, crawler) must never do that.
    if request.method != "POST":
        raise PermissionDenied


def _piece(model_admin, request, object_id, need="view"):
    piece = model_admin.get_object(request, object_id)
    if piece is None:
        raise Http404(_("稿件不存在。"))
    allowed = (
        model_admin.has_change_permission(request, piece)
        if need == "change"
        else model_admin.has_view_or_change_permission(request, piece)
    )
    if not allowed:
        raise PermissionDenied
    return piece


def _change_url(model_admin, piece):
    meta = model_admin.model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[piece.pk])


def _context(model_admin, request, piece, title):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": piece,
        "title": title,
        "change_url": _change_url(model_admin, piece),
        "has_view_permission": True,
    }


def transition_view(model_admin, request, object_id):
    """POST action + opinion: one workflow transition; the result is shown as a message."""
    _require_post(request)
    piece = _piece(model_admin, request, object_id)
    action = request.POST.get("action", "")
    label = workflow.action_label(piece, action)
    try:
        workflow.transition(
            piece,
            action,
            request.user,
            request.POST.get("opinion", ""),
            expected_version=request.POST.get("version"),
        )
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("已执行「%(action)s」，稿件现为「%(status)s」。")
            % {"action": label, "status": piece.get_status_display()},
        )
    return HttpResponseRedirect(_change_url(model_admin, piece))


def correction_view(model_admin, request, object_id):
    """POST note: a correction (更正) under the published piece (editorial.corrections)."""
    from editorial.corrections import add_correction

    _require_post(request)
    piece = _piece(model_admin, request, object_id)
    try:
        add_correction(piece, request.user, request.POST.get("note", ""))
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已添加更正，读者会在稿件下方看到，订阅源标为已更新。"))
    return HttpResponseRedirect(_change_url(model_admin, piece) + "#corrections-panel")


def comment_view(model_admin, request, object_id):
    _require_post(request)
    piece = _piece(model_admin, request, object_id)
    body = request.POST.get("body", "").strip()
    if len(body) > COMMENT_MAX_CHARS:
        # Refused whole: a cut comment would say something its author did not write.
        messages.error(
            request,
            _("讨论内容不能超过 %(limit)s 个字（当前 %(count)s 个字），未发表。")
            % {"limit": COMMENT_MAX_CHARS, "count": len(body)},
        )
    elif body:
        Comment.objects.create(
            content_type=workflow.content_type_of(piece),
            object_id=piece.pk,
            author=request.user,
            body=body,
        )
        messages.success(request, _("已发表意见。"))
    else:
        messages.error(request, _("讨论内容不能为空。"))
    return HttpResponseRedirect(_change_url(model_admin, piece) + "#workflow-comments")


def labels_of(model):
    """workflow.field_labels of a model, worked out once per model and language (labels are
    fixed in the code; some 40 translations each time were a tenth of the change form's panel)."""
    return _labels_of(model, get_language())


@functools.cache
def _labels_of(model, language):
    return workflow.field_labels(model)


def with_changed_labels(records, piece):
    """Give each revision or audit entry ``changed_labels``: the editor's names for its changed fields."""
    labels = labels_of(type(piece))
    records = list(records)
    for record in records:
        record.changed_labels = [labels.get(name, name) for name in record.changed_fields]
    return records


def readable_diff(piece, old, new):
    """[(label, diff html)] between two snapshots, as editors read them (names, local times)."""
    names = {}  # most ids are on both sides: each name looked up once
    return snapshot_diff(
        workflow.readable_snapshot(piece, old, names),
        workflow.readable_snapshot(piece, new, names),
        workflow.field_labels(piece),
    )


def _last_content_change(revisions, newer):
    """The newest revision before ``newer`` with other content: transitions store a revision
    too, and "submitted → approved" (same text) is not what an editor comes to compare."""
    if newer is None:
        return None
    earlier = revisions[revisions.index(newer) + 1 :]
    changed = next((revision for revision in earlier if revision.snapshot != newer.snapshot), None)
    return changed or (earlier[0] if earlier else None)


def sent_back_revision(piece, last):
    """The revision stored when the piece was last sent back (``last``: its latest sign-off,
    which the change page has read already), if it is back in review since."""
    if last is None or last.decision != ReviewSignoff.Decision.SENT_BACK:
        return None
    if workflow.stage_of(piece.status) is None:
        return None
    return (
        Revision.for_piece(piece).filter(created_at__gte=last.created_at).order_by("created_at", "pk").first()
    )


def revisions_view(model_admin, request, object_id):
    """All revisions of a piece, and the diff between any two (?a=<id>&b=<id>)."""
    piece = _piece(model_admin, request, object_id)
    revisions = with_changed_labels(Revision.for_piece(piece).select_related("created_by"), piece)
    by_id = {str(revision.pk): revision for revision in revisions}
    newer = by_id.get(request.GET.get("b")) or (revisions[0] if revisions else None)
    older = by_id.get(request.GET.get("a")) or _last_content_change(revisions, newer)
    diff = readable_diff(piece, older.snapshot, newer.snapshot) if older and newer else []
    context = {
        **_context(model_admin, request, piece, _("修订历史：%(title)s") % {"title": piece.title}),
        "revisions": revisions,
        "latest": revisions[0] if revisions else None,
        "older": older,
        "newer": newer,
        "diff": diff,
        "can_restore": model_admin.has_change_permission(request, piece),
        "audit": with_changed_labels(AuditEntry.for_piece(piece).select_related("actor")[:200], piece),
    }
    return TemplateResponse(request, "admin/editorial/revisions.html", context)


def restore_view(model_admin, request, object_id, revision_id):
    _require_post(request)
    piece = _piece(model_admin, request, object_id, need="change")
    revision = get_object_or_404(Revision.for_piece(piece), pk=revision_id)
    try:
        workflow.restore_revision(piece, revision, request.user)
    except workflow.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("已恢复到第 %(version)s 版（另存为新版本）。") % {"version": revision.version}
        )
    return HttpResponseRedirect(_change_url(model_admin, piece))


def slip_view(model_admin, request, object_id):
    """审稿单: title, author, each stage's reviewer, time and opinion; printable."""
    piece = _piece(model_admin, request, object_id)
    signoffs = list(ReviewSignoff.for_piece(piece).select_related("reviewer"))
    stages = workflow.review_stages()
    signed = {s.stage for s in signoffs if s.decision == ReviewSignoff.Decision.APPROVED}
    context = {
        **_context(model_admin, request, piece, _("审稿单")),
        "piece": piece,
        "signoffs": signoffs,
        # Stages still to sign get an empty line, as on the paper slip.
        "pending": [workflow.STAGE_STATUSES[n - 1].label for n in range(1, stages + 1) if n not in signed],
        "byline": piece.byline_display(),
        "characters": piece.characters,
        "text_version": workflow.text_version(piece),
        "stages": stages,
    }
    return TemplateResponse(request, "admin/editorial/review_slip.html", context)


def preview_label(revision, is_live=False):
    """What the preview banner says (templates/includes/preview_banner.html prints it)."""
    if revision:
        return _("预览（第 %(version)s 版），读者看不到此页") % {"version": revision.version}
    if is_live:
        return _("这是已发布的版本：读者现在看到的就是此页")
    return _("预览，读者看不到此页")


# Framed by the side-by-side preview (compare_view): the policy's frame-ancestors 'none'
# becomes 'self' here only, as X-Frame-Options becomes SAMEORIGIN.
@csp_replace({"frame-ancestors": [SELF]})
def preview_view(model_admin, request, object_id, revision_id=None):
    """The piece (or one revision of it) in the public template, marked as a preview, never cached.

    Whoever may open the piece in the admin may preview it (its text is on that page
    anyway): reviewers of other stages included, 作者 only for their own pieces.
    """
    piece = _piece(model_admin, request, object_id)
    revision = None
    if revision_id is not None:
        revision = get_object_or_404(Revision.for_piece(piece), pk=revision_id)
        piece = workflow.piece_from_snapshot(piece, revision.snapshot)
    # The public page's relations as its detail view reads them: one query each, not one
    # per byline and per template that lists the tags (a speech's sections came with it).
    held = piece.__dict__.get("_prefetched_objects_cache", {})
    for name, rows in type(piece).page_relations().items():
        if name not in held:
            keep_as_prefetched(piece, name, list(rows(piece.pk)))
    meta = model_admin.model._meta
    template = select_template([f"{meta.app_label}/{meta.model_name}_detail.html", "editorial/preview.html"])
    context = {
        "object": piece,
        meta.model_name: piece,
        "is_preview": True,
        "preview_label": preview_label(revision, is_live=revision is None and piece.is_live()),
        "body_html": sanitize(piece.body),
        "preview_revision": revision,
        "change_url": _change_url(model_admin, piece),
    }
    response = TemplateResponse(request, template, context)
    response.render()
    add_never_cache_headers(response)
    # Shown in the side-by-side preview's frames (compare_view), from this site only.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    patch_cache_control(response, private=True, no_store=True)
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def compare_view(model_admin, request, object_id):
    """The preview at phone (375 px) and desktop (1280 px) widths side by side, switchable
    (static/js/admin_preview.js); each frame is the public template through preview_view."""
    piece = _piece(model_admin, request, object_id)
    meta = model_admin.model._meta
    context = {
        **_context(model_admin, request, piece, _("预览（手机与电脑）：%(title)s") % {"title": piece.title}),
        "preview_url": reverse(f"admin:{meta.app_label}_{meta.model_name}_preview", args=[piece.pk]),
        "is_live": piece.is_live(),
    }
    response = TemplateResponse(request, "admin/editorial/preview_compare.html", context)
    add_never_cache_headers(response)
    return response


def original_view(model_admin, request, object_id):
    """The imported document's bytes, verbatim, as an attachment (editors with the change permission)."""
    piece = _piece(model_admin, request, object_id, need="change")
    if piece.original_document is None:
        raise Http404  # not an imported piece
    data = bytes(piece.original_document)
    # The importer accepts UTF-8 (with or without BOM) and GB18030 only; whatever is not
    # valid UTF-8 is therefore GB18030.
    try:
        data.decode("utf-8")
        charset = "utf-8"
    except UnicodeDecodeError:
        charset = "gb18030"
    response = HttpResponse(data, content_type=f"text/plain; charset={charset}")
    filename = piece.original_filename or f"{model_admin.model._meta.model_name}-{piece.pk}.txt"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response
