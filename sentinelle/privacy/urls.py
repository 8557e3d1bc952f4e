"""Staff pages of access-to-information requests, under the namespace "privacy"."""

from django.urls import path

from sentinelle.privacy import views_documents, views_release, views_requests, views_review

urlpatterns = [
    path("", views_requests.request_list, name="request_list"),
    path("new/", views_requests.request_create, name="request_create"),
    path("<reference>/", views_requests.request_detail, name="request_detail"),
    path("<reference>/acknowledge/", views_requests.request_acknowledge, name="request_acknowledge"),
    path("<reference>/extend/", views_requests.request_extend, name="request_extend"),
    path("<reference>/redirect/", views_requests.request_redirect, name="request_redirect"),
    path("<reference>/redirection-letter/", views_requests.redirection_letter, name="redirection_letter"),
    path("<reference>/decision/", views_requests.request_decision, name="request_decision"),
    path("<reference>/assign/", views_requests.request_assign, name="request_assign"),
    path("<reference>/close/", views_requests.request_close, name="request_close"),
    path("<reference>/gather/", views_documents.gather, name="gather"),
    path("<reference>/upload/", views_documents.upload, name="upload"),
    path("<reference>/documents/<int:pk>/", views_documents.document_detail, name="document_detail"),
    path("<reference>/documents/<int:pk>/detect/", views_documents.detect_start, name="detect_start"),
    path("<reference>/jobs/<int:pk>/", views_documents.job_status, name="job_status"),
    path("<reference>/documents/<int:pk>/pages/<int:page>/", views_review.review_page, name="review_page"),
    path("<reference>/documents/<int:pk>/pages/<int:page>.png", views_review.page_image, name="page_image"),
    path("<reference>/documents/<int:pk>/pages/<int:page>/add/", views_review.mark_add, name="mark_add"),
    path("<reference>/documents/<int:pk>/marks/<int:mark_pk>/", views_review.mark_decide, name="mark_decide"),
    path("<reference>/release/", views_release.release, name="release"),
    path("<reference>/packages/<int:pk>/", views_release.package_download, name="package_download"),
]
