from django.urls import path

from civic.notifications import views

urlpatterns = [
    path("", views.feed, name="notification-feed"),
    path("<int:pk>/", views.notification_open, name="notification-open"),
    path("read-all/", views.feed_read_all, name="notification-read-all"),
    path("preferences/", views.preferences, name="notification-preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="notification-unsubscribe"),
    path("operations/", views.operations, name="notification-operations"),
    path("announce/", views.announce, name="notification-announce"),
]
