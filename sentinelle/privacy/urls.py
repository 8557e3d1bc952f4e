"""Staff pages of privacy, under the namespace "privacy"."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
