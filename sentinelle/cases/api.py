"""The cases part of the JSON API: employers, cases, their activities and
decisions, and the decision register. The same permissions, the same
validation and the same workflow as the pages (the workflow checks what it is
given: the API sends it typed values, never the pages' form data):
404 for what the staff member may not see, 403 for what they may see but not
do, 400 with a message for a change that cannot be made, 409 when somebody
else saved the object in the meantime."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from sentinelle.accounts.models import Region, User
from sentinelle.audit.services import Action, record
from sentinelle.cases import register, workflow
from sentinelle.cases.access import VIEW_CASE, access_activity, access_case, access_employer
from sentinelle.cases.forms import ActivityForm, MoveForm
from sentinelle.cases.models import Activity, Case, Decision, Employer, exclusion_rules
from sentinelle.cases.opening import open_case_without_report
from sentinelle.cases.schemas import (
    ActivityFields,
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    CaseDetailOut,
    CaseIn,
    CaseOut,
    CasePatch,
    DecisionOut,
    EmployerOut,
    MoveIn,
)
from sentinelle.lib.access import deny, require_api_perm, visible_to
from sentinelle.lib.locking import Conflict

router = Router(tags=["employers"])


# Employers -------------------------------------------------------------------------


@router.get("/employers", response=list[EmployerOut], summary="Employers you may see")
@paginate
def list_employers(request: HttpRequest):  # type: ignore[no-untyped-def]
    require_api_perm(request, "cases.view_employer")
    return visible_to(request.user, Employer.objects.select_related("sector", "region"))


@router.get("/employers/{employer_id}", response=EmployerOut, summary="One employer")
def get_employer(request: HttpRequest, employer_id: int) -> Employer:
    require_api_perm(request, "cases.view_employer")
    employer = access_employer(request.user, employer_id, request=request)
    record(Action.VIEW, obj=employer, request=request, via="api")
    return employer


# Helpers ---------------------------------------------------------------------------

CASES = Case.objects.select_related("employer", "region", "assigned_to", "transferred_to")
CHANGE_CASE = "cases.change_case"


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _case(request: HttpRequest, reference: str, perm: str = VIEW_CASE) -> Case:
    """The case, through `access_case` (404 when out of sight; 403 when seen but
    `perm` is refused; both audited), in the API's JSON answers."""
    require_api_perm(request, perm)
    try:
        return access_case(request.user, reference, perm, request=request)
    except PermissionDenied as refused:
        raise HttpError(403, _("You may not change this case.")) from refused


def _form_error(form: forms.BaseForm) -> HttpError:
    messages = [f"{form.fields[name].label or name if name in form.fields else name}: {error}"
                if name != "__all__" else str(error)
                for name, errors in form.errors.items() for error in errors]
    return HttpError(400, " ".join(messages))


def _conflict(kind: str) -> HttpError:
    if kind == "case":
        return HttpError(409, _("Somebody else saved this case since the version you sent. Nothing was saved: "
                                "read the case again, then send your change with its current version."))
    return HttpError(409, _("Somebody else saved this activity since the version you sent. Nothing was saved: "
                            "read the activity again, then send your change with its current version."))


def _body[T](payload: T | None) -> T:
    """The request's JSON body. Optional in the signature, so that permissions
    are checked (401, 403, 404) before the body is."""
    if payload is None:
        raise HttpError(400, _("Send the change as a JSON object in the body of the request."))
    return payload


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and timezone.is_naive(moment):
        return timezone.make_aware(moment)
    return moment


# Cases -----------------------------------------------------------------------------


@router.get("/cases", response=list[CaseOut], summary="Cases you may see", tags=["cases"])
@paginate
def list_cases(request: HttpRequest):  # type: ignore[no-untyped-def]
    require_api_perm(request, "cases.view_case")
    return visible_to(request.user, CASES.order_by("-opened_at", "-id"))


