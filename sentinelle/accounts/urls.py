from django.urls import path

from sentinelle.accounts import views, views_departures

urlpatterns = [
    path("", views.staff_home, name="home"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.revoke_api_token, name="revoke_api_token"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/", views.open_notification, name="open_notification"),
    path("notifications/read/", views.read_all_notifications, name="read_all_notifications"),
    path("departures/", views_departures.departure_list, name="departures"),
    path("departures/mine/", views_departures.my_departure, name="my_departure"),
    path("departures/<int:user_id>/", views_departures.departure_detail, name="departure"),
    path("departures/<int:user_id>/material/", views_departures.departure_material, name="departure_material"),
    path("departures/<int:user_id>/acknowledge/", views_departures.departure_acknowledge,
         name="departure_acknowledge"),
]
