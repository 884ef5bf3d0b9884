from django.urls import path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("corrections/", views.CorrectionListView.as_view(), name="corrections"),
    path("language/", views.set_language, name="set_language"),
]
