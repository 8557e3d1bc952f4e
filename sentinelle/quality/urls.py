"""Staff pages of quality, under the namespace "quality"."""

from django.urls import path

from sentinelle.quality import views, views_feedback, views_observation

urlpatterns = [
    path("", views.review_list, name="review_list"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("plan/", views.plan, name="plan"),
    path("draws/", views.draws, name="draws"),
    path("checklist/", views.checklist, name="checklist"),
    path("checklist/<int:pk>/", views.checklist_item, name="checklist_item"),
    path("rates/", views.rates, name="rates"),
    path("reviews/<int:pk>/feedback/", views_feedback.review_feedback, name="feedback"),
    path("disagreements/", views_feedback.disagreements, name="disagreements"),
    path("observation/plan/", views_observation.plan, name="observation_plan"),
    path("observation/new/", views_observation.observation_new, name="observation_new"),
    path("observation/", views_observation.observation_list, name="observation_list"),
    path("observation/<int:pk>/", views_observation.observation, name="observation"),
    path("observation/results/", views_observation.results, name="observation_results"),
]
