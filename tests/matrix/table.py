"""Who may reach what: the expected-access table of the matrix.

Written from the SPEC ("Who uses it", "A staff member sees only what their role and
region allow, plus cases explicitly shared with them"; §8 "roles and regions
enforced on every page, API call and file"; "API ... with the same permissions as
the pages") and from each app's `rules.py` docstrings, as a table of roles, not
from the views. Each endpoint says:

- `allowed(who, region, method)`: may this person do this (here: GET or POST on the
  page, or the API method) on the object of `region`?
- `visible(who, region)`: may this person know that the object exists (read it)?
  A refusal on an object one may not read must be 404, the same answer as an id
  that does not exist; a refusal on an object one may read may be 403.

Role codes: IA intake agent, INV investigator, TL team lead, QCR quality control
reviewer, NA national analyst, PO privacy officer, AD administrator, MGR manager, SEC working-group secretariat."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sentinelle.accounts.models import RoleCode

from .world import ETHICS_OFFICER, ETHICS_SUBSTITUTE, Regional, World

IA, INV, TL = RoleCode.INTAKE_AGENT, RoleCode.INVESTIGATOR, RoleCode.TEAM_LEAD
QCR, NA, PO, AD = RoleCode.QC_REVIEWER, RoleCode.NATIONAL_ANALYST, RoleCode.PRIVACY_OFFICER, RoleCode.ADMINISTRATOR
MGR, SEC = RoleCode.MANAGER, RoleCode.SECRETARIAT
ANY_ROLE = frozenset(RoleCode.values)
# SPEC "Who uses it": everybody who works files (all but the administrator, who
# keeps users and reference data) reads the employers and cases of their region.
WORKS_FILES = frozenset({IA, INV, TL, QCR, NA, PO})
WORKS_CASES = frozenset({INV, TL})  # investigators work cases, team leads assign and approve
READS_REPORTS = frozenset({IA, TL, INV})  # the tip line, its team leads, the investigators behind the cases
TRIAGES = frozenset({IA, TL})
DASHBOARD = frozenset({TL, NA, QCR, AD})


@dataclass(frozen=True)
class Who:
    role: str | None  # None: an active account without any role
    region: str | None  # None: an anonymous visitor

    @property
    def anonymous(self) -> bool:
        return self.region is None

    def __str__(self) -> str:
        return "anonymous" if self.anonymous else f"{self.role or 'no-role'}@{self.region}"


def reach(who: Who, region: str | None) -> bool:
    """SPEC: one's own region; National HQ sees every region."""
    return region is None or who.region == "HQ" or who.region == region


def role(*roles: str) -> Callable[[Who, str | None, str], bool]:
    return lambda who, region, method: who.role in roles


def role_in_reach(*roles: str) -> Callable[[Who, str | None, str], bool]:
    return lambda who, region, method: who.role in roles and reach(who, region)


def sees(*roles: str) -> Callable[[Who, str | None], bool]:
    return lambda who, region: who.role in roles and reach(who, region)


def read_write(read: Callable[..., bool], write: Callable[..., bool]) -> Callable[[Who, str | None, str], bool]:
    return lambda who, region, method: (read if method == "GET" else write)(who, region, method)


Args = Callable[[World, Regional, Any], dict[str, Any]]


@dataclass
class Endpoint:
    name: str  # URL name, with its namespace
    args: Args | None  # None: a page about no object
    allowed: Callable[[Who, str | None, str], bool]
    visible: Callable[[Who, str | None], bool] | None = None
    methods: tuple[str, ...] = ("GET",)
    ok: frozenset[int] = frozenset({200})  # an allowed GET
    regional: bool = True  # the object belongs to a region (else: two copies, not regional)
    targets: Callable[[Regional, Any], list[Any]] = lambda objects, user: []
    refusal_extra: frozenset[int] = frozenset()  # also a refusal, for a reader of the object
    public: bool = False
    api: bool = False
    # For the nonexistent-id and IDOR checks: the same kwargs with the object missing / swapped.
    missing: dict[str, Any] | None = None
    swap: Callable[[World], dict[str, Any]] | None = None
    # Who may legitimately use the swapped ids (both objects within their reach).
    swap_ok: Callable[[Who], bool] = lambda who: False
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _case(o: Regional, u: Any) -> list[Any]:
    return [o.case]


def _report(o: Regional, u: Any) -> list[Any]:
    return [o.report]


def _fy_quarter() -> dict[str, int]:
    today = timezone.localdate()
    fiscal_year = today.year if today.month >= 4 else today.year - 1
    return {"fiscal_year": fiscal_year, "quarter": 1}


MISSING_REF = "C-0000-999999"
N = 987654321

view_case = sees(*WORKS_FILES)


def _plan_rule(who: Who, region: str | None, method: str) -> bool:
    return who.role == NA or (who.role == TL and who.region == region)


def _plan_seen(who: Who, region: str | None) -> bool:
    return _plan_rule(who, region, "GET")
change_case = role_in_reach(*WORKS_CASES)
view_report = sees(*READS_REPORTS)


def _q(w: World) -> Regional:
    return w.objects["QC"]


def _o(w: World) -> Regional:
    return w.objects["ON"]


