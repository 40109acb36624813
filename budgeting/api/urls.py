"""Budgeting endpoints under /api/v1/ (the ballot itself: urls_ballot.py, included first)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from budgeting.api.views import (
    DeskBallotView,
    ItemViewSet,
    PaperBatchConfirmView,
    PaperBatchView,
    PaperVoterView,
    RoundViewSet,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("rounds", RoundViewSet, basename="round")
router.register("items", ItemViewSet, basename="item")

urlpatterns = [
    path("budgets/<int:budget_id>/desk-ballots/", DeskBallotView.as_view(), name="api-desk-ballot"),
    path("budgets/<int:budget_id>/paper-voters/", PaperVoterView.as_view(), name="api-paper-voter"),
    path(
        "budgets/<int:budget_id>/paper-batches/", PaperBatchView.as_view(), name="api-paper-batch"
    ),
    path(
        "paper-batches/<int:batch_id>/confirm/",
        PaperBatchConfirmView.as_view(),
        name="api-paper-batch-confirm",
    ),
    path("", include((router.urls, "budgeting-api"))),
]
