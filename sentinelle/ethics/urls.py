"""Staff pages of ethics and disclosure, under the namespace "ethics"."""

from django.urls import path

from sentinelle.ethics import views

urlpatterns = [
    path("", views.ethics, name="ethics"),
    path("designations/new/", views.designation_new, name="designation_new"),
    path("absences/new/", views.absence_new, name="absence_new"),
    path("designations/notice/", views.designation_notice, name="designation_notice"),
    path("disclose/", views.disclose, name="disclose"),
    path("follow-up/", views.follow_up, name="follow_up"),
    path("follow-up/reply/", views.follow_up_reply, name="follow_up_reply"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("former-staff/", views.former_staff_contacts, name="former_staff_contacts"),
    path("former-staff/new/", views.former_staff_contact_new, name="former_staff_contact_new"),
    path("disclosures/", views.disclosure_list, name="disclosure_list"),
    path("disclosures/<int:pk>/", views.disclosure_detail, name="disclosure_detail"),
    path("disclosures/<int:pk>/handling/", views.disclosure_handle, name="disclosure_handle"),
    path("disclosures/<int:pk>/messages/", views.disclosure_message, name="disclosure_message"),
]