ENDPOINTS: list[Endpoint] = [
    # --- public pages (anyone) -----------------------------------------------------------------
    Endpoint("intake:home", None, lambda *a: True, public=True),
    Endpoint("intake:report", None, lambda *a: True, public=True),
    Endpoint("intake:follow_up", None, lambda *a: True, public=True),
    Endpoint("intake:service_points", None, lambda *a: True, public=True),
    Endpoint("statistics:statistics", None, lambda *a: True, public=True),
    # --- accounts ------------------------------------------------------------------------------
    Endpoint("staff:home", None, role(*ANY_ROLE)),
    Endpoint("staff:api_tokens", None, role(*ANY_ROLE), methods=("GET", "POST")),
    Endpoint("staff:notifications", None, role(*ANY_ROLE)),
    Endpoint("cases:my_tasks", None, role(*ANY_ROLE)),
    Endpoint("staff:read_all_notifications", None, role(*ANY_ROLE), methods=("POST",)),
    # One's own token and notification; another person's are an IDOR (below).
    Endpoint("staff:revoke_api_token", lambda w, o, u: {"pk": w.own_token[u.pk].pk}, role(*ANY_ROLE),
             visible=lambda who, r: who.role is not None, methods=("POST",), regional=False,
             targets=lambda o, u: [], missing={"pk": N},
             swap=lambda w: {"pk": w.own_token[w.extra["victim"].pk].pk}),
    Endpoint("staff:open_notification", lambda w, o, u: {"pk": w.own_notification[u.pk].pk}, role(*ANY_ROLE),
             visible=lambda who, r: who.role is not None, ok=frozenset({302}), regional=False, missing={"pk": N},
             swap=lambda w: {"pk": w.own_notification[w.extra["victim"].pk].pk}),
    # Departures (accounts/rules.py): team leads, administrators and privacy officers follow those of their
    # region (National HQ: every region); team leads and administrators sign off the return of material; only
    # the departing person (no one of the matrix) acknowledges the post-employment rules.
    Endpoint("staff:departures", None, role(TL, AD, PO)),
    Endpoint("staff:my_departure", None, role(*ANY_ROLE)),
    Endpoint("staff:departure", lambda w, o, u: {"user_id": o.departure.user_id}, role_in_reach(TL, AD, PO),
             visible=sees(TL, AD, PO), missing={"user_id": N}),
    Endpoint("staff:departure_material", lambda w, o, u: {"user_id": o.departure.user_id}, role_in_reach(TL, AD),
             visible=sees(TL, AD, PO), methods=("POST",), targets=lambda o, u: [o.departure],
             missing={"user_id": N}),
    Endpoint("staff:departure_acknowledge", lambda w, o, u: {"user_id": o.departure.user_id},
             lambda who, region, method: False, visible=sees(TL, AD, PO), methods=("POST",),
             targets=lambda o, u: [o.departure], missing={"user_id": N}),
    # --- employers (rules: cases.view_employer / merge_employers) ---------------------------------
    Endpoint("cases:employer_list", None, role(*WORKS_FILES)),
    Endpoint("cases:search", None, role(*WORKS_FILES), ok=frozenset({200, 302})),
    Endpoint("cases:employer_detail", lambda w, o, u: {"pk": o.employer.pk}, role_in_reach(*WORKS_FILES),
             visible=sees(*WORKS_FILES), missing={"pk": N}),
    Endpoint("cases:employer_merge", lambda w, o, u: {"pk": o.employer.pk}, role_in_reach(TL, NA),
             visible=sees(*WORKS_FILES), missing={"pk": N}),
    Endpoint("cases:employer_merge_confirm", lambda w, o, u: {"pk": o.employer.pk, "duplicate_pk": o.duplicate.pk},
             role_in_reach(TL, NA), visible=sees(*WORKS_FILES), methods=("GET", "POST"),
             targets=lambda o, u: [o.employer, o.duplicate], missing={"pk": N, "duplicate_pk": N},
             swap=lambda w: {"pk": _q(w).employer.pk, "duplicate_pk": _o(w).duplicate.pk},
             # National HQ reaches both regions: merging across them is theirs to do.
             swap_ok=lambda who: who.role in (TL, NA) and who.region == "HQ"),
    # rules: change_employer_register (team leads in reach, analysts), import_employer_register,
    # open_case (a case without a report: investigators and team leads in reach).
    Endpoint("cases:employer_register_figures", lambda w, o, u: {"pk": o.employer.pk}, role_in_reach(TL, NA),
             visible=sees(*WORKS_FILES), methods=("GET", "POST"), targets=lambda o, u: [o.employer],
             missing={"pk": N}),
    Endpoint("cases:employer_register_import", None, role(TL, NA), methods=("GET", "POST")),
    Endpoint("cases:employer_open_case", lambda w, o, u: {"pk": o.employer.pk}, role_in_reach(*WORKS_CASES),
             visible=sees(*WORKS_FILES), methods=("GET", "POST"), targets=lambda o, u: [o.employer],
             missing={"pk": N}),
    # --- decisions, guidance, letters --------------------------------------------------------------
    Endpoint("cases:decision_register", None, role(*WORKS_FILES)),
    # rules: export for team leads, analysts and National HQ.
    Endpoint("cases:decision_register_csv", None,
             lambda who, r, m: who.role in WORKS_FILES and (who.role in (TL, NA) or who.region == "HQ")),
    Endpoint("cases:decision_register_xlsx", None,
             lambda who, r, m: who.role in WORKS_FILES and (who.role in (TL, NA) or who.region == "HQ")),
    Endpoint("cases:guidance_list", None, role(*WORKS_FILES)),
    Endpoint("cases:guidance_edit", lambda w, o, u: {"pk": w.guidance.pk}, role(NA, AD),
             visible=lambda who, r: who.role in WORKS_FILES | {AD}, methods=("GET", "POST"), regional=False,
             targets=lambda o, u: [], missing={"pk": N}),
    Endpoint("cases:letter_template_list", None, role(TL, NA, AD)),
    Endpoint("cases:letter_template_edit", lambda w, o, u: {"pk": w.letter_template.pk}, role(TL, NA, AD),
             visible=lambda who, r: who.role in (TL, NA, AD), methods=("GET", "POST"), regional=False,
             missing={"pk": N}),
    # --- cases ---------------------------------------------------------------------------------------
    Endpoint("cases:case_list", None, role(*WORKS_FILES)),
    Endpoint("cases:case_detail", lambda w, o, u: {"reference": o.case.reference}, role_in_reach(*WORKS_FILES),
             visible=view_case, missing={"reference": MISSING_REF}),
    Endpoint("cases:case_edit", lambda w, o, u: {"reference": o.case.reference}, change_case, visible=view_case,
             methods=("GET", "POST"), targets=_case, missing={"reference": MISSING_REF}),
    # A new case is assessed by an investigator or team lead of its region (rules: assess_case);
    # a reader who may not is sent back to the case page with the reason.
    Endpoint("cases:case_move", lambda w, o, u: {"reference": o.case.reference, "name": "assess"}, change_case,
             visible=view_case, methods=("GET", "POST"), targets=_case, refusal_extra=frozenset({302}),
             missing={"reference": MISSING_REF, "name": "assess"}),
    Endpoint("cases:activity_new", lambda w, o, u: {"reference": o.case.reference, "kind": "phone_call"},
             change_case, visible=view_case, methods=("GET", "POST"), targets=_case,
             missing={"reference": MISSING_REF, "kind": "phone_call"}),
    Endpoint("cases:activity_detail", lambda w, o, u: {"reference": o.case.reference, "pk": o.activity.pk},
             read_write(role_in_reach(*WORKS_FILES), change_case), visible=view_case, methods=("GET", "POST"),
             targets=lambda o, u: [o.case, o.activity], missing={"reference": MISSING_REF, "pk": N},
             swap=lambda w: {"reference": _q(w).case.reference, "pk": _o(w).activity.pk}),
    # rules: share_case: the team lead of the region, or the investigator the case is assigned to
    # (these cases are not assigned).
    Endpoint("cases:share_new", lambda w, o, u: {"reference": o.case.reference}, role_in_reach(TL),
             visible=view_case, methods=("GET", "POST"), targets=_case, missing={"reference": MISSING_REF}),
    Endpoint("cases:share_revoke", lambda w, o, u: {"reference": o.case.reference, "pk": o.share.pk},
             role_in_reach(TL), visible=view_case, methods=("POST",), targets=lambda o, u: [o.case, o.share],
             missing={"reference": MISSING_REF, "pk": N},
             swap=lambda w: {"reference": _q(w).case.reference, "pk": _o(w).share.pk}),
    # --- case documents (files) ------------------------------------------------------------------------
    Endpoint("cases:document_list", lambda w, o, u: {"reference": o.case.reference}, role_in_reach(*WORKS_FILES),
             visible=view_case, missing={"reference": MISSING_REF}),
    Endpoint("cases:document_detail", lambda w, o, u: {"reference": o.case.reference, "pk": o.document.pk},
             role_in_reach(*WORKS_FILES), visible=view_case, missing={"reference": MISSING_REF, "pk": N},
             swap=lambda w: {"reference": _q(w).case.reference, "pk": _o(w).document.pk}),
    Endpoint("cases:document_add_version", lambda w, o, u: {"reference": o.case.reference, "pk": o.document.pk},
             change_case, visible=view_case, methods=("POST",), targets=lambda o, u: [o.case, o.document],
             missing={"reference": MISSING_REF, "pk": N},
             swap=lambda w: {"reference": _q(w).case.reference, "pk": _o(w).document.pk}),
    Endpoint("cases:document_download",
             lambda w, o, u: {"reference": o.case.reference, "pk": o.document.pk, "number": 1},
             role_in_reach(*WORKS_FILES), visible=view_case, missing={"reference": MISSING_REF, "pk": N, "number": 1},
             swap=lambda w: {"reference": _q(w).case.reference, "pk": _o(w).document.pk, "number": 1}),
    Endpoint("cases:document_preview",
             lambda w, o, u: {"reference": o.case.reference, "pk": o.document.pk, "number": 1},
             role_in_reach(*WORKS_FILES), visible=view_case, missing={"reference": MISSING_REF, "pk": N, "number": 1},
             swap=lambda w: {"reference": _q(w).case.reference, "pk": _o(w).document.pk, "number": 1}),
    Endpoint("cases:letter_create", lambda w, o, u: {"reference": o.case.reference}, change_case, visible=view_case,
             methods=("GET", "POST"), targets=_case, missing={"reference": MISSING_REF}),
    Endpoint("cases:summary", lambda w, o, u: {"reference": o.case.reference}, role_in_reach(*WORKS_FILES),
             visible=view_case, missing={"reference": MISSING_REF}),
    Endpoint("cases:summary_pdf", lambda w, o, u: {"reference": o.case.reference}, role_in_reach(*WORKS_FILES),
             visible=view_case, missing={"reference": MISSING_REF}),
    Endpoint("cases:summary_file", lambda w, o, u: {"reference": o.case.reference}, change_case, visible=view_case,
             methods=("POST",), targets=_case, missing={"reference": MISSING_REF}),
    # --- reports (rules: intake) -------------------------------------------------------------------------
    Endpoint("reports:queue", None, role(*READS_REPORTS)),
    Endpoint("reports:new", None, role(*TRIAGES), methods=("GET", "POST")),
    Endpoint("reports:detail", lambda w, o, u: {"pk": o.report.pk}, role_in_reach(*READS_REPORTS),
             visible=view_report, missing={"pk": N}),
    Endpoint("reports:attachment", lambda w, o, u: {"pk": o.report.pk, "attachment_pk": o.attachment.pk},
             role_in_reach(*READS_REPORTS), visible=view_report, missing={"pk": N, "attachment_pk": N},
             swap=lambda w: {"pk": _q(w).report.pk, "attachment_pk": _o(w).attachment.pk}),
    Endpoint("reports:message", lambda w, o, u: {"pk": o.report.pk}, role_in_reach(*TRIAGES), visible=view_report,
             methods=("POST",), targets=_report, missing={"pk": N}),
    Endpoint("reports:escalate", lambda w, o, u: {"pk": o.report.pk}, role_in_reach(*READS_REPORTS),
             visible=view_report, methods=("POST",), targets=_report, missing={"pk": N}),
    *[Endpoint(f"reports:{name}", lambda w, o, u: {"pk": o.report.pk}, role_in_reach(*TRIAGES), visible=view_report,
               methods=("POST",), targets=_report, missing={"pk": N})
      for name in ("match", "create_employer", "open_case", "join_case", "close", "service_point")],
    Endpoint("reports:escalations", None, role(TL)),
    # The referral register, its exports and the API: team leads of their region, national analysts.
    Endpoint("reports:referrals", None, role(TL, NA)),
    Endpoint("reports:referrals_csv", None, role(TL, NA)),
    Endpoint("reports:referrals_xlsx", None, role(TL, NA)),
    Endpoint("reports:refer_report", lambda w, o, u: {"pk": o.report.pk}, role_in_reach(*READS_REPORTS),
             visible=view_report, methods=("GET", "POST"), targets=_report, missing={"pk": N}),
    Endpoint("reports:refer_case", lambda w, o, u: {"reference": o.case.reference}, change_case, visible=view_case,
             methods=("GET", "POST"), targets=_case, missing={"reference": MISSING_REF}),
    Endpoint("reports:escalate_case", lambda w, o, u: {"reference": o.case.reference}, change_case,
             visible=view_case, methods=("GET", "POST"), targets=_case, missing={"reference": MISSING_REF}),
    # A referral: read by the referring team and analysts; its outcome moved by the referring team.
    Endpoint("reports:referral_detail", lambda w, o, u: {"pk": o.referral.pk},
             read_write(role_in_reach(IA, TL, INV, NA), role_in_reach(IA, TL, INV)),
             visible=sees(IA, TL, INV, NA), methods=("GET", "POST"), targets=lambda o, u: [o.referral],
             missing={"pk": N}),
    Endpoint("reports:escalation", lambda w, o, u: {"pk": o.escalation.pk}, role_in_reach(TL),
             visible=view_report, missing={"pk": N}),
    Endpoint("reports:measures", lambda w, o, u: {"pk": o.escalation.pk}, role_in_reach(TL), visible=view_report,
             methods=("POST",), targets=lambda o, u: [o.escalation], missing={"pk": N}),
    Endpoint("reports:referral", lambda w, o, u: {"pk": o.escalation.pk}, role_in_reach(TL), visible=view_report,
             methods=("POST",), targets=lambda o, u: [o.escalation], missing={"pk": N}),
    Endpoint("reports:referral_reply", lambda w, o, u: {"pk": o.escalation.pk, "referral_pk": o.referral.pk},
             role_in_reach(TL), visible=view_report, methods=("GET", "POST"),
             targets=lambda o, u: [o.escalation, o.referral], missing={"pk": N, "referral_pk": N},
             swap=lambda w: {"pk": _q(w).escalation.pk, "referral_pk": _o(w).referral.pk}),
    # --- audit, dashboard, workload, forecast --------------------------------------------------------------
    Endpoint("audit:event_list", None, role(PO, AD)),
    Endpoint("dashboard:dashboard", None, role(*DASHBOARD)),
    Endpoint("dashboard:export", None, role(*DASHBOARD), extra={"kwargs": {"table": "inventory_status",
                                                                          "fmt": "csv"}}),
    Endpoint("dashboard:quarterly_report", None, role(*DASHBOARD), extra={"kwargs": _fy_quarter()}),
    Endpoint("dashboard:targets", None, role(NA, AD), methods=("GET", "POST")),
    Endpoint("workload:queue", None, role(TL, NA)),
    Endpoint("workload:assign", None, role(TL), methods=("POST",)),
    Endpoint("workload:caseload", None, role(TL, NA, AD)),
    # rules: change_capacity: the team lead of the investigator's own region (not HQ), or an administrator.
    Endpoint("workload:capacity", lambda w, o, u: {"user_id": o.investigator.pk},
             lambda who, r, m: who.role == AD or (who.role == TL and who.region == r),
             visible=lambda who, r: who.role in (NA, AD) or (who.role == TL and reach(who, r)),
             methods=("GET", "POST"), targets=lambda o, u: [o.investigator], missing={"user_id": N}),
    Endpoint("workload:sector_weights", None, role(NA, AD), methods=("GET", "POST")),
    # Inspection plans (rules: view_plans, view_plan, manage_plan): team leads, their own region's
    # plans (not HQ's team leads, whose region has no plan); national analysts every plan.
    Endpoint("workload:plans", None, role(TL, NA)),
    Endpoint("workload:plan_new", None, role(TL, NA), methods=("GET", "POST")),
    Endpoint("workload:plan", lambda w, o, u: {"pk": o.plan.pk}, _plan_rule, visible=_plan_seen,
             missing={"pk": N}),
    Endpoint("workload:plan_edit", lambda w, o, u: {"pk": o.plan.pk}, _plan_rule, visible=_plan_seen,
             methods=("GET", "POST"), targets=lambda o, u: [o.plan], missing={"pk": N}),
    Endpoint("workload:plan_draw", lambda w, o, u: {"pk": o.plan.pk}, _plan_rule, visible=_plan_seen,
             methods=("POST",), targets=lambda o, u: [o.plan], missing={"pk": N}),
    Endpoint("workload:plan_open_cases", lambda w, o, u: {"pk": o.plan.pk}, _plan_rule, visible=_plan_seen,
             methods=("POST",), targets=lambda o, u: [o.plan], missing={"pk": N}),
    # rules: answer_checkin: investigators and intake agents, their own monthly check-in.
    Endpoint("workload:checkin", None, role(IA, INV), methods=("GET", "POST")),
    Endpoint("forecast:forecast", None, role(TL, NA, AD)),
    Endpoint("forecast:start", None, role(NA, AD), methods=("GET", "POST")),
    # --- quality -------------------------------------------------------------------------------------------------
    Endpoint("quality:review_list", None, role(QCR, NA)),
    # A review: the reviewer it is assigned to (here the QC reviewer of the file's region) and analysts.
    Endpoint("quality:review", lambda w, o, u: {"pk": o.selection.pk},
             lambda who, r, m: who.role == NA or (who.role == QCR and who.region == r),
             visible=lambda who, r: who.role == NA or (who.role == QCR and who.region == r),
             methods=("GET", "POST"), targets=lambda o, u: [o.selection], missing={"pk": N}),
    Endpoint("quality:plan", None, read_write(role(NA, QCR, TL), role(NA)), methods=("GET", "POST")),
    Endpoint("quality:draws", None, role(NA, QCR, TL)),
    Endpoint("quality:checklist", None, read_write(role(NA, QCR, TL), role(NA)), methods=("GET", "POST")),
    Endpoint("quality:checklist_item", lambda w, o, u: {"pk": w.checklist_item.pk}, role(NA),
             visible=lambda who, r: who.role in (NA, QCR, TL), methods=("GET", "POST"), regional=False,
             missing={"pk": N}),
    Endpoint("quality:rates", None, role(NA, TL)),
    # A complete review, on its own page: the file's investigator (the region's), the team leads who
    # reach its region, and the quality lead (national analysts); the forms on it answer 400 when empty.
    Endpoint("quality:feedback", lambda w, o, u: {"pk": o.completed.pk},
             lambda who, r, m: who.role == NA or (who.role == INV and who.region == r)
             or (who.role == TL and reach(who, r)),
             visible=lambda who, r: who.role == NA or (who.role == INV and who.region == r)
             or (who.role == TL and reach(who, r)),
             methods=("GET", "POST"), targets=lambda o, u: [o.completed], missing={"pk": N}),
    Endpoint("quality:disagreements", None, role(NA)),
    # Service-quality observation: the quality lead sets and approves the rollout, which the quality roles read;
    # team leads and QC reviewers observe; an observation is read by its agent (here the region's intake agent),
    # its observer (the region's team lead), the team leads and QC reviewers who reach the region and analysts.
    Endpoint("quality:observation_plan", None, read_write(role(NA, QCR, TL), role(NA)), methods=("GET", "POST")),
    Endpoint("quality:observation_new", None, role(TL, QCR), methods=("GET", "POST")),
    Endpoint("quality:observation_list", None, role(IA, TL, QCR, NA)),
    Endpoint("quality:observation", lambda w, o, u: {"pk": o.observation.pk},
             lambda who, r, m: who.role == NA or (who.role == IA and who.region == r)
             or (who.role in (TL, QCR) and reach(who, r)),
             visible=lambda who, r: who.role == NA or (who.role == IA and who.region == r)
             or (who.role in (TL, QCR) and reach(who, r)),
             targets=lambda o, u: [o.observation], missing={"pk": N}),
    Endpoint("quality:observation_results", None, role(NA, TL)),
    # --- training ------------------------------------------------------------------------------------------------
    Endpoint("training:course_list", None, role(*ANY_ROLE)),
    Endpoint("training:course_detail", lambda w, o, u: {"code": w.course_code}, role(*ANY_ROLE),
             visible=lambda who, r: who.role is not None, regional=False, missing={"code": "no-such-course"}),
    Endpoint("training:completion_new", None, role(TL, NA, AD), methods=("GET", "POST")),
    Endpoint("training:completion_import", None, role(TL, NA, AD), methods=("GET", "POST")),
    Endpoint("training:untrained", None, role(TL, NA, AD)),
    Endpoint("training:untrained_csv", None, role(TL, NA, AD)),
    Endpoint("training:courses_from_reviews", None, role(TL, NA, AD)),
    # The equipment register: every staff member checks out equipment (for staff within their reach).
    Endpoint("training:equipment", None, role(*ANY_ROLE), methods=("GET", "POST")),
    # rules: sign_attestation: every staff role, one's own (the course page shows the form).
    Endpoint("training:attestation_sign", lambda w, o, u: {"code": w.course_code}, role(*ANY_ROLE),
             visible=lambda who, r: who.role is not None, methods=("POST",), regional=False,
             missing={"code": "no-such-course"}),
    # --- watch (rules: privacy officers and administrators; alerts about staff of one's region) --------------
    Endpoint("watch:alert_list", None, role(PO, AD)),
    Endpoint("watch:rule_settings", None, read_write(role(PO, AD), role(PO)), methods=("GET", "POST")),
    Endpoint("watch:alert_detail", lambda w, o, u: {"pk": o.alert.pk}, role_in_reach(PO, AD),
             visible=sees(PO, AD), missing={"pk": N}),
    Endpoint("watch:alert_acknowledge", lambda w, o, u: {"pk": o.alert.pk}, role_in_reach(PO), visible=sees(PO, AD),
             methods=("POST",), targets=lambda o, u: [o.alert], missing={"pk": N}),
]

