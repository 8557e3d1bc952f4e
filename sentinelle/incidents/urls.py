"""Staff pages of incidents, under the namespace "incidents"."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
