"""Pages of results, anonymised ballots, receipts, implementation and pabulib files."""

from django.urls import path

from budgeting.views import implementation, pabulib, results

app_name = "budgeting-results"

urlpatterns = [
    path("results/round/<slug:slug>/", results.round_results, name="round"),
    path("results/<int:pk>/", results.budget_results, name="budget"),
    path("results/<int:pk>/compute/", results.budget_compute, name="compute"),
    path("results/<int:pk>/publish/", results.budget_publish, name="publish"),
    path("results/<int:pk>/ballots/", results.budget_ballots, name="ballots"),
    path("results/<int:pk>/export.pb", pabulib.budget_export, name="export"),
    path("results/receipt/", results.receipt, name="receipt"),
    path("implementation/all/", implementation.project_list, name="projects"),
    path("implementation/<int:pk>/", implementation.project_detail, name="project"),
    path("implementation/<int:pk>/update/", implementation.project_update, name="project-update"),
    path(
        "implementation/<int:pk>/milestones/new/",
        implementation.milestone_add,
        name="milestone-add",
    ),
    path("pabulib/import/", pabulib.pabulib_import_view, name="import"),
]