# --- access to information: privacy officers only, whatever their region --------------------------------
PRIVACY_PAGES: list[tuple[str, Args | None, tuple[str, ...], frozenset[int]]] = [
    ("request_list", None, ("GET",), frozenset({200})),
    ("request_create", None, ("GET", "POST"), frozenset({200})),
    ("request_detail", lambda w, o, u: {"reference": o.access_request.reference}, ("GET",), frozenset({200})),
    ("request_acknowledge", lambda w, o, u: {"reference": o.access_request.reference}, ("GET", "POST"),
     frozenset({200})),
    ("request_extend", lambda w, o, u: {"reference": o.access_request.reference}, ("GET", "POST"), frozenset({200})),
    ("request_redirect", lambda w, o, u: {"reference": o.access_request.reference}, ("GET", "POST"),
     frozenset({200})),
    # No letter was ever generated for these requests: 404 for the officer too, like for everyone.
    ("redirection_letter", lambda w, o, u: {"reference": o.access_request.reference}, ("GET",), frozenset({404})),
    ("request_decision", lambda w, o, u: {"reference": o.access_request.reference}, ("GET", "POST"),
     frozenset({200})),
    ("request_assign", lambda w, o, u: {"reference": o.access_request.reference}, ("POST",), frozenset({200})),
    ("request_close", lambda w, o, u: {"reference": o.access_request.reference}, ("POST",), frozenset({200})),
    ("gather", lambda w, o, u: {"reference": o.access_request.reference}, ("GET", "POST"), frozenset({200})),
    ("upload", lambda w, o, u: {"reference": o.access_request.reference}, ("GET", "POST"), frozenset({200})),
    ("document_detail", lambda w, o, u: {"reference": o.access_request.reference, "pk": o.request_document.pk},
     ("GET",), frozenset({200})),
    ("detect_start", lambda w, o, u: {"reference": o.access_request.reference, "pk": o.request_document.pk},
     ("POST",), frozenset({200})),
    ("review_page", lambda w, o, u: {"reference": o.access_request.reference, "pk": o.request_document.pk,
                                     "page": 1}, ("GET",), frozenset({200})),
    ("page_image", lambda w, o, u: {"reference": o.access_request.reference, "pk": o.request_document.pk,
                                    "page": 1}, ("GET",), frozenset({200})),
    # GET goes to the review page of that page, where the form is.
    ("mark_add", lambda w, o, u: {"reference": o.access_request.reference, "pk": o.request_document.pk,
                                  "page": 1}, ("GET", "POST"), frozenset({302})),
    ("mark_decide", lambda w, o, u: {"reference": o.access_request.reference, "pk": o.request_document.pk,
                                     "mark_pk": o.mark.pk}, ("POST",), frozenset({200})),
    ("job_status", lambda w, o, u: {"reference": o.access_request.reference, "pk": o.job.pk}, ("GET",),
     frozenset({200})),
    ("release", lambda w, o, u: {"reference": o.access_request.reference}, ("GET", "POST"), frozenset({200})),
    ("package_download", lambda w, o, u: {"reference": o.access_request.reference, "pk": o.package.pk}, ("GET",),
     frozenset({200})),
]
PRIVACY_SWAPS: dict[str, Callable[[World], dict[str, Any]]] = {
    "document_detail": lambda w: {"reference": _q(w).access_request.reference, "pk": _o(w).request_document.pk},
    "detect_start": lambda w: {"reference": _q(w).access_request.reference, "pk": _o(w).request_document.pk},
    "review_page": lambda w: {"reference": _q(w).access_request.reference, "pk": _o(w).request_document.pk,
                              "page": 1},
    "page_image": lambda w: {"reference": _q(w).access_request.reference, "pk": _o(w).request_document.pk,
                             "page": 1},
    "mark_decide": lambda w: {"reference": _q(w).access_request.reference, "pk": _q(w).request_document.pk,
                              "mark_pk": _o(w).mark.pk},
    "job_status": lambda w: {"reference": _q(w).access_request.reference, "pk": _o(w).job.pk},
    "package_download": lambda w: {"reference": _q(w).access_request.reference, "pk": _o(w).package.pk},
}