@router.post("/cases", response={201: CaseDetailOut}, summary="Open a case without a report", tags=["cases"])
def create_case(request: HttpRequest, payload: CaseIn | None = None) -> Status[Case]:
    require_api_perm(request, "cases.open_case")
    body = _body(payload)
    try:
        employer = access_employer(request.user, body.employer_id, "cases.open_case", request=request)
    except PermissionDenied as refused:
        raise HttpError(403, _("You may not open a case on this employer.")) from refused
    try:
        case = open_case_without_report(employer, origin=body.origin, actor=_user(request), summary=body.summary,
                                        request=request, via="api")
    except workflow.CaseError as refused:
        raise HttpError(400, refused.message) from refused
    return Status(201, CASES.get(pk=case.pk))


@router.get("/cases/{reference}", response=CaseDetailOut, summary="One case", tags=["cases"])
def get_case(request: HttpRequest, reference: str) -> Case:
    case = _case(request, reference)
    record(Action.VIEW, obj=case, request=request, via="api")
    return case


@router.patch("/cases/{reference}",
           response=CaseDetailOut, summary="Change a case’s own fields", tags=["cases"])
def update_case(request: HttpRequest, reference: str, payload: CasePatch | None = None) -> Case:
    case = _case(request, reference, CHANGE_CASE)
    values = _body(payload).model_dump(exclude_unset=True)
    version = values.pop("version")
    unknown = [name for name in values if name not in workflow.CASE_FIELDS]
    if unknown:
        # The assessment, for one, is written by the "assess" step of the life cycle.
        raise HttpError(400, _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(unknown)})
    if values.get("summary") is None and "summary" in values:
        values["summary"] = ""
    try:
        workflow.update_case(case, values, actor=_user(request), expected_version=version)
    except Conflict as exc:
        raise _conflict("case") from exc
    return CASES.get(pk=case.pk)


def _move_values(payload: MoveIn) -> dict[str, Any]:
    """What the step is given, as the workflow takes it: people, rules and
    regions named by e-mail or code become themselves (none: not found, which
    the workflow refuses with its reason)."""
    values: dict[str, Any] = {
        "assessment": payload.assessment or "", "outcome": payload.outcome or "", "grounds": payload.grounds or "",
        "penalty_amount": payload.penalty_amount, "ban_years": payload.ban_years, "note": payload.note or "",
    }
    if payload.investigator:
        values["investigator"] = User.objects.filter(email__iexact=payload.investigator).first()
    if payload.exclusion_rule:
        values["exclusion_rule"] = exclusion_rules().filter(code=payload.exclusion_rule).first()
    if payload.region:
        values["region"] = Region.objects.filter(code=payload.region.upper()).first()
    return values


def _case_error(exc: workflow.CaseError) -> HttpError:
    """400, the message led by the label of the field it is about, as the page shows it."""
    field = MoveForm.base_fields.get(exc.field) if exc.field else None
    return HttpError(400, f"{field.label}: {exc.message}" if field is not None else exc.message)


@router.post("/cases/{reference}/moves",
           response=CaseDetailOut, summary="Take a step of the life cycle", tags=["cases"])
def move_case(request: HttpRequest, reference: str, payload: MoveIn | None = None) -> Case:
    case = _case(request, reference)
    user = _user(request)
    payload = _body(payload)
    if payload.name not in workflow.MOVES:
        raise HttpError(400, _("There is no such step."))
    refusal = workflow.why_not(case, payload.name, user)
    if refusal is not None and refusal.permission:
        deny(user, refusal.permission, obj=case, request=request)
        raise HttpError(403, refusal.message)
    try:
        workflow.move(case, payload.name, actor=user, expected_version=payload.version, **_move_values(payload))
    except Conflict as exc:
        raise _conflict("case") from exc
    except workflow.CaseError as exc:
        raise _case_error(exc) from exc
    return CASES.get(pk=case.pk)


# Activities ------------------------------------------------------------------------

ACTIVITIES = Activity.objects.select_related("case", "author", "owner")


