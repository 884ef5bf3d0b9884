from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("columns/<slug:slug>/", views.ColumnView.as_view(), name="column"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
