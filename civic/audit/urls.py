from django.urls import path

from civic.audit import views

urlpatterns = [
    path("org/<slug:slug>/", views.organisation_log_page, name="audit-organisation"),
    path("<str:process_type>/<int:pk>/", views.process_log_page, name="audit-process"),
]
