"""Staff pages of watch, under the namespace "watch"."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
