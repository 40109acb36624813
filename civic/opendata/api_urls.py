"""Open data API routes (included from ``civic.api`` under ``open-data/``)."""

from django.urls import URLPattern, path

from civic.opendata import api

urlpatterns: list[URLPattern] = [
    path("", api.DatasetListView.as_view(), name="api-opendata"),
    path("<slug:dataset>/", api.DatasetDetailView.as_view(), name="api-opendata-dataset"),
    path("<slug:dataset>/files/", api.DatasetFilesView.as_view(), name="api-opendata-files"),
]
