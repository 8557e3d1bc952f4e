"""Staff pages of watch, under the namespace "watch"."""

from django.urls import path

from sentinelle.watch import views

urlpatterns = [
    path("", views.alert_list, name="alert_list"),
    path("<int:pk>/", views.alert_detail, name="alert_detail"),
    path("<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("rules/", views.rule_settings, name="rule_settings"),
]
