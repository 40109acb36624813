"""Page URLs of public statistics and participation reports (included from ``civic.urls``)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
