"""Forms of the staff side of the tip line."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from sentinelle.cases.models import Case, Sector
from sentinelle.intake import receipts
from sentinelle.intake.models import (
    Allegation,
    Channel,
    ClosingReason,
    ExclusionRule,
    Partner,
    Referral,
    Report,
    ReportStatus,
    ServicePoint,
)
from sentinelle.intake.services import CONTACT_FIELDS, REPORT_FIELDS, ServicePointRefused, check_service_point
from sentinelle.lib.geo import Province
from sentinelle.lib.uploads.clean import validate_attachment

# Languages workers most often speak; the code is kept with the report.
SPOKEN_LANGUAGES = ["fr", "en", "es", "tl", "pt", "pa", "hi", "vi", "zh-hans", "ar", "uk"]
_KEY = re.compile(r"[0-9a-f]{32}")


def spoken_language_choices() -> list[tuple[str, str]]:
    choices = []
    for code in SPOKEN_LANGUAGES:
        info = get_language_info(code)
        choices.append((code, str(info.get("name_translated") or info["name"])))
    return choices


def language_name(code: str) -> str:
    """The language's name in the reader's language; the code when Django does not know it."""
    try:
        info = get_language_info(code)
    except KeyError:
        return code
    return str(info.get("name_translated") or info["name"])


def offer_service_points(field: forms.ModelChoiceField[ServicePoint], current: ServicePoint | None = None) -> None:
    """Offer on `field` the active service points, grouped by province (and the
    one already recorded, even if it closed since, so that the page shows it);
    the field accepts those only."""
    shown = Q(active=True) if current is None else Q(active=True) | Q(pk=current.pk)
    points = ServicePoint.objects.filter(shown).order_by("province", "city", "code")
    groups: dict[str, list[tuple[int, str]]] = {}
    for point in points:
        groups.setdefault(point.get_province_display(), []).append((point.pk, f"{point.city} – {point.name}"))
    field.queryset = points
    field.choices = [("", "–"), *groups.items()]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class ReportForm(forms.ModelForm):  # type: ignore[type-arg]
    """What the worker tells the intake agent, as on the worker's own form, plus
    how it came in. Carries the server's form nonce in a hidden field, from which
    the server derives the idempotency key and the receipt code
    (`receipts.for_form`), so that a second click files nothing more."""

    WHO_ANONYMOUS = "anonymous"
    WHO_NAMED = "named"

    channel = forms.ChoiceField(
        label=_("How the report came in"),
        choices=[c for c in Channel.choices if c[0] != Channel.WEB],
        widget=forms.RadioSelect,
    )
    language = forms.ChoiceField(label=_("Language the worker speaks"), choices=spoken_language_choices)
    who = forms.ChoiceField(
        label=_("Does the worker want to be contacted?"),
        choices=[
            (WHO_ANONYMOUS, _("No: the report is anonymous")),
            (WHO_NAMED, _("Yes: the worker gives a name and a way to reach them")),
        ],
        widget=forms.RadioSelect,
        initial=WHO_ANONYMOUS,
    )
    allegations = forms.MultipleChoiceField(
        label=_("Problems reported (all that apply)"), choices=Allegation.choices, widget=forms.CheckboxSelectMultiple,
    )
    attachments = MultipleFileField(
        label=_("Files the worker gives (photos, PDF, documents)"), required=False,
        help_text=_("Optional. Each file is checked by its content."),
    )
    referred_by = forms.ModelChoiceField(
        label=_("Partner that referred it"), required=False, queryset=Partner.objects.filter(active=True),
        help_text=_("Only for a referral from a partner authority."),
    )
    referred_by_contact = forms.CharField(
        label=_("Who at the partner (name, telephone or e-mail)"), required=False, max_length=200,
    )
    service_point = forms.ModelChoiceField(
        label=_("Service point where the worker came"), required=False, queryset=ServicePoint.objects.none(),
        help_text=_("Only for a report taken in person."),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = [f for f in REPORT_FIELDS if f != "anonymous"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "danger_now": forms.RadioSelect,
            "hazard_now": forms.RadioSelect,
        }
        labels = {
            "contact_name": _("Worker's name"),
            "contact_phone": _("Worker's telephone"),
            "contact_email": _("Worker's e-mail"),
            "danger_now": _("Is someone in danger now?"),
            "hazard_now": _("Is a health or safety risk happening now?"),
            "workplace": _("Workplace, if not at the employer's address"),
            "description": _("What happened, in the worker's words"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", receipts.new_form_nonce())
        self.fields["sector"].queryset = Sector.objects.order_by("naics_code")  # type: ignore[attr-defined]
        for name in ("danger_now", "hazard_now", "since", "workers_affected"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]  # type: ignore[attr-defined]
        self.fields["referred_by"].queryset = Partner.objects.filter(active=True).order_by(  # type: ignore[attr-defined]
            "province", "kind", "name_en")
        offer_service_points(cast("forms.ModelChoiceField[ServicePoint]", self.fields["service_point"]))
        self.order_fields(["channel", "service_point", "referred_by", "referred_by_contact", "language", "who", *CONTACT_FIELDS, "danger_now", "hazard_now",
                           "employer_name", "employer_address", "employer_city", "employer_province",
                           "employer_phone", "workplace", "sector", "allegations", "description",
                           "since", "workers_affected", "attachments"])

    def clean_idempotency_key(self) -> str:
        key = str(self.cleaned_data["idempotency_key"])
        if not _KEY.fullmatch(key):
            raise forms.ValidationError(_("This form has expired. Check the answers and submit it again."))
        return key

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        if len(files) > settings.ATTACHMENTS_PER_REPORT:
            raise forms.ValidationError(
                _("At most %(count)s files can be attached to a report."),
                params={"count": settings.ATTACHMENTS_PER_REPORT},
            )
        errors = []
        for upload in files:
            try:
                validate_attachment(upload)
            except forms.ValidationError as error:
                errors.append(error)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("channel") == Channel.PARTNER and not cleaned.get("referred_by"):
            self.add_error("referred_by", _("Choose the partner authority that referred the matter."))
        if cleaned.get("channel") != Channel.PARTNER:
            cleaned["referred_by"], cleaned["referred_by_contact"] = None, ""
        if cleaned.get("channel") and "service_point" in cleaned:
            try:
                check_service_point(cleaned["channel"], cleaned["service_point"])
            except ServicePointRefused as refused:
                self.add_error("service_point", refused.message)
        named = cleaned.get("who") == self.WHO_NAMED
        if named and not (cleaned.get("contact_phone") or cleaned.get("contact_email")):
            self.add_error(
                "contact_phone",
                _("Give a telephone number or an e-mail address, or make the report anonymous."),
            )
        return cleaned

    def _post_clean(self) -> None:
        # Nothing is saved through this form (the service files the report), and a
        # half-built instance has nothing to validate that the fields did not.
        pass

    def report_fields(self) -> dict[str, Any]:
        values = {name: self.cleaned_data.get(name) for name in REPORT_FIELDS if name != "anonymous"}
        values["anonymous"] = self.cleaned_data["who"] == self.WHO_ANONYMOUS
        return values

    def referral_fields(self) -> dict[str, Any]:
        """The sender of an inbound referral (empty for other channels) and the
        service point of a report taken in person."""
        return {"referred_by": self.cleaned_data.get("referred_by"),
                "referred_by_contact": self.cleaned_data.get("referred_by_contact") or "",
                "service_point": self.cleaned_data.get("service_point")}

    @property
    def hidden_are_invalid(self) -> bool:
        return bool(self.errors.get("idempotency_key"))


class ServicePointForm(forms.Form):
    """The service point of a report taken in person, corrected on the report's page."""

    service_point = forms.ModelChoiceField(label=_("Service point where the worker came"),
                                           queryset=ServicePoint.objects.none())

    def __init__(self, *args: Any, report: Report, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_service_points(cast("forms.ModelChoiceField[ServicePoint]", self.fields["service_point"]),
                             report.service_point)
        self.initial.setdefault("service_point", report.service_point_id)


# Triage ---------------------------------------------------------------------------


class EmployerSearchForm(forms.Form):
    employer_q = forms.CharField(label=_("Search the register by name"), max_length=100, required=False)


class MatchEmployerForm(forms.Form):
    """The employer chosen among the suggestions. Whether the staff member may
    see that employer is checked by the view, not by the list of choices, which
    depends on a search that may have changed since the page was shown."""

    employer = forms.IntegerField(
        label=_("Employer of the register"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose an employer among the suggestions, or add a new one.")},
    )
    employer_q = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, choices: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employer"].widget.choices = choices or []  # type: ignore[attr-defined]


class NewEmployerForm(forms.Form):
    legal_name = forms.CharField(label=_("Legal name"), max_length=200)
    operating_name = forms.CharField(label=_("Operating name"), max_length=200, required=False)
    business_number = forms.CharField(label=_("Business number"), max_length=15, required=False)
    sector = forms.ModelChoiceField(label=_("Sector"), queryset=Sector.objects.order_by("naics_code"))
    street_address = forms.CharField(label=_("Address"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=100)
    province = forms.ChoiceField(label=_("Province or territory"), choices=[("", "–"), *Province.choices])
    phone = forms.CharField(label=_("Telephone"), max_length=30, required=False)

    @classmethod
    def initial_from(cls, report: Report) -> dict[str, Any]:
        return {
            "legal_name": report.employer_name,
            "street_address": report.employer_address[:200],
            "city": report.employer_city,
            "province": report.employer_province,
            "phone": report.employer_phone[:30],
            "sector": report.sector_id,
        }


class JoinCaseForm(forms.Form):
    case = forms.ModelChoiceField(
        label=_("Open case of this employer"), queryset=Case.objects.none(), widget=forms.RadioSelect,
        empty_label=None,
    )

    def __init__(self, *args: Any, cases: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["case"]
        field.queryset = cases if cases is not None else Case.objects.none()  # type: ignore[attr-defined]
        field.label_from_instance = lambda case: _("%(reference)s – %(status)s, opened %(date)s") % {  # type: ignore[attr-defined]
            "reference": case.reference, "status": case.get_status_display(),
            "date": timezone.localtime(case.opened_at).strftime("%Y-%m-%d"),
        }


class CloseReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=ClosingReason.choices, widget=forms.RadioSelect)
    exclusion_rule = forms.ModelChoiceField(
        label=_("Exclusion rule"), required=False, queryset=ExclusionRule.objects.filter(active=True),
        help_text=_("Only when the reason is an exclusion rule."),
    )
    partner = forms.ModelChoiceField(
        label=_("Authority the report goes to"), required=False, queryset=Partner.objects.none(),
        help_text=_("Only when the report is outside the program's jurisdiction: it is referred to this authority."),
    )
    referral_means = forms.ChoiceField(label=_("How it is sent"), required=False, choices=Referral.Means.choices,
                                       initial=Referral.Means.EMAIL)
    referral_what = forms.CharField(
        label=_("What is communicated"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only when the report is outside the program's jurisdiction."),
    )

    def __init__(self, *args: Any, province: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners_for(province)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == ClosingReason.EXCLUSION and not cleaned.get("exclusion_rule"):
            self.add_error("exclusion_rule", _("Choose the exclusion rule that applies."))
        if cleaned.get("reason") == ClosingReason.NO_JURISDICTION and not cleaned.get("partner"):
            self.add_error("partner", _("Choose the authority the report goes to."))
        return cleaned


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the worker"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The worker reads it on the follow-up page with their receipt code. Use plain words."),
    )


class EscalateForm(forms.Form):
    reason = forms.CharField(
        label=_("Why health or safety is at risk"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
    )


# Escalation -----------------------------------------------------------------------

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class LocalDateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format=DATETIME_FORMAT)


def _local_datetime_field(label: Any, *, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, widget=LocalDateTimeInput,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )


class MeasuresForm(forms.Form):
    measures = forms.CharField(
        label=_("Measures taken"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done to protect the workers, by whom and when."),
    )


def partners_for(province: str) -> Any:
    """Partners of the report's province, and the federal ones."""
    partners = Partner.objects.filter(active=True)
    if province:
        partners = partners.filter(Q(province=province) | Q(province=""))
    return partners.order_by("province", "kind", Partner.name_field())


class ReferralForm(forms.ModelForm):  # type: ignore[type-arg]
    communicated_at = _local_datetime_field(_("When"))
    reply_at = _local_datetime_field(_("Reply received"), required=False)

    class Meta:
        model = Referral
        fields = ["partner", "means", "communicated_at", "what", "reply", "reply_at"]
        widgets = {"what": forms.Textarea(attrs={"rows": 3}), "reply": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, province: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners_for(province)  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("communicated_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reply_at") and not cleaned.get("reply"):
            self.add_error("reply", _("Say what the reply was, or leave its date empty."))
        when, reply_at = cleaned.get("communicated_at"), cleaned.get("reply_at")
        if isinstance(when, datetime) and isinstance(reply_at, datetime) and reply_at < when:
            self.add_error("reply_at", _("The reply cannot come before the referral."))
        return cleaned

    def _post_clean(self) -> None:
        pass  # the service creates the referral


class ReferralReplyForm(forms.Form):
    reply = forms.CharField(label=_("Their reply"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    reply_at = _local_datetime_field(_("Reply received"))

    def __init__(self, *args: Any, referral: Referral | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.referral = referral

    def clean_reply_at(self) -> datetime:
        reply_at: datetime = self.cleaned_data["reply_at"]
        if self.referral is not None and reply_at < self.referral.communicated_at:
            raise forms.ValidationError(_("The reply cannot come before the referral."))
        if reply_at > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The reply cannot be recorded before it comes."))
        return reply_at


class ReferralOutcomeForm(forms.Form):
    """What became of a referral: the next outcome, when, and what the partner said or did."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=[], widget=forms.RadioSelect)
    at = _local_datetime_field(_("When"))
    note = forms.CharField(label=_("What the partner said or did"), max_length=10000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, outcomes: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(o.value, o.label) for o in outcomes]  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("New and being reviewed")),
                 (ReportStatus.RECEIVED, ReportStatus.RECEIVED.label),
                 (ReportStatus.IN_REVIEW, ReportStatus.IN_REVIEW.label)],
    )
