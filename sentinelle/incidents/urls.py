"""Staff pages of incidents, under the namespace "incidents"."""

from django.urls import path

from sentinelle.incidents import views

urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("new/", views.incident_create, name="incident_create"),
    path("register/", views.register_list, name="register"),
    path("register/export.csv", views.register_csv, name="register_csv"),
    path("register/export.xlsx", views.register_xlsx, name="register_xlsx"),
    path("<int:pk>/", views.incident_detail, name="incident_detail"),
    path("<int:pk>/edit/", views.incident_edit, name="incident_edit"),
    path("<int:pk>/conclusion/", views.incident_conclude, name="incident_conclude"),
    path("<int:pk>/register/", views.register_record, name="register_record"),
    path("<int:pk>/notices/<kind>/new/", views.notice_create, name="notice_create"),
    path("<int:pk>/notices/<int:notice_pk>/pdf/", views.notice_download, name="notice_download"),
]
