"""API: search across processes, proposals, statements and draft texts."""

from __future__ import annotations

from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from civic.api_pagination import PagePagination
from civic.search.selectors import KIND_LABELS, Hit, clean_query, search

#: The kinds of search hits (``SearchHitKindEnum`` in the schema).
HIT_KINDS = [(kind, kind) for kind in KIND_LABELS]


class HitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HIT_KINDS)
    kind_label = serializers.CharField()
    id = serializers.IntegerField()
    title = serializers.CharField()
    snippet = serializers.CharField()
    url = serializers.CharField(help_text="The page of the hit on the site.")


class SearchView(APIView):
    """Public content matching ``q``, best first (drafts and hidden content excluded)."""

    permission_classes = [AllowAny]
    pagination_class = PagePagination

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="What to look for.")],
        responses=HitSerializer(many=True),
        summary="Search",
    )
    def get(self, request: Request) -> Response:
        query = clean_query(request.query_params.get("q", ""))
        paginator = self.pagination_class()
        paginator.page_size = 20
        if not query:
            rows: list[tuple[object, ...]] = []
            page = paginator.paginate_queryset(rows, request, view=self) or []
        else:
            found = search(query, language=get_language() or "en")
            page = paginator.paginate_queryset(found, request, view=self) or []
        hits = [Hit.of(tuple(row), query) for row in page]
        data = [
            {
                "kind": h.kind,
                "kind_label": h.kind_label,
                "id": h.id,
                "title": h.title,
                "snippet": h.snippet,
                "url": request.build_absolute_uri(h.url),
            }
            for h in hits
        ]
        return paginator.get_paginated_response(HitSerializer(data, many=True).data)
