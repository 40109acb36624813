"""The ballot endpoint, included first under /api/v1/: at the peak of a vote it is most of
the API's traffic, and it resolves before the router's dozens of patterns are tried."""

from django.urls import path

from budgeting.api.views import BallotView

urlpatterns = [
    path("budgets/<int:budget_id>/ballot/", BallotView.as_view(), name="api-ballot"),
]
