"""The public statistics page, under the namespace "statistics"."""

from django.urls import path

from sentinelle.dashboard import views_public

urlpatterns = [
    path("", views_public.statistics_page, name="statistics"),
]
