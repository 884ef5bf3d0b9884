from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("language/", views.set_language, name="set_language"),
]
