"""Staff pages of the tip line: recording reports, triage, escalations, referrals."""

from django.urls import path

from sentinelle.intake import views_staff as views

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.record_report, name="new"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.download_attachment, name="attachment"),
    path("<int:pk>/message/", views.send_message, name="message"),
    path("<int:pk>/escalate/", views.escalate_report, name="escalate"),
    path("<int:pk>/match/", views.match_employer, name="match"),
    path("<int:pk>/new-employer/", views.create_employer, name="create_employer"),
    path("<int:pk>/open-case/", views.open_case, name="open_case"),
    path("<int:pk>/join-case/", views.join_case, name="join_case"),
    path("<int:pk>/close/", views.close_report, name="close"),
    path("escalations/", views.escalation_board, name="escalations"),
    path("escalations/<int:pk>/", views.escalation_detail, name="escalation"),
    path("escalations/<int:pk>/measures/", views.record_measures, name="measures"),
    path("escalations/<int:pk>/referrals/", views.record_referral, name="referral"),
    path("escalations/<int:pk>/referrals/<int:referral_pk>/", views.referral_reply, name="referral_reply"),
    path("referrals/", views.referral_list, name="referrals"),
]
