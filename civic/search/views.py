"""The search page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from civic.search.selectors import Hit, clean_query, search

PAGE_SIZE = 20


def search_page(request: HttpRequest) -> HttpResponse:
    query = clean_query(request.GET.get("q", ""))
    page = None
    hits: list[Hit] = []
    if query:
        page = Paginator(search(query, language=get_language() or "en"), PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        hits = [Hit.of(row, query) for row in page.object_list]
    return render(request, "search/results.html", {"query": query, "page": page, "hits": hits})
