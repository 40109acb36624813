"""The /api/v1/ root: router, OpenAPI schema and its documentation pages."""

from __future__ import annotations

from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from civic.accounts.api.views import (
    InPersonVerificationView,
    MeDeleteView,
    MeExportView,
    MeVerificationView,
    MeView,
)
from civic.notifications.api.views import DeviceViewSet, NotificationViewSet, PreferencesView
from civic.places.api.views import AreaViewSet, CensusImportViewSet, OrganisationViewSet
from participation.api.consultations import ConsultationViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("areas", AreaViewSet, basename="area")
router.register("consultations", ConsultationViewSet, basename="consultation")
router.register(
    r"organisations/(?P<organisation_slug>[-\w]+)/census-imports",
    CensusImportViewSet,
    basename="census-import",
)
router.register("notifications", NotificationViewSet, basename="notification")
router.register("devices", DeviceViewSet, basename="device")


class ApiRootView(APIView):
    """Entry points of the Civic Square API."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        def link(name: str) -> str:
            return reverse(name, request=request)

        return Response(
            {
                "me": link("api-me"),
                "verification": link("api-me-verification"),
                "organisations": link("api:organisation-list"),
                "areas": link("api:area-list"),
                "consultations": link("api:consultation-list"),
                "notifications": link("api:notification-list"),
                "open_data": link("api-opendata"),
                "search": link("api-search"),
                "schema": link("api-schema"),
                "docs": link("api-docs"),
                "authentication": request.build_absolute_uri("/_allauth/app/v1/"),
            }
        )


# The two documentation viewers set inline styles from their scripts; scripts stay 'self'.
_docs_csp = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})

urlpatterns = [
    path("", include("budgeting.api.urls_ballot")),  # first: the busiest route of a vote
    path("", ApiRootView.as_view(), name="api-root"),
    path("me/", MeView.as_view(), name="api-me"),
    path("me/export/", MeExportView.as_view(), name="api-me-export"),
    path("me/delete/", MeDeleteView.as_view(), name="api-me-delete"),
    path("me/verification/", MeVerificationView.as_view(), name="api-me-verification"),
    path(
        "organisations/<slug:slug>/verifications/",
        InPersonVerificationView.as_view(),
        name="api-in-person-verification",
    ),
    path(
        "notifications/preferences/",
        PreferencesView.as_view(),
        name="api-notification-preferences",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        _docs_csp(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "redoc/", _docs_csp(SpectacularRedocView.as_view(url_name="api-schema")), name="api-redoc"
    ),
    path("", include((router.urls, "api"))),
    path("", include("budgeting.api.urls")),
    path("", include("budgeting.api.urls_results")),
    path("", include("participation.api.urls_dialogues")),
    path("statistics/", include("civic.statistics.api.urls")),
    path("open-data/", include("civic.opendata.api_urls")),
    path("search/", include("civic.search.api_urls")),
    path("sdg/", include("civic.sdg.api_urls")),
    path("audit/", include("civic.audit.api_urls")),
]
