"""The public statistics page, under the namespace "statistics"."""

from django.urls import path

from sentinelle.dashboard import public_views

urlpatterns = [
    path("", public_views.statistics_page, name="statistics"),
]
