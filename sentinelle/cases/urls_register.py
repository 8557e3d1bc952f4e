"""The national decision register and the guidance library."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
