"""Staff pages of ethics and disclosure: the page every staff member reads, the
designations (administrators), the disclosure form and its follow-up by receipt
code (any staff member), and the disclosures themselves (the ethics officer and
substitute designated today, nobody else; every reading audited)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sentinelle.ethics import former_staff, notice, services
from sentinelle.ethics.access import HANDLE, VIEW, access_disclosure
from sentinelle.ethics.designations import coverage_gaps, on_duty
from sentinelle.ethics.forms import (
    AbsenceForm,
    ConsultationForm,
    DesignationForm,
    DisclosureForm,
    FollowUpReplyForm,
    FormerStaffContactForm,
    HandlingForm,
    MessageForm,
    NoticeForm,
    ReceiptCodeForm,
)
from sentinelle.ethics.models import Absence, Consultation, Designation, Disclosure
from sentinelle.intake import allowance, receipts
from sentinelle.lib.access import require_perm
from sentinelle.lib.locking import Conflict, add_version_field, show_conflict, version_of
from sentinelle.training import obligations

PAGE, DISCLOSE, MANAGE = "ethics.view_ethics_page", "ethics.disclose", "ethics.manage_designations"
RECORD_CONTACT, VIEW_CONTACTS = "ethics.record_former_staff_contact", "ethics.view_former_staff_contacts"
FOLLOW_UP_SCOPE = "ethics-follow-up"


@require_perm(PAGE)
def ethics(request: HttpRequest) -> HttpResponse:
    may_manage = request.user.has_perm(MANAGE)
    duty = on_duty()
    return render(request, "ethics/ethics.html", {
        "duty": duty,
        "may_manage": may_manage,
        "may_read": request.user.has_perm(VIEW),
        "gaps": coverage_gaps() if may_manage else [],
        "designations": Designation.objects.select_related("user")[:20] if may_manage else [],
        "absences": Absence.objects.all()[:20] if may_manage else [],
        # The officer's and substitute's own training (training register), for administrators.
        "owed": obligations.statuses(users=duty.readers) if may_manage else [],
    })


def _designation_page(request: HttpRequest, form_class: type, template: str, save: object) -> HttpResponse:
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        save(form.cleaned_data, actor=request.user, request=request)  # type: ignore[operator]
        messages.success(request, gettext("Saved."))
        return redirect("ethics:ethics")
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


@require_perm(MANAGE)
def designation_new(request: HttpRequest) -> HttpResponse:
    return _designation_page(request, DesignationForm, "ethics/designation_form.html", services.designate)


@require_perm(MANAGE)
def absence_new(request: HttpRequest) -> HttpResponse:
    return _designation_page(request, AbsenceForm, "ethics/absence_form.html", services.record_absence)


@require_perm(MANAGE)
def designation_notice(request: HttpRequest) -> HttpResponse:
    """The notice of designation for the oversight body (PDF, French and English),
    for the designations in force on the day chosen."""
    if "on" not in request.GET:
        form = NoticeForm(initial={"on": timezone.localdate()})
        return render(request, "ethics/designation_notice.html", {"form": form})
    form = NoticeForm(request.GET)
    if form.is_valid():
        day = form.cleaned_data["on"]
        try:
            pdf = notice.designation_notice(day, actor=request.user, request=request)
        except notice.NoticeError as refused:
            form.add_error("on", refused.message)
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'attachment; filename="{notice.notice_filename(day)}"'
            return response
    return render(request, "ethics/designation_notice.html", {"form": form}, status=400)


@never_cache
@require_perm(DISCLOSE)
def disclose(request: HttpRequest) -> HttpResponse:
    form = DisclosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = receipts.new_receipt_code()
        anonymous = form.cleaned_data["anonymous"]
        disclosure = services.submit_disclosure(
            {"wrongdoing": form.cleaned_data["wrongdoing"], "when_where": form.cleaned_data["when_where"]},
            author=request.user, anonymous=anonymous, receipt_code=code)
        # The code is shown once, in the answer to the POST: never in a URL, a session or a log.
        return render(request, "ethics/disclosure_sent.html", {
            "code": code, "reference": disclosure.reference, "anonymous": anonymous})
    return render(request, "ethics/disclose.html", {"form": form, "duty": on_duty()},
                  status=400 if form.errors else 200)


def _throttled(request: HttpRequest, allowed: allowance.Allowance) -> HttpResponse:
    return render(request, "ethics/follow_up.html", {"form": ReceiptCodeForm(), "throttled": True,
                                                     "minutes": allowed.wait_minutes}, status=429)


def _disclosure_by_code(request: HttpRequest, form: ReceiptCodeForm) -> tuple[Disclosure | None,
                                                                              allowance.Allowance]:
    """The disclosure of the form's code, paid for with a try as on the worker's
    follow-up (`allowance.paid`), in a bucket of its own; and the tries left."""
    code = form.cleaned_data["code"]
    disclosure, allowed = allowance.paid(request, allowance.follow_up(FOLLOW_UP_SCOPE),
                                         lambda: receipts.find_by_code(Disclosure.objects.all(), code))
    if allowed.granted and disclosure is None:
        form.add_error("code", gettext("No disclosure has this code. Check the 20 digits."))
    return disclosure, allowed


def _follow_up_page(request: HttpRequest, disclosure: Disclosure, reply: FollowUpReplyForm) -> HttpResponse:
    services.followed_up(disclosure)
    return render(request, "ethics/follow_up_disclosure.html", {
        "disclosure": disclosure, "messages_exchanged": disclosure.messages.all(), "reply": reply},
        status=400 if reply.errors else 200)


@never_cache
@require_perm(DISCLOSE)
def follow_up(request: HttpRequest) -> HttpResponse:
    """The author of a disclosure types its receipt code to read the officer's answers."""
    if request.method != "POST":
        return render(request, "ethics/follow_up.html", {"form": ReceiptCodeForm()})
    form = ReceiptCodeForm(request.POST)
    if not form.is_valid():  # not 20 digits: a typo, not a guess; it costs no try
        return render(request, "ethics/follow_up.html", {"form": form}, status=400)
    disclosure, allowed = _disclosure_by_code(request, form)
    if not allowed.granted:
        return _throttled(request, allowed)
    if disclosure is None:
        return render(request, "ethics/follow_up.html", {"form": form}, status=400)
    code = receipts.format_code(form.cleaned_data["code"])
    return _follow_up_page(request, disclosure, FollowUpReplyForm(initial={"code": code}))


