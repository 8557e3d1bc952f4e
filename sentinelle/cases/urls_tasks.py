""""My tasks" (mounted at /<lang>/staff/tasks/ in the "cases" namespace)."""

from django.urls import path

from sentinelle.cases import views_tasks as views

urlpatterns = [
    path("", views.my_tasks, name="my_tasks"),
]
