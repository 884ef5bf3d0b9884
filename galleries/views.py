"""Public gallery pages: the list (cards with covers) and one gallery in its viewer."""

from django.db.models import Prefetch
from django.views.generic import DetailView, ListView

from editorial import surrogate
from editorial.views import (
    OldSlugRedirectMixin,
    PublicContentMixin,
    PublicListMixin,
    announced_tag_or_404,
    related_pieces,
)
from galleries.models import Gallery, GalleryImage


class GalleryListView(PublicListMixin, ListView):
    """All live galleries, or with ``?tag=<slug>`` those carrying one tag (linked from tag pages)."""

    model = Gallery
    template_name = "galleries/gallery_list.html"

    def get(self, request, *args, **kwargs):
        slug = request.GET.get("tag")
        self.tag = announced_tag_or_404(slug, Gallery) if slug else None
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.tagged(self.tag) if self.tag else queryset

    def declare_surrogate_keys(self, context):
        surrogate.declare(surrogate.members_key_of(self.tag) if self.tag else surrogate.list_key(Gallery))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tag"] = self.tag
        if self.tag:
            context["canonical_params"] = {"tag": self.tag.slug}
        return context


class GalleryDetailView(OldSlugRedirectMixin, PublicContentMixin, DetailView):
    model = Gallery
    select_related = ("column__parent__parent", "head_image")
    prefetch_related = (
        Prefetch("items", GalleryImage.objects.select_related("image")),
        *Gallery.page_relations(),
    )
    template_name = "galleries/gallery_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        gallery = self.object
        context["pictures"] = [item for item in gallery.items.all() if item.image.detail]
        context["related_galleries"] = related_pieces(gallery, Gallery)
        context["breadcrumbs"] = gallery.column.path if gallery.column_id else []
        return context
