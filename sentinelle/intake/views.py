from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The worker's entry page: what Sentinelle is for and how to get help."""
    return render(request, "intake/home.html")
