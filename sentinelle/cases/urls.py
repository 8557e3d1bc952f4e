from django.urls import path

from sentinelle.cases import views

urlpatterns = [
    path("", views.employer_list, name="employer_list"),
    path("<int:pk>/", views.employer_detail, name="employer_detail"),
]
