"""The employer register and the search across employers, cases and reports."""

from django.urls import path

from sentinelle.cases import views_employers as views

urlpatterns = [
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/merge/", views.employer_merge, name="employer_merge"),
    path("employers/<int:pk>/merge/<int:duplicate_pk>/", views.employer_merge_confirm,
         name="employer_merge_confirm"),
    path("search/", views.search, name="search"),
]