for _name, _args, _methods, _ok in PRIVACY_PAGES:
    ENDPOINTS.append(Endpoint(
        f"privacy:{_name}", _args, role(PO), visible=(lambda who, r: who.role == PO) if _args else None,
        methods=_methods, ok=_ok, regional=False,
        targets=lambda o, u: [o.access_request, o.request_document, o.mark],
        swap=PRIVACY_SWAPS.get(_name)))

# --- confidentiality incidents: privacy officers only ----------------------------------------------------------
INCIDENT_PAGES: list[tuple[str, Args | None, tuple[str, ...]]] = [
    ("incident_list", None, ("GET",)),
    ("incident_create", None, ("GET", "POST")),
    ("register", None, ("GET",)),
    ("register_csv", None, ("GET",)),
    ("register_xlsx", None, ("GET",)),
    ("incident_detail", lambda w, o, u: {"pk": o.incident.pk}, ("GET",)),
    ("incident_edit", lambda w, o, u: {"pk": o.incident.pk}, ("GET", "POST")),
    ("incident_conclude", lambda w, o, u: {"pk": o.incident.pk}, ("POST",)),
    ("register_record", lambda w, o, u: {"pk": o.incident.pk}, ("POST",)),
    ("notice_create", lambda w, o, u: {"pk": o.incident.pk, "kind": "commission"}, ("GET", "POST")),
    ("notice_download", lambda w, o, u: {"pk": o.incident.pk, "notice_pk": o.notice.pk}, ("GET",)),
]
for _name, _args, _methods in INCIDENT_PAGES:
    ENDPOINTS.append(Endpoint(
        f"incidents:{_name}", _args, role(PO), visible=(lambda who, r: who.role == PO) if _args else None,
        methods=_methods, regional=False, targets=lambda o, u: [o.incident, o.notice],
        swap=(lambda w: {"pk": _q(w).incident.pk, "notice_pk": _o(w).notice.pk}) if _name == "notice_download"
        else None))

