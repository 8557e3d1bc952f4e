"""A case's documents, letters and summary report (under /staff/cases/<reference>/)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
