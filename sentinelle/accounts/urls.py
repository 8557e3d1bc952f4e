from django.urls import path

from sentinelle.accounts import views

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_api_token"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.open_notification, name="open_notification"),
    path("notifications/read/", views.read_all_notifications, name="read_all_notifications"),
]