# --- governance: managers keep the action plan (their region's measures; every one at National HQ) and
# write the reports; team leads and national analysts read the plan; national analysts read and review reports.
READS_PLAN = frozenset({MGR, NA, TL})
READS_REPORTS = frozenset({MGR, NA})
ENDPOINTS.extend([
    Endpoint("governance:plan", None, role(*READS_PLAN)),
    Endpoint("governance:plan_export", None, role(*READS_PLAN), extra={"kwargs": {"fmt": "csv"}}),
    Endpoint("governance:measure", lambda w, o, u: {"pk": o.measure.pk},
             read_write(role(*READS_PLAN), role_in_reach(MGR)), visible=lambda who, r: who.role in READS_PLAN,
             methods=("GET", "POST"), targets=lambda o, u: [o.measure], missing={"pk": N}),
    Endpoint("governance:measure_evidence", lambda w, o, u: {"pk": o.measure.pk}, role_in_reach(MGR),
             visible=lambda who, r: who.role in READS_PLAN, methods=("POST",), targets=lambda o, u: [o.measure],
             missing={"pk": N}),
    Endpoint("governance:report_list", None, read_write(role(*READS_REPORTS), role(MGR)), methods=("GET", "POST")),
    *[Endpoint(f"governance:{name}", lambda w, o, u: {"pk": o.governance_report.pk}, allowed,
               visible=lambda who, r: who.role in READS_REPORTS, methods=methods, regional=False,
               targets=lambda o, u: [o.governance_report], missing={"pk": N})
      for name, allowed, methods in [
          ("report", read_write(role(*READS_REPORTS), role(MGR)), ("GET", "POST")),
          ("report_review", role(*READS_REPORTS), ("POST",)),
          ("report_return", role(*READS_REPORTS), ("POST",)),
          ("report_approve", role(MGR), ("POST",)),
          ("report_retry", role(MGR), ("POST",)),
      ]],
    Endpoint("governance:standards", None, role(*READS_REPORTS)),
    # The survey after a report by phone or in person: the intake agents who take those reports.
    Endpoint("governance:survey_record", None, role(IA), methods=("GET", "POST")),
    Endpoint("governance:report_download", lambda w, o, u: {"pk": o.governance_report.pk, "language": "fr"},
             role(*READS_REPORTS), visible=lambda who, r: who.role in READS_REPORTS, regional=False,
             missing={"pk": N, "language": "fr"}),
])
# Working groups: the secretariat keeps them; managers and national analysts read them. A meeting, a
# priority area or an action item of another group is missing (IDOR).
READS_GROUPS = frozenset({SEC, MGR, NA})
_reads_groups = lambda who, r: who.role in READS_GROUPS  # noqa: E731
_group = lambda w, o, u: {"pk": o.group.pk}  # noqa: E731
ENDPOINTS.extend([
    Endpoint("governance:group_list", None, read_write(role(*READS_GROUPS), role(SEC)), methods=("GET", "POST")),
    Endpoint("governance:group", _group, role(*READS_GROUPS), visible=_reads_groups, regional=False,
             missing={"pk": N}),
    *[Endpoint(f"governance:{name}", _group, role(SEC), visible=_reads_groups, methods=("POST",), regional=False,
               targets=lambda o, u: [o.group], missing={"pk": N})
      for name in ("mandate_new", "member_add", "meeting_new", "area_new", "practice_add")],
    Endpoint("governance:meeting", lambda w, o, u: {"pk": o.group.pk, "meeting_pk": o.group_meeting.pk},
             role(*READS_GROUPS), visible=_reads_groups, regional=False, missing={"pk": N, "meeting_pk": N},
             swap=lambda w: {"pk": _q(w).group.pk, "meeting_pk": _o(w).group_meeting.pk}),
    *[Endpoint(f"governance:{name}", lambda w, o, u: {"pk": o.group.pk, "meeting_pk": o.group_meeting.pk},
               role(SEC), visible=_reads_groups, methods=("POST",), regional=False,
               targets=lambda o, u: [o.group_meeting], missing={"pk": N, "meeting_pk": N},
               swap=lambda w: {"pk": _q(w).group.pk, "meeting_pk": _o(w).group_meeting.pk})
      for name in ("meeting_declarations", "meeting_open", "meeting_minutes", "meeting_action")],
    Endpoint("governance:action_status", lambda w, o, u: {"pk": o.group.pk, "action_pk": o.group_action.pk},
             role(SEC), visible=_reads_groups, methods=("POST",), regional=False,
             targets=lambda o, u: [o.group_action], missing={"pk": N, "action_pk": N},
             swap=lambda w: {"pk": _q(w).group.pk, "action_pk": _o(w).group_action.pk}),
    *[Endpoint(f"governance:{name}", lambda w, o, u: {"pk": o.group.pk, "area_pk": o.group_area.pk},
               role(SEC), visible=_reads_groups, methods=("POST",), regional=False,
               targets=lambda o, u: [o.group_area], missing={"pk": N, "area_pk": N},
               swap=lambda w: {"pk": _q(w).group.pk, "area_pk": _o(w).group_area.pk})
      for name in ("area_validate", "area_update")],
    # A group's quarterly updates and annual reports: the secretariat drafts; the secretariat or a manager
    # reviews; a manager approves. A report of another group is missing.
    Endpoint("governance:group_report_new", _group, role(SEC), visible=_reads_groups, methods=("POST",),
             regional=False, targets=lambda o, u: [o.group], missing={"pk": N}),
    *[Endpoint(f"governance:{name}", lambda w, o, u: {"pk": o.group.pk, "report_pk": o.group_report.pk},
               allowed, visible=_reads_groups, methods=methods, regional=False,
               targets=lambda o, u: [o.group_report], missing={"pk": N, "report_pk": N},
               swap=lambda w: {"pk": _q(w).group.pk, "report_pk": _o(w).group_report.pk})
      for name, allowed, methods in [
          ("group_report", read_write(role(*READS_GROUPS), role(SEC)), ("GET", "POST")),
          ("group_report_review", role(SEC, MGR), ("POST",)),
          ("group_report_return", role(SEC, MGR), ("POST",)),
          ("group_report_approve", role(MGR), ("POST",)),
          ("group_report_retry", role(MGR), ("POST",)),
      ]],
    Endpoint("governance:group_report_download",
             lambda w, o, u: {"pk": o.group.pk, "report_pk": o.group_report.pk, "language": "fr"},
             role(*READS_GROUPS), visible=_reads_groups, regional=False,
             missing={"pk": N, "report_pk": N, "language": "fr"},
             swap=lambda w: {"pk": _q(w).group.pk, "report_pk": _o(w).group_report.pk, "language": "fr"}),
])


