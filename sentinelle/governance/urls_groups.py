"""The working groups' pages, mounted under governance/groups/."""

from django.urls import path

from sentinelle.governance import views_group_reports as reports
from sentinelle.governance import views_groups as views

urlpatterns = [
    path("", views.group_list, name="group_list"),
    path("<int:pk>/", views.group_detail, name="group"),
    path("<int:pk>/mandate/", views.mandate_new, name="mandate_new"),
    path("<int:pk>/members/", views.member_add, name="member_add"),
    path("<int:pk>/meetings/", views.meeting_new, name="meeting_new"),
    path("<int:pk>/meetings/<int:meeting_pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/meetings/<int:meeting_pk>/declarations/", views.meeting_declarations, name="meeting_declarations"),
    path("<int:pk>/meetings/<int:meeting_pk>/open/", views.meeting_open, name="meeting_open"),
    path("<int:pk>/meetings/<int:meeting_pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("<int:pk>/meetings/<int:meeting_pk>/actions/", views.meeting_action, name="meeting_action"),
    path("<int:pk>/actions/<int:action_pk>/", views.action_status, name="action_status"),
    path("<int:pk>/areas/", views.area_new, name="area_new"),
    path("<int:pk>/areas/<int:area_pk>/validate/", views.area_validate, name="area_validate"),
    path("<int:pk>/areas/<int:area_pk>/updates/", views.area_update, name="area_update"),
    path("<int:pk>/practices/", views.practice_add, name="practice_add"),
    path("<int:pk>/reports/", reports.group_report_new, name="group_report_new"),
    path("<int:pk>/reports/<int:report_pk>/", reports.group_report_detail, name="group_report"),
    path("<int:pk>/reports/<int:report_pk>/review/", reports.group_report_review, name="group_report_review"),
    path("<int:pk>/reports/<int:report_pk>/return/", reports.group_report_return, name="group_report_return"),
    path("<int:pk>/reports/<int:report_pk>/approve/", reports.group_report_approve, name="group_report_approve"),
    path("<int:pk>/reports/<int:report_pk>/retry/", reports.group_report_retry, name="group_report_retry"),
    path("<int:pk>/reports/<int:report_pk>/<str:language>.pdf", reports.group_report_download,
         name="group_report_download"),
]
