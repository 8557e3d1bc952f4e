"""Staff pages of forecast, under the namespace "forecast"."""

from django.urls import path

from sentinelle.forecast import views

urlpatterns = [
    path("", views.forecast, name="forecast"),
    path("run/", views.start, name="start"),
]