# --- ethics and disclosure: every staff member discloses and follows up; only the officer and the -----------
# substitute designated today (world.ETHICS_OFFICER, ETHICS_SUBSTITUTE) read disclosures, whatever their role.
def _ethics_officer(who: Who, region: str | None = None, method: str = "GET") -> bool:
    return (who.role, who.region) in {ETHICS_OFFICER, ETHICS_SUBSTITUTE}


ENDPOINTS += [
    Endpoint("ethics:ethics", None, role(*ANY_ROLE)),
    Endpoint("ethics:disclose", None, role(*ANY_ROLE), methods=("GET", "POST")),
    Endpoint("ethics:follow_up", None, role(*ANY_ROLE), methods=("GET", "POST")),
    Endpoint("ethics:follow_up_reply", None, role(*ANY_ROLE), methods=("POST",)),
    Endpoint("ethics:designation_new", None, role(AD), methods=("GET", "POST")),
    Endpoint("ethics:absence_new", None, role(AD), methods=("GET", "POST")),
    # The designation notice for the oversight body (PDF): whoever keeps the designations.
    Endpoint("ethics:designation_notice", None, role(AD)),
    Endpoint("ethics:disclosure_list", None, _ethics_officer),
    Endpoint("ethics:consultations", None, _ethics_officer, methods=("GET", "POST")),
    # Contacts by former staff: anyone records one; only the officer and substitute read them.
    Endpoint("ethics:former_staff_contact_new", None, role(*ANY_ROLE), methods=("GET", "POST")),
    Endpoint("ethics:former_staff_contacts", None, _ethics_officer),
]
for _name, _methods in [("disclosure_detail", ("GET",)), ("disclosure_handle", ("POST",)),
                        ("disclosure_message", ("POST",))]:
    ENDPOINTS.append(Endpoint(
        f"ethics:{_name}", lambda w, o, u: {"pk": o.disclosure.pk}, _ethics_officer,
        visible=lambda who, r: _ethics_officer(who), methods=_methods, regional=False,
        targets=lambda o, u: [o.disclosure], swap_ok=lambda who: _ethics_officer(who)))

