"""Staff pages of the tip line: recording reports, triage, escalations, referrals."""

from django.urls import path

from sentinelle.intake import views_escalations, views_referrals, views_staff

urlpatterns = [
    path("", views_staff.queue, name="queue"),
    path("new/", views_staff.record_report, name="new"),
    path("<int:pk>/", views_staff.report_detail, name="detail"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views_staff.download_attachment, name="attachment"),
    path("<int:pk>/service-point/", views_staff.change_service_point, name="service_point"),
    path("<int:pk>/message/", views_staff.send_message, name="message"),
    path("<int:pk>/escalate/", views_staff.escalate_report, name="escalate"),
    path("<int:pk>/match/", views_staff.match_employer, name="match"),
    path("<int:pk>/new-employer/", views_staff.create_employer, name="create_employer"),
    path("<int:pk>/open-case/", views_staff.open_case, name="open_case"),
    path("<int:pk>/join-case/", views_staff.join_case, name="join_case"),
    path("<int:pk>/close/", views_staff.close_report, name="close"),
    path("escalations/", views_escalations.escalation_board, name="escalations"),
    path("escalations/<int:pk>/", views_escalations.escalation_detail, name="escalation"),
    path("escalations/<int:pk>/measures/", views_escalations.record_measures, name="measures"),
    path("escalations/<int:pk>/referrals/", views_escalations.record_referral, name="referral"),
    path("escalations/<int:pk>/referrals/<int:referral_pk>/", views_escalations.referral_reply,
         name="referral_reply"),
    path("referrals/", views_referrals.referral_list, name="referrals"),
    path("referrals/export.csv", views_referrals.referral_csv, name="referrals_csv"),
    path("referrals/export.xlsx", views_referrals.referral_xlsx, name="referrals_xlsx"),
    path("referrals/<int:pk>/", views_referrals.referral_detail, name="referral_detail"),
    path("<int:pk>/refer/", views_referrals.refer_report, name="refer_report"),
    path("cases/<str:reference>/refer/", views_referrals.refer_case, name="refer_case"),
    path("cases/<str:reference>/escalate/", views_referrals.escalate_case, name="escalate_case"),
]
