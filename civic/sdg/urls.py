from django.urls import path

from civic.sdg import views

urlpatterns = [
    path("", views.sdg_index, name="sdg-index"),
    path("<int:number>/", views.sdg_goal_page, name="sdg-goal"),
    path("org/<slug:slug>/targets/", views.local_targets_manage, name="sdg-local-targets"),
    path(
        "org/<slug:slug>/targets/<int:pk>/",
        views.local_target_edit,
        name="sdg-local-target-edit",
    ),
    path(
        "org/<slug:slug>/targets/<int:pk>/delete/",
        views.local_target_remove,
        name="sdg-local-target-delete",
    ),
]
