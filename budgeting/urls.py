"""Pages of participatory budgeting under /budgeting/."""

from django.urls import path

from budgeting.views import ballots, manage, rounds

app_name = "budgeting"

urlpatterns = [
    path("", rounds.round_index, name="rounds"),
    path("<slug:slug>/", rounds.round_detail, name="round"),
    path("<slug:slug>/propose/", rounds.item_propose, name="propose"),
    path("<slug:slug>/items/<int:pk>/", rounds.item_detail, name="item"),
    path("<slug:slug>/items/<int:pk>/edit/", rounds.item_edit, name="item-edit"),
    path("<slug:slug>/items/<int:pk>/<str:action>/", rounds.item_action, name="item-action"),
    path("<slug:slug>/vote/<int:budget_id>/", ballots.ballot_page, name="ballot"),
    path("<slug:slug>/manage/", manage.manage_round, name="manage"),
    path("<slug:slug>/manage/items/<int:pk>/", manage.assess_item, name="assess"),
    path("<slug:slug>/desk/", manage.desk, name="desk"),
]
