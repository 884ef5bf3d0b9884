"""Let editors download the original document a piece was imported from."""

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header

from editorial.models import EditorialContent
from ingest.decoding import decode
from ingest.record import DocumentError


@staff_member_required
def original_document(request, app_label, model, pk):
    """The stored bytes, verbatim, as an attachment (requires the change permission)."""
    try:
        model_class = apps.get_model(app_label, model)
    except LookupError:
        raise Http404 from None
    if not issubclass(model_class, EditorialContent):
        raise Http404
    opts = model_class._meta
    if not request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}"):
        raise PermissionDenied
    piece = get_object_or_404(model_class._base_manager, pk=pk)
    if piece.original_document is None:
        raise Http404
    data = bytes(piece.original_document)
    try:
        charset = "utf-8" if decode(data)[1].startswith("utf-8") else "gb18030"
    except DocumentError:
        charset = "utf-8"
    response = HttpResponse(data, content_type=f"text/plain; charset={charset}")
    filename = piece.original_filename or f"{opts.model_name}-{piece.pk}.txt"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
