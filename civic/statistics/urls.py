"""Page URLs of public statistics and participation reports (included from ``civic.urls``)."""

from django.urls import URLPattern, URLResolver, path

from civic.statistics import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.statistics_index, name="statistics-index"),
    path("<slug:slug>/", views.organisation_page, name="statistics-organisation"),
    path("<slug:slug>/areas/<int:pk>/", views.area_page, name="statistics-area"),
    path("<slug:slug>/report/", views.report_page, name="statistics-report"),
    path("<slug:slug>/report.pdf", views.report_pdf, name="statistics-report-pdf"),
    path("<slug:slug>/<str:kind>/<int:pk>/", views.process_page, name="statistics-process"),
]
