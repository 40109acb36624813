"""Open data pages and downloads (included from ``civic.urls`` under ``open-data/``)."""

from django.urls import URLPattern, path

from civic.opendata import views

urlpatterns: list[URLPattern] = [
    path("", views.catalogue, name="opendata-catalogue"),
    path(
        "ballots/<slug:organisation>/<slug:process>/<slug:area>.pb",
        views.ballots_download,
        name="opendata-ballots",
    ),
    path("<slug:dataset>/", views.dataset_page, name="opendata-dataset"),
    path(
        "<slug:dataset>/<slug:organisation>/<slug:process>.csv",
        views.download,
        {"fmt": "csv"},
        name="opendata-csv",
    ),
    path(
        "<slug:dataset>/<slug:organisation>/<slug:process>.json",
        views.download,
        {"fmt": "json"},
        name="opendata-json",
    ),
]
