from django.urls import path

from sentinelle.audit import views

urlpatterns = [path("", views.event_list, name="event_list")]
