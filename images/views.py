"""The chooser's JSON views: search the library, upload into it.

Mounted under the image admin (ImageAdmin.get_urls), so only staff reach them, and
each checks the model permission it needs. static/js/image_chooser.js is their client.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse
from django.views.decorators.http import require_GET, require_POST

from images.models import Image

PER_PAGE = 24


def image_json(image):
    """What a chooser client needs to show and insert an image (the detail rendition)."""
    width, height = image.rendition_size("detail")
    return {
        "id": image.pk,
        "title": image.title,
        "alt": image.alt,
        "caption": image.caption,
        "credit": image.credit,
        "src": image.detail.url if image.detail else image.file.url,
        "width": width,
        "height": height,
        "thumb": image.card.url if image.card else image.file.url,
    }


def search_images(query):
    images = Image.objects.all()
    for word in query.split():
        images = images.filter(
            Q(title__icontains=word)
            | Q(alt__icontains=word)
            | Q(caption__icontains=word)
            | Q(photographer__icontains=word)
            | Q(source__icontains=word)
            | Q(pk__in=Image.tags.through.objects.filter(tag__name__icontains=word).values("object_id"))
        )
    return images.only(
        "title", "alt", "caption", "photographer", "source", "card", "detail", "file", "width", "height"
    )


@require_GET
def chooser(request, model_admin):
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    page = Paginator(search_images(request.GET.get("q", "").strip()), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return JsonResponse({"results": [image_json(image) for image in page], "has_next": page.has_next()})


class ChooserUploadForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ("file", "title", "alt", "caption", "photographer", "source")


@require_POST
def chooser_upload(request, model_admin):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ChooserUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    image = form.save(commit=False)
    image.uploaded_by = request.user
    image.save()
    return JsonResponse(image_json(image), status=201)
