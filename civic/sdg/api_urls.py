from django.urls import path

from civic.sdg import api

urlpatterns = [
    path("goals/", api.GoalListView.as_view(), name="api-sdg-goals"),
    path("goals/<int:number>/", api.GoalDetailView.as_view(), name="api-sdg-goal"),
    path(
        "goals/<int:number>/targets/",
        api.GoalTargetsView.as_view(),
        name="api-sdg-goal-targets",
    ),
    path("local-targets/", api.LocalTargetListView.as_view(), name="api-sdg-local-targets"),
    path(
        "local-targets/<int:pk>/",
        api.LocalTargetDetailView.as_view(),
        name="api-sdg-local-target",
    ),
]
