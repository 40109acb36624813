"""Top-level URL configuration."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from civic import views
from civic.accounts import views as account_views
from civic.places import views as place_views

admin.site.site_header = "Civic Square"
admin.site.site_title = "Civic Square"

urlpatterns = [
    # First: mobile clients' requests (ballots at the peak of a vote) resolve at once.
    path("api/v1/", include("civic.api")),
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("me/", account_views.profile, name="profile"),
    path("me/verification/", account_views.verification, name="verification"),
    path("me/export.json", account_views.data_export, name="data-export"),
    path("me/delete/", account_views.account_delete_view, name="account-delete"),
    path("org/<slug:slug>/", place_views.organisation_detail, name="organisation-detail"),
    path("org/<slug:slug>/census/", place_views.census, name="census"),
    path("org/<slug:slug>/census/<int:pk>/", place_views.census_report, name="census-report"),
    path("org/<slug:slug>/verify/", place_views.verify_in_person, name="verify-in-person"),
    path("budgeting/", include("budgeting.urls")),
    path("budgeting/", include("budgeting.urls_results")),
    path("notifications/", include("civic.notifications.urls")),
    path("consultations/", include("participation.urls")),
    path("", include("participation.urls_dialogues")),
    path("statistics/", include("civic.statistics.urls")),
    path("open-data/", include("civic.opendata.urls")),
    path("search/", include("civic.search.urls")),
    path("sdg/", include("civic.sdg.urls")),
    path("audit/", include("civic.audit.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
