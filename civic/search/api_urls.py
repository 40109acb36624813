"""Search API route (included from ``civic.api`` under ``search/``)."""

from django.urls import URLPattern, path

from civic.search import api

urlpatterns: list[URLPattern] = [path("", api.SearchView.as_view(), name="api-search")]
