from django.urls import path
from django.views.generic import DetailView, ListView

from editorial.views import PublicContentMixin, PublicListMixin
from tests.bulletins.models import Bulletin


class BulletinListView(PublicListMixin, ListView):
    model = Bulletin


class BulletinDetailView(PublicContentMixin, DetailView):
    model = Bulletin


app_name = "bulletins"
urlpatterns = [
    path("", BulletinListView.as_view(), name="list"),
    path("<slug:slug>/", BulletinDetailView.as_view(), name="detail"),
]