@never_cache
@require_perm(DISCLOSE)
@require_POST
def follow_up_reply(request: HttpRequest) -> HttpResponse:
    form = FollowUpReplyForm(request.POST)
    code_form = ReceiptCodeForm(request.POST)
    if not code_form.is_valid():
        return render(request, "ethics/follow_up.html", {"form": code_form}, status=400)
    disclosure, allowed = _disclosure_by_code(request, code_form)
    if not allowed.granted:
        return _throttled(request, allowed)
    if disclosure is None:
        return render(request, "ethics/follow_up.html", {"form": code_form}, status=400)
    if not form.is_valid():
        return _follow_up_page(request, disclosure, form)
    services.author_message(disclosure, form.cleaned_data["text"])
    messages.success(request, gettext("Your message was sent to the ethics officer."))
    code = receipts.format_code(code_form.cleaned_data["code"])
    return _follow_up_page(request, disclosure, FollowUpReplyForm(initial={"code": code}))


@never_cache
@require_perm(VIEW)
def disclosure_list(request: HttpRequest) -> HttpResponse:
    return render(request, "ethics/disclosure_list.html", {"disclosures": Disclosure.objects.all()})


def _detail(request: HttpRequest, disclosure: Disclosure, handling: HandlingForm | None = None,
            message: MessageForm | None = None, status: int = 200) -> HttpResponse:
    if handling is None:
        handling = add_version_field(HandlingForm(instance=disclosure), disclosure)
    return render(request, "ethics/disclosure_detail.html", {
        "disclosure": disclosure, "messages_exchanged": disclosure.messages.all(), "handling": handling,
        "message_form": message or MessageForm()}, status=status)


@never_cache
@require_perm(VIEW)
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = access_disclosure(request.user, pk, VIEW, request=request)
    services.read_disclosure(disclosure, actor=request.user, request=request)
    return _detail(request, disclosure)


@never_cache
@require_perm(HANDLE)
@require_POST
def disclosure_handle(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = access_disclosure(request.user, pk, HANDLE, request=request)
    form = add_version_field(HandlingForm(request.POST, instance=Disclosure.objects.get(pk=disclosure.pk)), disclosure)
    if not form.is_valid():
        return _detail(request, disclosure, handling=form, status=400)
    try:
        services.record_handling(disclosure, form.cleaned_data, actor=request.user,
                                 expected_version=version_of(form), request=request)
    except Conflict as conflict:
        current = Disclosure.objects.get(pk=disclosure.pk)
        return _detail(request, current, handling=show_conflict(form, current, conflict), status=409)
    messages.success(request, gettext("The handling of the disclosure was saved."))
    return redirect("ethics:disclosure_detail", pk=disclosure.pk)


@never_cache
@require_perm(HANDLE)
@require_POST
def disclosure_message(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = access_disclosure(request.user, pk, HANDLE, request=request)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _detail(request, disclosure, message=form, status=400)
    services.officer_message(disclosure, form.cleaned_data["text"], actor=request.user, request=request)
    messages.success(request, gettext("Your message was sent; its author reads it with their receipt code."))
    return redirect("ethics:disclosure_detail", pk=disclosure.pk)


@never_cache
@require_perm(VIEW)
def consultation_list(request: HttpRequest) -> HttpResponse:
    """The register of ethics consultations: the officer's own record."""
    form = ConsultationForm(request.POST or None) if request.method == "POST" else ConsultationForm()
    if request.method == "POST" and form.is_valid():
        services.record_consultation(form.cleaned_data, actor=request.user, request=request)
        messages.success(request, gettext("The consultation was recorded."))
        return redirect("ethics:consultations")
    return render(request, "ethics/consultations.html", {
        "form": form, "consultations": Consultation.objects.select_related("person")[:200]},
        status=400 if form.errors else 200)


@require_perm(RECORD_CONTACT)
def former_staff_contact_new(request: HttpRequest) -> HttpResponse:
    """Any staff member records a contact by former staff about a file."""
    form = FormerStaffContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = former_staff.record_contact(
                data["former"], file_reference=data["file_reference"], contacted_on=data["contacted_on"],
                about=data["about"], actor=request.user, request=request)
        except former_staff.ContactError as error:  # the end date changed since the form was checked
            form.add_error("contacted_on", error.message)
        else:
            if contact.within_year:
                messages.success(request, gettext(
                    "The contact was recorded and flagged to the ethics officer: it came within the year after "
                    "the person's end date, while the post-employment rules still apply."))
            else:
                messages.success(request, gettext(
                    "The contact was recorded. It came more than a year after the person's end date "
                    "(%(day)s): the post-employment rules no longer apply, so it is not flagged to the ethics "
                    "officer.") % {"day": contact.left_on.isoformat()})
            return redirect("ethics:former_staff_contact_new")
    return render(request, "ethics/former_staff_contact_form.html", {"form": form},
                  status=400 if form.errors else 200)


@never_cache
@require_perm(VIEW_CONTACTS)
def former_staff_contacts(request: HttpRequest) -> HttpResponse:
    """The officer's list: contacts within the post-employment year first."""
    contacts = former_staff.read_contacts(actor=request.user, request=request)
    return render(request, "ethics/former_staff_contacts.html", {
        "flagged": contacts.filter(within_year=True)[:500], "later": contacts.filter(within_year=False)[:200]})
