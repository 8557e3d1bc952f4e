"""Staff pages of access-to-information requests, under the namespace "privacy"."""

from django.urls import path

from sentinelle.privacy import views

urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_create, name="request_create"),
    path("<reference>/", views.request_detail, name="request_detail"),
    path("<reference>/acknowledge/", views.request_acknowledge, name="request_acknowledge"),
    path("<reference>/extend/", views.request_extend, name="request_extend"),
    path("<reference>/redirect/", views.request_redirect, name="request_redirect"),
    path("<reference>/redirection-letter/", views.redirection_letter, name="redirection_letter"),
    path("<reference>/decision/", views.request_decision, name="request_decision"),
    path("<reference>/assign/", views.request_assign, name="request_assign"),
    path("<reference>/close/", views.request_close, name="request_close"),
    path("<reference>/gather/", views.gather, name="gather"),
    path("<reference>/upload/", views.upload, name="upload"),
    path("<reference>/documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("<reference>/documents/<int:pk>/detect/", views.detect_start, name="detect_start"),
    path("<reference>/documents/<int:pk>/pages/<int:page>/", views.review_page, name="review_page"),
    path("<reference>/documents/<int:pk>/pages/<int:page>.png", views.page_image, name="page_image"),
    path("<reference>/documents/<int:pk>/pages/<int:page>/add/", views.mark_add, name="mark_add"),
    path("<reference>/documents/<int:pk>/marks/<int:mark_pk>/", views.mark_decide, name="mark_decide"),
    path("<reference>/jobs/<int:pk>/", views.job_status, name="job_status"),
    path("<reference>/release/", views.release, name="release"),
    path("<reference>/packages/<int:pk>/", views.package_download, name="package_download"),
]
