"""The investigator's case list and the case page with its steps, activities and sharing."""

from django.urls import path

from sentinelle.cases import views_cases as views

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<reference>/", views.case_detail, name="case_detail"),
    path("<reference>/edit/", views.case_edit, name="case_edit"),
    path("<reference>/steps/<name>/", views.case_move, name="case_move"),
    path("<reference>/activities/new/<kind>/", views.activity_new, name="activity_new"),
    path("<reference>/activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<reference>/sharing/", views.share_new, name="share_new"),
    path("<reference>/sharing/<int:pk>/revoke/", views.share_revoke, name="share_revoke"),
]
