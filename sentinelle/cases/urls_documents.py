"""A case's documents, letters and summary report (under /staff/cases/<reference>/)."""

from django.urls import path

from sentinelle.cases import views_documents as views

urlpatterns = [
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("documents/<int:pk>/versions/", views.document_add_version, name="document_add_version"),
    path("documents/<int:pk>/versions/<int:number>/download/", views.document_download, name="document_download"),
    path("documents/<int:pk>/versions/<int:number>/preview/", views.document_preview, name="document_preview"),
    path("letters/new/", views.letter_create, name="letter_create"),
    path("summary/", views.case_summary, name="summary"),
    path("summary.pdf", views.case_summary_pdf, name="summary_pdf"),
    path("summary/file/", views.case_summary_file, name="summary_file"),
]
