"""The national decision register and the guidance library."""

from django.urls import path

from sentinelle.cases import views_guidance, views_register

urlpatterns = [
    path("decisions/", views_register.decision_register, name="decision_register"),
    path("decisions/export.csv", views_register.export_csv, name="decision_register_csv"),
    path("decisions/export.xlsx", views_register.export_xlsx, name="decision_register_xlsx"),
    path("guidance/", views_guidance.guidance_list, name="guidance_list"),
    path("guidance/<int:pk>/", views_guidance.guidance_edit, name="guidance_edit"),
]