def _activity_values(payload: ActivityFields, current: Activity | None) -> dict[str, Any]:
    """What was sent, as the workflow takes it (which checks it): the owner named
    by e-mail becomes that staff member, `done` the moment it was done."""
    values = payload.model_dump(exclude_unset=True, exclude={"kind", "version"})
    if "owner" in values:
        email = values["owner"]
        values["owner"] = User.objects.filter(email__iexact=email).first() if email else None
        if email and values["owner"] is None:
            raise _activity_error(workflow.CaseError(
                forms.ModelChoiceField.default_error_messages["invalid_choice"], field="owner"))
    if "done" in values:
        done = values.pop("done")
        values["done_at"] = ((current.done_at if current is not None else None) or timezone.now()) if done else None
    for name, value in values.items():
        if isinstance(value, datetime):
            values[name] = _aware(value)
    return values


def _activity_error(exc: workflow.CaseError) -> HttpError:
    """400, the message led by the label of the field it is about, as the page shows it."""
    field = ActivityForm.base_fields.get("done" if exc.field == "done_at" else exc.field) if exc.field else None
    return HttpError(400, f"{field.label}: {exc.message}" if field is not None else exc.message)


@router.get("/cases/{reference}/activities",
           response=list[ActivityOut], summary="A case’s activities", tags=["cases"])
@paginate
def list_activities(request: HttpRequest, reference: str):  # type: ignore[no-untyped-def]
    case = _case(request, reference)
    record(Action.VIEW, obj=case, request=request, via="api", what="activities")
    return ACTIVITIES.filter(case=case)


@router.post("/cases/{reference}/activities",
           response={201: ActivityOut}, summary="Record an activity", tags=["cases"])
def add_activity(request: HttpRequest, reference: str, payload: ActivityIn | None = None) -> Status[Activity]:
    case = _case(request, reference, CHANGE_CASE)
    payload = _body(payload)
    try:
        activity = workflow.add_activity(case, payload.kind, _activity_values(payload, None), actor=_user(request))
    except workflow.CaseError as exc:
        raise _activity_error(exc) from exc
    return Status(201, ACTIVITIES.get(pk=activity.pk))


@router.patch("/activities/{activity_id}", response=ActivityOut, summary="Change an activity", tags=["cases"])
def update_activity(request: HttpRequest, activity_id: int, payload: ActivityPatch | None = None) -> Activity:
    require_api_perm(request, CHANGE_CASE)
    # The activity's case decides: 404 when it is out of reach, as for a missing activity.
    try:
        activity = access_activity(request.user, activity_id, CHANGE_CASE, request=request)
    except PermissionDenied as refused:
        raise HttpError(403, _("You may not change this case.")) from refused
    payload = _body(payload)
    try:
        workflow.update_activity(activity, _activity_values(payload, activity), actor=_user(request),
                                 expected_version=payload.version)
    except Conflict as exc:
        raise _conflict("activity") from exc
    except workflow.CaseError as exc:
        raise _activity_error(exc) from exc
    return ACTIVITIES.get(pk=activity.pk)


# Decisions -------------------------------------------------------------------------


@router.get("/cases/{reference}/decisions",
           response=list[DecisionOut], summary="A case’s decisions", tags=["decisions"])
def list_case_decisions(request: HttpRequest, reference: str) -> QuerySet[Decision]:
    case = _case(request, reference)
    record(Action.VIEW, obj=case, request=request, via="api", what="decisions")
    return Decision.objects.filter(case=case).select_related(
        "case", "case__employer", "region", "proposed_by", "approved_by")


@router.get("/decisions", response=list[DecisionOut], summary="The decision register", tags=["decisions"])
@paginate
def list_decisions(request: HttpRequest,  # type: ignore[no-untyped-def]
                   outcome: str = "", region: str = "", status: str = "", approved_from: str = "",
                   approved_until: str = "", employer: str = "", order: str = ""):
    """The same filters as the register page: outcome, region (code), status
    (approved by default; "all" for every status), approved_from and
    approved_until (YYYY-MM-DD), employer (part of the name), order ("newest"
    or "oldest")."""
    require_api_perm(request, "cases.view_decision_register")
    data = {name: value for name, value in {
        "outcome": outcome, "region": region, "status": status, "approved_from": approved_from,
        "approved_until": approved_until, "employer": employer, "order": order,
    }.items() if value}
    form = register.DecisionFilterForm(data, user=request.user)
    if not form.is_valid():
        raise _form_error(form)
    return register.filtered(request.user, form)
