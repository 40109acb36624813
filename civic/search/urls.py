"""The search page (included from ``civic.urls`` under ``search/``)."""

from django.urls import URLPattern, path

from civic.search import views

urlpatterns: list[URLPattern] = [path("", views.search_page, name="search")]