# --- the JSON API: the same permissions as the pages (SPEC §8) ----------------------------------------------------
API: list[Endpoint] = [
    Endpoint("api-v1:me", None, lambda who, r, m: True, api=True),
    Endpoint("api-v1:list_employers", None, role(*WORKS_FILES), api=True),
    Endpoint("api-v1:get_employer", lambda w, o, u: {"employer_id": o.employer.pk}, role_in_reach(*WORKS_FILES),
             visible=sees(*WORKS_FILES), api=True, missing={"employer_id": N}),
    Endpoint("api-v1:list_cases", None, role(*WORKS_FILES), api=True),
    Endpoint("api-v1:create_case", None, role(*WORKS_CASES), methods=("POST",), api=True),
    Endpoint("api-v1:get_case", lambda w, o, u: {"reference": o.case.reference}, role_in_reach(*WORKS_FILES),
             visible=view_case, api=True, missing={"reference": MISSING_REF}),
    Endpoint("api-v1:update_case", lambda w, o, u: {"reference": o.case.reference}, change_case, visible=view_case,
             methods=("PATCH",), api=True, targets=_case, missing={"reference": MISSING_REF}),
    # The step is named in the body: without one there is no step to refuse.
    Endpoint("api-v1:move_case", lambda w, o, u: {"reference": o.case.reference}, change_case, visible=view_case,
             methods=("POST",), api=True, targets=_case, missing={"reference": MISSING_REF},
             extra={"body": {"name": "assess"}}),
    Endpoint("api-v1:list_activities", lambda w, o, u: {"reference": o.case.reference}, role_in_reach(*WORKS_FILES),
             visible=view_case, api=True, missing={"reference": MISSING_REF}),
    Endpoint("api-v1:add_activity", lambda w, o, u: {"reference": o.case.reference}, change_case, visible=view_case,
             methods=("POST",), api=True, targets=_case, missing={"reference": MISSING_REF}),
    Endpoint("api-v1:update_activity", lambda w, o, u: {"activity_id": o.activity.pk}, change_case,
             visible=view_case, methods=("PATCH",), api=True, targets=lambda o, u: [o.activity],
             missing={"activity_id": N}),
    Endpoint("api-v1:list_case_decisions", lambda w, o, u: {"reference": o.case.reference},
             role_in_reach(*WORKS_FILES), visible=view_case, api=True, missing={"reference": MISSING_REF}),
    Endpoint("api-v1:list_decisions", None, role(*WORKS_FILES), api=True),
    Endpoint("api-v1:list_referrals", None, role(TL, NA), api=True),
    Endpoint("api-v1:list_measures", None, role(MGR, NA, TL), api=True),
    Endpoint("api-v1:list_quarterly_reports", None, role(MGR, NA), api=True),
]
ENDPOINTS.extend(API)
