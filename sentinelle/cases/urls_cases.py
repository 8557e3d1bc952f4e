"""The investigator's case list and the case page with its steps, activities and sharing."""

from django.urls import path

from sentinelle.cases import views_cases as views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<reference>/", views.case_detail, name="case_detail"),
]
