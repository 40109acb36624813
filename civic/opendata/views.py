"""Open data pages (catalogue, dataset with its dictionary) and the downloads."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse

from civic.opendata.datasets import DATASETS, TYPE_LABELS, Ballots, Dataset, dataset_get
from civic.opendata.formats import csv_stream, json_stream


def licence() -> dict[str, str]:
    return {"name": settings.OPEN_DATA_LICENCE_NAME, "url": settings.OPEN_DATA_LICENCE_URL}


def dictionary(dataset: Dataset) -> list[dict[str, str]]:
    return [
        {"name": f.name, "type": f.type, "description": str(f.description)} for f in dataset.fields
    ]


def _links(request: HttpRequest, dataset: Dataset) -> str:
    page = request.build_absolute_uri(reverse("opendata-dataset", args=[dataset.key]))
    return f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license", <{page}>; rel="describedby"'


def catalogue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/catalogue.html",
        {"datasets": list(DATASETS.values()), "licence": licence()},
    )


def dataset_page(request: HttpRequest, dataset: str) -> HttpResponse:
    found = dataset_get(dataset)
    processes = found.processes()
    groups: list[tuple[str, list[Any]]] = [
        (name, list(group)) for name, group in groupby(processes, key=lambda p: p.organisation_name)
    ]
    fields = [
        {"name": f.name, "type": TYPE_LABELS.get(f.type, f.type), "description": f.description}
        for f in found.fields
    ]
    return render(
        request,
        "opendata/dataset.html",
        {"dataset": found, "fields": fields, "groups": groups, "licence": licence()},
    )


def download(
    request: HttpRequest, dataset: str, organisation: str, process: str, fmt: str
) -> StreamingHttpResponse:
    found = dataset_get(dataset)
    if fmt not in found.formats:
        raise Http404
    export = found.open(organisation, process)
    filename = f"{found.key}_{organisation}_{process}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_stream(found.fields, export.rows), content_type="text/csv; charset=utf-8"
        )
    else:
        head = {
            "dataset": found.key,
            "title": str(found.title),
            "description": str(found.description),
            "licence": licence(),
            "organisation": organisation,
            "process": process,
            "process_title": export.title,
            "source": request.build_absolute_uri(),
            "dictionary": dictionary(found),
            **export.extra,
        }
        response = StreamingHttpResponse(
            json_stream(head, export.rows), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = _links(request, found)
    return response


def ballots_download(
    request: HttpRequest, organisation: str, process: str, area: str
) -> HttpResponse:
    found = DATASETS["ballots"]
    if not isinstance(found, Ballots):  # pragma: no cover - the registry's own entry
        raise Http404
    text, filename = found.text(organisation, process, area)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = _links(request, found)
    return response
