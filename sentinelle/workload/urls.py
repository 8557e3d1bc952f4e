"""Staff pages of workload, under the namespace "workload"."""

from django.urls import path

from sentinelle.workload import views, views_plans

urlpatterns = [
    path("", views.queue, name="queue"),
    path("assign/", views.assign, name="assign"),
    path("caseload/", views.caseload, name="caseload"),
    path("caseload/<int:user_id>/capacity/", views.capacity, name="capacity"),
    path("check-in/", views.checkin, name="checkin"),
    path("sector-weights/", views.sector_weights, name="sector_weights"),
    path("plans/", views_plans.plan_list, name="plans"),
    path("plans/new/", views_plans.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views_plans.plan_detail, name="plan"),
    path("plans/<int:pk>/edit/", views_plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/draw/", views_plans.plan_draw, name="plan_draw"),
    path("plans/<int:pk>/open-cases/", views_plans.plan_open_cases, name="plan_open_cases"),
]
