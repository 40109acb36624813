"""Public statistics pages and the participation report (HTML and PDF)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from civic.places.models import Organisation
from civic.ratelimit import rate_limited
from civic.statistics.charts import CHART_HEIGHT, CHART_WIDTH, LABEL_BAND, bars, columns
from civic.statistics.forms import ReportPeriodForm
from civic.statistics.pdf import report_to_pdf_cached
from civic.statistics.selectors.participations import PROCESS_KINDS
from civic.statistics.selectors.report import participation_report
from civic.statistics.selectors.statistics import organisation_statistics

# PDFs rendered (not served from the cache) per person or address in a window of seconds.
PDF_WINDOW = 600


def pdf_renders_per_window() -> int:
    return int(getattr(settings, "STATISTICS_PDF_RENDERS_PER_WINDOW", 6))


def _chart_context() -> dict[str, int]:
    return {
        "chart_width": CHART_WIDTH,
        "chart_height": CHART_HEIGHT,
        "label_y": CHART_HEIGHT - LABEL_BAND + 16,
    }


@require_GET
def statistics_index(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.order_by("name")
    return render(request, "statistics/index.html", {"organisations": organisations})


@require_GET
def organisation_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    stats = organisation_statistics(organisation=organisation)
    return render(
        request,
        "statistics/organisation.html",
        {
            "organisation": organisation,
            "stats": stats,
            "month_columns": columns(stats.months),
            "breakdowns": [(b, bars(b)) for b in stats.breakdowns],
            "today": date.today(),
            **_chart_context(),
        },
    )


@require_GET
def process_page(request: HttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    if kind not in PROCESS_KINDS:
        raise Http404
    stats = organisation_statistics(organisation=organisation)
    process = stats.process(kind, pk)
    if process is None:
        raise Http404
    return render(
        request,
        "statistics/process.html",
        {
            "organisation": organisation,
            "stats": stats,
            "process": process,
            "breakdowns": [(b, bars(b)) for b in process.breakdowns],
        },
    )


@require_GET
def area_page(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    stats = organisation_statistics(organisation=organisation)
    area = stats.area(pk)
    if area is None:
        raise Http404
    return render(
        request,
        "statistics/area.html",
        {
            "organisation": organisation,
            "stats": stats,
            "area": area,
            "month_columns": columns(area.months),
            **_chart_context(),
        },
    )


def _report(request: HttpRequest, slug: str) -> tuple[Organisation, ReportPeriodForm, Any]:
    organisation = get_object_or_404(Organisation, slug=slug)
    form = ReportPeriodForm(request.GET or None)
    start, end = form.period()
    return organisation, form, participation_report(organisation=organisation, start=start, end=end)


@require_GET
def report_page(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, form, report = _report(request, slug)
    query = urlencode({"start": report.start.isoformat(), "end": report.end.isoformat()})
    return render(
        request,
        "statistics/report.html",
        {"organisation": organisation, "form": form, "report": report, "query": query},
    )


@require_GET
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, _form, report = _report(request, slug)
    html = render_to_string(
        "statistics/report_pdf.html", {"organisation": organisation, "report": report}, request
    )
    pdf = report_to_pdf_cached(
        html,
        base_url=request.build_absolute_uri("/"),
        may_render=lambda: (
            not rate_limited(
                request, action="report_pdf", limit=pdf_renders_per_window(), period=PDF_WINDOW
            )
        ),
    )
    if pdf is None:
        busy = render(
            request,
            "statistics/report_busy.html",
            {"organisation": organisation, "minutes": PDF_WINDOW // 60},
            status=429,
        )
        busy["Retry-After"] = str(PDF_WINDOW)
        return busy
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"participation-report-{organisation.slug}-{report.start}-{report.end}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
