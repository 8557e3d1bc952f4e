from django.urls import path

from sentinelle.intake import views, views_public, views_service_points

app_name = "intake"
urlpatterns = [
    path("", views.home, name="home"),
    # The worker's pages: no account, no session (see views_public).
    path("report/", views_public.report, name="report"),
    path("report/survey/", views_public.survey, name="survey"),
    path("report/survey/thanks/", views_public.survey_thanks, name="survey_thanks"),
    path("follow-up/", views_public.follow_up, name="follow_up"),
    path("follow-up/reply/", views_public.follow_up_reply, name="follow_up_reply"),
    path("help-in-person/", views_service_points.service_points, name="service_points"),
]
