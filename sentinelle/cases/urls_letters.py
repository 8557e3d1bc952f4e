"""The letter templates staff edit (to be mounted at /<lang>/staff/letters/ in the
"cases" namespace)."""

from django.urls import path

from sentinelle.cases import views_documents as views

urlpatterns = [
    path("", views.letter_template_list, name="letter_template_list"),
    path("<int:pk>/", views.letter_template_edit, name="letter_template_edit"),
]
