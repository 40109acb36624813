"""API URLs of public statistics (included from ``civic.api`` under ``statistics/``)."""

from django.urls import URLPattern, URLResolver, path

from civic.statistics.api import views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "organisations/<slug:slug>/",
        views.OrganisationStatisticsView.as_view(),
        name="api-statistics-organisation",
    ),
    path(
        "organisations/<slug:slug>/areas/<int:pk>/",
        views.AreaStatisticsView.as_view(),
        name="api-statistics-area",
    ),
    path(
        "organisations/<slug:slug>/processes/<str:kind>/<int:pk>/",
        views.ProcessStatisticsView.as_view(),
        name="api-statistics-process",
    ),
]
