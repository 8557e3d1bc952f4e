"""Staff pages of governance, under the namespace "governance"."""

from django.urls import include, path

from sentinelle.governance import views

urlpatterns = [
    path("", views.plan, name="plan"),
    path("plan.<fmt>", views.plan_export, name="plan_export"),
    path("measures/<int:pk>/", views.measure_detail, name="measure"),
    path("measures/<int:pk>/evidence/", views.measure_evidence, name="measure_evidence"),
    path("reports/", views.report_list, name="report_list"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/return/", views.report_return, name="report_return"),
    path("reports/<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report_retry"),
    path("reports/<int:pk>/<str:language>.pdf", views.report_download, name="report_download"),
    path("standards/", views.standards, name="standards"),
    path("survey/", views.survey_record, name="survey_record"),
    path("groups/", include("sentinelle.governance.urls_groups")),
]
