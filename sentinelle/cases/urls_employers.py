"""The employer register and the search across employers, cases and reports."""

from django.urls import path

from sentinelle.cases import views_employers as views

urlpatterns = [
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/<int:pk>/", views.employer_detail, name="employer_detail"),
]
