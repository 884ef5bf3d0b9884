from django.urls import path

from galleries import views

app_name = "galleries"
urlpatterns = [
    path("", views.GalleryListView.as_view(), name="list"),
    path("<slug:slug>/", views.GalleryDetailView.as_view(), name="detail"),
]
