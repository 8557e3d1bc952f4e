"""Staff pages of workload, under the namespace "workload"."""

from django.urls import path

from sentinelle.workload import views

urlpatterns = [
    path("", views.queue, name="queue"),
    path("assign/", views.assign, name="assign"),
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/<int:user_id>/capacity/", views.capacity, name="capacity"),
    path("check-in/", views.checkin, name="checkin"),
    path("sector-weights/", views.sector_weights, name="sector_weights"),
]
