"""Staff pages of dashboard, under the namespace "dashboard"."""

from django.urls import path

from sentinelle.dashboard import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export/<table>.<fmt>", views.export, name="export"),
    path("targets/", views.targets, name="targets"),
    path("report/<int:fiscal_year>-q<int:quarter>.pdf", views.quarterly_report, name="quarterly_report"),
]
