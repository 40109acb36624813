"""HTML to PDF with WeasyPrint (Pango); no network access while rendering."""

from __future__ import annotations

from typing import Any


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"external resources are not loaded: {url}")


def report_to_pdf(html: str, *, base_url: str) -> bytes:
    from weasyprint import HTML  # imported late: Pango loads on first use

    return bytes(HTML(string=html, base_url=base_url, url_fetcher=_no_fetch).write_pdf())
