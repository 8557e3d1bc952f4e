"""Staff pages of training, under the namespace "training"."""

from django.urls import URLPattern, path

from sentinelle.training import views

urlpatterns: list[URLPattern] = [
    path("", views.course_list, name="course_list"),
    path("courses/<code>/", views.course_detail, name="course_detail"),
    path("courses/<code>/attestation/", views.attestation_sign, name="attestation_sign"),
    path("completions/new/", views.completion_new, name="completion_new"),
    path("completions/import/", views.completion_import, name="completion_import"),
    path("not-yet-trained/", views.untrained, name="untrained"),
    path("not-yet-trained.csv", views.untrained_csv, name="untrained_csv"),
    path("from-quality-reviews/", views.courses_from_reviews, name="courses_from_reviews"),
    path("equipment/", views.equipment_register, name="equipment"),
]
