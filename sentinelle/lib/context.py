"""What every page needs: the language switch and the staff navigation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from sentinelle.lib.i18n import language_links
from sentinelle.lib.paths import is_staff_path

LOCAL_NAMES = {"fr": "Français", "en": "English", "es": "Español", "tl": "Tagalog"}


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    perm: str


# `(user) -> str | None` by URL name: a label that says more (a count of things
# waiting), or None for the plain label. Each app registers its own in its
# AppConfig.ready() (`navigation_label`), so that this module depends on no app.
_labels: dict[str, Callable[[Any], str | None]] = {}


def navigation_label(url_name: str, label_for: Callable[[Any], str | None]) -> None:
    _labels[url_name] = label_for


# The staff navigation, in order; an item shows only to those who may use it.
STAFF_NAVIGATION = [
    NavItem(_("Home"), "staff:home", "accounts.use_staff_site"),
    NavItem(_("Dashboard"), "dashboard:dashboard", "dashboard.view_dashboard"),
    NavItem(_("Notifications"), "staff:notifications", "accounts.use_staff_site"),
    NavItem(_("My tasks"), "cases:my_tasks", "cases.view_my_tasks"),
    NavItem(_("Reports"), "reports:queue", "intake.view_report"),
    NavItem(_("Record a report"), "reports:new", "intake.record_report"),
    NavItem(_("Escalations"), "reports:escalations", "intake.manage_escalation"),
    NavItem(_("Referral register"), "reports:referrals", "intake.view_referral_register"),
    NavItem(_("Cases"), "cases:case_list", "cases.view_case"),
    NavItem(_("Work queue"), "workload:queue", "workload.view_queue"),
    NavItem(_("Inspection plans"), "workload:plans", "workload.view_plans"),
    NavItem(_("Employers"), "cases:employer_list", "cases.view_employer"),
    NavItem(_("Search"), "cases:search", "cases.view_case"),
    NavItem(_("Forecasts"), "forecast:forecast", "forecast.view_forecast"),
    NavItem(_("Decision register"), "cases:decision_register", "cases.view_decision_register"),
    NavItem(_("Quality control"), "quality:review_list", "quality.view_review_list"),
    NavItem(_("Guidance"), "cases:guidance_list", "cases.view_case"),
    NavItem(_("Training"), "training:course_list", "training.view_course"),
    NavItem(_("Monthly workload check-in"), "workload:checkin", "workload.answer_checkin"),
    NavItem(_("Letter templates"), "cases:letter_template_list", "cases.manage_letter_templates"),
    NavItem(_("Access to information"), "privacy:request_list", "privacy.view_access_requests"),
    NavItem(_("Confidentiality incidents"), "incidents:incident_list", "incidents.view_incidents"),
    NavItem(_("Download watch"), "watch:alert_list", "watch.view_alerts"),
    NavItem(_("Action plan"), "governance:plan", "governance.view_plan"),
    NavItem(_("Reports to governance"), "governance:report_list", "governance.view_reports"),
    NavItem(_("Working groups"), "governance:group_list", "governance.view_groups"),
    NavItem(_("Service standards"), "governance:standards", "governance.view_reports"),
    NavItem(_("Record a survey answer"), "governance:survey_record", "governance.record_survey"),
    NavItem(_("Ethics and disclosure"), "ethics:ethics", "ethics.view_ethics_page"),
    NavItem(_("Departures"), "staff:departures", "accounts.view_departures"),
    NavItem(_("Audit log"), "audit:event_list", "audit.view_auditevent"),
    NavItem(_("API tokens"), "staff:api_tokens", "accounts.manage_api_tokens"),
    NavItem(_("Sign-in security"), "mfa_index", "accounts.use_staff_site"),
    NavItem(_("Reference data"), "admin:index", "accounts.use_admin_site"),
]


def _navigation(request: HttpRequest) -> list[dict[str, Any]]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in STAFF_NAVIGATION:
        if user.has_perm(item.perm):
            url = reverse(item.url_name)
            label_for = _labels.get(item.url_name)
            label = (label_for(user) if label_for else None) or item.label
            items.append({"label": label, "url": url, "current": request.path == url})
    return items


def site(request: HttpRequest) -> dict[str, Any]:
    staff = is_staff_path(request.path)
    codes = settings.STAFF_LANGUAGES if staff else [c for c, _n in settings.LANGUAGES]
    return {
        "is_staff_page": staff,
        "language_links": language_links(
            request.get_full_path(), [(c, LOCAL_NAMES[c]) for c in codes]
        ),
        "staff_navigation": SimpleLazyObject(lambda: _navigation(request)),
    }
