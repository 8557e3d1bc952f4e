"""The worker's pages: the report in a few short steps, the confirmation with the
receipt code, the survey, and the follow-up page.

No session and no cookie other than Django's CSRF cookie: the answers of earlier
steps travel as hidden fields, and the final POST checks all of them again. A
random form nonce is made when the report starts and travels the same way; the
server derives the report's idempotency key and receipt code from it
(`receipts.for_form`), so a double click or a retry of "Send" files one report and
shows the same receipt code, and nothing the client sends chooses a code. The code
is only ever in the page that answers the final POST: never in a URL, a form, a
session, a cookie or a log."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sentinelle.intake import allowance, receipts, services
from sentinelle.intake.forms_public import (
    AboutYouForm,
    EmployerForm,
    ReceiptCodeForm,
    ReplyForm,
    SendForm,
    SurveyForm,
    UrgencyForm,
    WhatHappenedForm,
)
from sentinelle.intake.models import Report, ReportStatus
from sentinelle.lib.i18n import active_language

_KEY = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True)
class Step:
    slug: str
    title: Promise
    form_class: type[forms.Form]
    template: str
    change_label: Promise

    @property
    def field_names(self) -> list[str]:
        return list(self.form_class.base_fields)


STEPS = (
    Step("about-you", _("About you"), AboutYouForm, "intake/public/report_about_you.html",
         _("Change your answers about you")),
    Step("employer", _("Your employer"), EmployerForm, "intake/public/report_employer.html",
         _("Change your answers about the employer")),
    Step("what-happened", _("What happened"), WhatHappenedForm, "intake/public/report_what_happened.html",
         _("Change your answers about what happened")),
    Step("urgency", _("Is it urgent?"), UrgencyForm, "intake/public/report_urgency.html",
         _("Change your answers about danger")),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
REVIEW = "review"
TOTAL_STEPS = len(STEPS) + 1
ANSWER_FIELDS = [name for step in STEPS for name in step.field_names]

# What a worker reads about their report: plain words, never internal details.
STATUS_FOR_WORKER: dict[str, Promise] = {
    ReportStatus.RECEIVED: _("We received your report. An officer will read it soon."),
    ReportStatus.IN_REVIEW: _("An officer is reading your report."),
    ReportStatus.CASE_OPENED: _("Because of your report, we opened an inspection. An inspector is working on it."),
    ReportStatus.JOINED_CASE: _("Your report was added to an inspection that was already open. An inspector is working on it."),
    ReportStatus.CLOSED: _("We have finished working on your report. If something new happens, you can write to us below or make a new report."),
}


@dataclass
class Flow:
    """One report being written: the form nonce the server issued (`key`), and
    the answers given so far exactly as they were posted (checked again at the end)."""

    key: str
    answers: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def start(cls) -> Flow:
        return cls(key=receipts.new_form_nonce())

    @classmethod
    def from_post(cls, data: QueryDict) -> Flow:
        answers = {name: data.getlist(name) for name in ANSWER_FIELDS if name in data}
        key = data.get("key", "")
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            # Not something this site made: begin again with a fresh nonce.
            return cls(key=receipts.new_form_nonce(), answers=answers)
        return cls(key=key, answers=answers)

    @cached_property
    def _derived(self) -> tuple[str, str]:
        return receipts.for_form(self.key)

    @property
    def idempotency_key(self) -> str:
        return self._derived[0]

    @property
    def code(self) -> str:
        return self._derived[1]

    @property
    def anonymous(self) -> bool:
        return self.answers.get("anonymous", ["yes"])[-1] != "no"

    def hidden_answers(self, visible: Iterable[str] = ()) -> list[tuple[str, str]]:
        """The answers to carry as hidden fields, except those shown in the page.
        Contact details typed before choosing to stay anonymous are dropped."""
        shown = set(visible)
        skip = set(AboutYouForm.CONTACT_FIELDS) if self.anonymous else set()
        return [
            (name, value)
            for name, values in self.answers.items()
            if name not in shown and name not in skip
            for value in values
        ]

    def initial_for(self, step: Step) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name, form_field in step.form_class.base_fields.items():
            if name in self.answers:
                values = self.answers[name]
                multiple = isinstance(form_field, forms.MultipleChoiceField)
                initial[name] = values if multiple else (values[-1] if values else "")
        return initial


# The report ---------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        flow = Flow.start()
        return _step_page(request, flow, STEPS[0], STEPS[0].form_class(initial=flow.initial_for(STEPS[0])))
    flow = Flow.from_post(request.POST)
    returning = request.POST.get("returning") == "1"
    if "send" in request.POST:
        return _send(request, flow)
    for action, back_to_review in (("change", True), ("goto", False)):
        target = request.POST.get(action)
        if target in STEP_BY_SLUG:
            step = STEP_BY_SLUG[target]
            return _step_page(request, flow, step, step.form_class(initial=flow.initial_for(step)),
                              returning=back_to_review)
        if target == REVIEW:
            return _review(request, flow)
    current = STEP_BY_SLUG.get(request.POST.get("step", ""))
    if current is None:
        return _review(request, flow)
    form = current.form_class(request.POST)
    if not form.is_valid():
        return _step_page(request, flow, current, form, returning=returning)
    index = STEPS.index(current)
    if returning or index == len(STEPS) - 1:
        return _review(request, flow)
    following = STEPS[index + 1]
    return _step_page(request, flow, following, following.form_class(initial=flow.initial_for(following)))


def _step_page(
    request: HttpRequest, flow: Flow, step: Step, form: forms.Form, *, returning: bool = False
) -> HttpResponse:
    index = STEPS.index(step)
    return render(
        request,
        step.template,
        {
            "flow": flow,
            "form": form,
            "step": step,
            "step_number": index + 1,
            "step_total": TOTAL_STEPS,
            "previous": STEPS[index - 1].slug if index else None,
            "returning": returning,
            "hidden_answers": flow.hidden_answers(step.field_names),
        },
    )


def _checked_steps(request: HttpRequest, flow: Flow) -> tuple[dict[str, forms.Form], HttpResponse | None]:
    """Every step's form bound to what was posted. The first step that does not
    hold (a hidden field changed on the way, or a step skipped) is shown again."""
    checked: dict[str, forms.Form] = {}
    for step in STEPS:
        form = step.form_class(request.POST)
        if not form.is_valid():
            return checked, _step_page(request, flow, step, form)
        checked[step.slug] = form
    return checked, None


def _summary(checked: dict[str, forms.Form]) -> list[dict[str, Any]]:
    sections = []
    for step in STEPS:
        form = checked[step.slug]
        rows = []
        for name in step.field_names:
            if step.slug == "about-you" and name != "anonymous" and form.cleaned_data["anonymous"]:
                continue
            rows.append({"label": form.fields[name].label, "values": _shown_values(form, name)})
        sections.append({"step": step, "rows": rows})
    return sections


def _shown_values(form: forms.Form, name: str) -> list[Any]:
    """The answer as the worker saw it in the form: the labels of the choices."""
    form_field = form.fields[name]
    value = form.cleaned_data.get(name)
    if isinstance(form_field, forms.ModelChoiceField):
        return [value.name if value is not None else form_field.empty_label]
    if isinstance(form_field, forms.ChoiceField):
        labels = {str(key): label for key, label in cast(Iterable[tuple[Any, Any]], form_field.choices)}
        if isinstance(form_field, forms.TypedChoiceField):
            value = form.data.get(name)  # as chosen, before it became True/False
        chosen = list(value or []) if isinstance(form_field, forms.MultipleChoiceField) else [value]
        return [labels[str(item)] for item in chosen if str(item) in labels]
    return [value] if value else []


def _review(request: HttpRequest, flow: Flow, send_form: SendForm | None = None) -> HttpResponse:
    checked, first_problem = _checked_steps(request, flow)
    if first_problem is not None:
        return first_problem
    urgency = checked["urgency"].cleaned_data
    return render(
        request,
        "intake/public/report_review.html",
        {
            "flow": flow,
            "form": send_form or SendForm(),
            "step_number": TOTAL_STEPS,
            "step_total": TOTAL_STEPS,
            "previous": STEPS[-1].slug,
            "summary": _summary(checked),
            "urgent": "yes" in (urgency["danger_now"], urgency["hazard_now"]),
            "hidden_answers": flow.hidden_answers(),
        },
    )


def _send(request: HttpRequest, flow: Flow) -> HttpResponse:
    checked, first_problem = _checked_steps(request, flow)
    if first_problem is not None:
        return first_problem
    send_form = SendForm(request.POST, request.FILES)
    if not send_form.is_valid():
        return _review(request, flow, send_form)
    fields: dict[str, Any] = {}
    for form in checked.values():
        fields.update(form.cleaned_data)
    allegations = fields.pop("allegations")
    allowed = allowance.take(request, allowance.reports())
    if not allowed.granted:
        return _too_many_reports(request, flow, allowed)
    try:
        submission = services.submit_report(
            fields,
            allegations,
            send_form.cleaned_data["attachments"],
            idempotency_key=flow.idempotency_key,
            receipt_code=flow.code,
            language=active_language(),
        )
    except services.ReceiptMismatch:
        allowance.give_back(request, allowance.reports())
        return render(request, "intake/public/report_not_sent.html", status=400)
    if not submission.created:
        allowance.give_back(request, allowance.reports())  # the same report, sent again
    return _confirmation(request, submission.report, flow.code)


def _too_many_reports(request: HttpRequest, flow: Flow, allowed: allowance.Allowance) -> HttpResponse:
    """The review page again, every answer kept, with the time to wait (429)."""
    send_form = SendForm(data={})
    send_form.is_valid()
    send_form.add_error(None, ngettext(
        "Many reports were sent from this connection in the last hour. Your answers are kept: "
        "press “Send my report” again in %(minutes)s minute. Choose your files again if you added some. "
        "If you need help now, call the tip line at %(phone)s.",
        "Many reports were sent from this connection in the last hour. Your answers are kept: "
        "press “Send my report” again in %(minutes)s minutes. Choose your files again if you added some. "
        "If you need help now, call the tip line at %(phone)s.",
        allowed.wait_minutes,
    ) % {"minutes": allowed.wait_minutes, "phone": settings.TIP_LINE_PHONE})
    response = _review(request, flow, send_form)
    response.status_code = 429
    return response


def _confirmation(request: HttpRequest, report: Report, code: str) -> HttpResponse:
    groups = code.split("-")
    return render(
        request,
        "intake/public/report_sent.html",
        {
            "code_groups": groups,
            # For screen readers: digit by digit, a pause between groups.
            "code_spoken": ", ".join(" ".join(group) for group in groups),
            "urgent": report.is_urgent,
            "survey_form": SurveyForm(),
            "tip_line_phone": settings.TIP_LINE_PHONE,
        },
    )


# The survey ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest) -> HttpResponse:
    """One question, not linked to any report."""
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        services.record_survey(form.cleaned_data["rating"], language=active_language())
        return redirect("intake:survey_thanks")
    return render(request, "intake/public/survey.html", {"survey_form": form})


@require_GET
def survey_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/public/survey_thanks.html")


# Following a report -------------------------------------------------------------------


def _too_many_tries(request: HttpRequest, allowed: allowance.Allowance) -> HttpResponse:
    return render(
        request,
        "intake/public/follow_up_throttled.html",
        {"tip_line_phone": settings.TIP_LINE_PHONE, "minutes": allowed.wait_minutes},
        status=429,
    )


def _wrong_code(request: HttpRequest, form: ReceiptCodeForm, allowed: allowance.Allowance) -> HttpResponse:
    form.add_error("code", _("We could not find a report with this code. Check the 20 digits."))
    if allowed.left:
        form.add_error("code", ngettext(
            "You can try %(count)s more time now; after that, one try every %(every)s minutes.",
            "You can try %(count)s more times now; after that, one try every %(every)s minutes.",
            allowed.left,
        ) % {"count": allowed.left, "every": settings.FOLLOW_UP_MINUTES_PER_TRY})
    else:
        form.add_error("code", ngettext(
            "That was the last try for now. You can try again in %(minutes)s minute.",
            "That was the last try for now. You can try again in %(minutes)s minutes.",
            allowed.wait_minutes,
        ) % {"minutes": allowed.wait_minutes})
    return _code_page(request, form)


def _checked_code(request: HttpRequest, code: str) -> tuple[Report | None, allowance.Allowance]:
    """The report of this code, paid for with one try of the client's bucket
    (given back when the code is right); None when no try is left or the code is wrong."""
    return allowance.paid(request, allowance.follow_up(), lambda: receipts.check_receipt_code(code))


def _code_page(request: HttpRequest, form: ReceiptCodeForm) -> HttpResponse:
    return render(
        request, "intake/public/follow_up.html", {"form": form, "tip_line_phone": settings.TIP_LINE_PHONE}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _code_page(request, ReceiptCodeForm())
    form = ReceiptCodeForm(request.POST)
    if not form.is_valid():
        # Not 20 digits: a typo, not a guess; it costs no try.
        return _code_page(request, form)
    found, allowed = _checked_code(request, form.cleaned_data["code"])
    if not allowed.granted:
        return _too_many_tries(request, allowed)
    if found is None:
        return _wrong_code(request, form, allowed)
    return _report_page(request, found, receipts.format_code(form.cleaned_data["code"]), ReplyForm())


@never_cache
@require_POST
def follow_up_reply(request: HttpRequest) -> HttpResponse:
    """The reply form carries the code in a hidden field; it is checked again
    (and paid for) exactly as on the code page."""
    code_form = ReceiptCodeForm({"code": request.POST.get("code", "")})
    if not code_form.is_valid():
        return _code_page(request, code_form)
    found, allowed = _checked_code(request, code_form.cleaned_data["code"])
    if not allowed.granted:
        return _too_many_tries(request, allowed)
    if found is None:
        return _wrong_code(request, code_form, allowed)
    code = receipts.format_code(code_form.cleaned_data["code"])
    reply = ReplyForm(request.POST, request.FILES)
    if not reply.is_valid():
        return _report_page(request, found, code, reply)
    services.add_worker_message(found, reply.cleaned_data["body"].strip(), reply.cleaned_data["attachments"])
    return _report_page(request, found, code, ReplyForm(), sent=True)


def _report_page(
    request: HttpRequest, report: Report, code: str, reply_form: ReplyForm, *, sent: bool = False
) -> HttpResponse:
    conversation = list(report.messages.all())
    services.mark_messages_read(report)
    return render(
        request,
        "intake/public/follow_up_report.html",
        {
            "report": report,
            "code": code,
            "status_text": STATUS_FOR_WORKER.get(report.status, STATUS_FOR_WORKER[ReportStatus.IN_REVIEW]),
            "conversation": conversation,
            "form": reply_form,
            "sent": sent,
            "urgent": report.is_urgent,
            "tip_line_phone": settings.TIP_LINE_PHONE,
        },
    )
