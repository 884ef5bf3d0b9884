from django.urls import path

from ingest import views

app_name = "ingest"

urlpatterns = [
    path(
        "original/<str:app_label>/<str:model>/<int:pk>/",
        views.original_document,
        name="original_document",
    ),
]
