"""API URLs of public statistics (included from ``civic.api``)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
