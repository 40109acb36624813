"""Site-wide pages: home and health check."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from civic.places.selectors.places import organisation_list
from civic.processes import open_processes


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "processes": open_processes(user=request.user),
            "organisations": organisation_list().filter(parent__isnull=True),
        },
    )


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
