"""Endpoints of results, receipts, implementation and pabulib files under /api/v1/."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from budgeting.api import implementation, pabulib, results

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("projects", implementation.ProjectViewSet, basename="project")

urlpatterns = [
    path("budgets/<int:budget_id>/result/", results.ResultView.as_view(), name="api-result"),
    path(
        "budgets/<int:budget_id>/result/compute/",
        results.ResultComputeView.as_view(),
        name="api-result-compute",
    ),
    path(
        "budgets/<int:budget_id>/result/publish/",
        results.ResultPublishView.as_view(),
        name="api-result-publish",
    ),
    path(
        "budgets/<int:budget_id>/anonymised-ballots/",
        results.AnonymisedBallotsView.as_view(),
        name="api-anonymised-ballots",
    ),
    path(
        "budgets/<int:budget_id>/export.pb",
        pabulib.PabulibExportView.as_view(),
        name="api-pabulib-export",
    ),
    path("pabulib-imports/", pabulib.PabulibImportView.as_view(), name="api-pabulib-import"),
    path("receipts/check/", results.ReceiptCheckView.as_view(), name="api-receipt-check"),
    path("", include((router.urls, "budgeting-results-api"))),
]
