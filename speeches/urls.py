from django.urls import path

from speeches import views

app_name = "speeches"
urlpatterns = [
    path("", views.SpeechListView.as_view(), name="list"),
    path("<slug:slug>/", views.SpeechDetailView.as_view(), name="detail"),
]
