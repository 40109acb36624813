from django.urls import path

from civic.audit import api

urlpatterns = [
    path(
        "organisations/<slug:slug>/",
        api.OrganisationLogView.as_view(),
        name="api-audit-organisation",
    ),
    path("<str:process_type>/<int:pk>/", api.ProcessLogView.as_view(), name="api-audit-process"),
]
