"""HTML to PDF with WeasyPrint (Pango); no network access while rendering."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache

# Identical reports are rendered once: the key is a digest of the HTML itself, so new
# figures (or another language or period) make a new key and nothing goes stale.
PDF_CACHE_SECONDS = 3600


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    raise ValueError(f"external resources are not loaded: {url}")


def report_to_pdf(html: str, *, base_url: str) -> bytes:
    from weasyprint import HTML  # imported late: Pango loads on first use

    return bytes(HTML(string=html, base_url=base_url, url_fetcher=_no_fetch).write_pdf())


def report_to_pdf_cached(
    html: str, *, base_url: str, may_render: Callable[[], bool]
) -> bytes | None:
    """The PDF of ``html``, from the cache when the same report was rendered lately;
    otherwise rendered if ``may_render()`` allows it (a rate limit: rendering takes a
    second or more of CPU), else None."""
    key = "statistics:report-pdf:" + hashlib.sha256(f"{base_url}\n{html}".encode()).hexdigest()
    cached = cache.get(key)
    if isinstance(cached, bytes):
        return cached
    if not may_render():
        return None
    pdf = report_to_pdf(html, base_url=base_url)
    cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf
