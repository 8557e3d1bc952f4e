"""The employer register and the search across employers, cases and reports."""

from django.urls import path

from sentinelle.cases import views_employers as views

urlpatterns = [
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("employers/import/", views.employer_register_import, name="employer_register_import"),
    path("employers/<int:pk>/register/", views.employer_register_figures, name="employer_register_figures"),
    path("employers/<int:pk>/open-case/", views.employer_open_case, name="employer_open_case"),
    path("employers/<int:pk>/merge/", views.employer_merge, name="employer_merge"),
    path("employers/<int:pk>/merge/<int:duplicate_pk>/", views.employer_merge_confirm,
         name="employer_merge_confirm"),
    path("search/", views.search, name="search"),
]
