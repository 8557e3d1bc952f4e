"""Forms of the access-request pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.accounts.models import RoleCode, User
from sentinelle.cases.forms import DateInput
from sentinelle.privacy.models import (
    DecisionKind,
    DocumentLanguage,
    FederalExtensionReason,
    Language,
    LegalGround,
    Regime,
)


def privacy_officers() -> Any:
    return User.objects.filter(is_active=True, roles__code=RoleCode.PRIVACY_OFFICER).distinct().order_by("full_name")


class OfficerChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name or obj.email)


class RequestForm(forms.Form):
    name = forms.CharField(label=_("Name of the requester"), max_length=200)
    address = forms.CharField(label=_("Postal address"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    email = forms.EmailField(label=_("E-mail address"), required=False)
    phone = forms.CharField(label=_("Telephone"), max_length=40, required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DateInput)
    scope = forms.CharField(label=_("Documents requested"), widget=forms.Textarea(attrs={"rows": 4}))
    regime = forms.ChoiceField(label=_("Law"), choices=Regime.choices, initial=Regime.QUEBEC,
                               widget=forms.RadioSelect)
    language = forms.ChoiceField(label=_("Language of the correspondence"), choices=Language.choices,
                                 initial=Language.FRENCH)
    assigned_to = OfficerChoiceField(label=_("Privacy officer in charge"), queryset=User.objects.none(),
                                     required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = privacy_officers()  # type: ignore[attr-defined]

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of receipt cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("address") or data.get("email")):
            raise forms.ValidationError(_("Give a postal or an e-mail address: the decision must reach the "
                                          "requester."))
        return data


class NoticeDateForm(forms.Form):
    on = forms.DateField(label=_("Sent on"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ExtensionForm(NoticeDateForm):
    days = forms.IntegerField(label=_("Length of the extension (days)"), min_value=1, max_value=365)
    federal_reason = forms.ChoiceField(label=_("Reason under s. 9(1) (federal)"), required=False,
                                       choices=[("", "—"), *FederalExtensionReason.choices])
    reason = forms.CharField(label=_("Reason given to the requester"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, regime: str = Regime.QUEBEC, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = 10 if regime == Regime.QUEBEC else 30
        if regime == Regime.QUEBEC:
            del self.fields["federal_reason"]
            self.fields["days"].validators.append(MaxValueValidator(10))
            self.fields["days"].widget.attrs["max"] = 10


class RedirectionForm(NoticeDateForm):
    body = forms.CharField(label=_("Public body the request belongs to"), max_length=200)
    contact = forms.CharField(label=_("Its person in charge of access and how to reach them"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(NoticeDateForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=[
        (DecisionKind.FULL, DecisionKind.FULL.label), (DecisionKind.PARTIAL, DecisionKind.PARTIAL.label),
        (DecisionKind.REFUSED, DecisionKind.REFUSED.label)], widget=forms.RadioSelect)


class AssignForm(forms.Form):
    assigned_to = OfficerChoiceField(label=_("Privacy officer in charge"), queryset=User.objects.none())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = privacy_officers()  # type: ignore[attr-defined]


class CasePickForm(forms.Form):
    case_reference = forms.CharField(label=_("Case reference"), max_length=40,
                                     help_text=_("For example C-2026-ACDE3479."))


class GatherForm(forms.Form):
    documents = forms.MultipleChoiceField(label=_("Documents to gather"), widget=forms.CheckboxSelectMultiple)
    language = forms.ChoiceField(label=_("Language of the documents"), choices=DocumentLanguage.choices)

    def __init__(self, *args: Any, documents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["documents"].choices = [(str(d.pk), d.title) for d in documents]  # type: ignore[attr-defined]


class UploadForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(label=_("File"), help_text=_("PDF, image (PNG, JPEG) or text document (Word, "
                                                        "OpenDocument)."))
    language = forms.ChoiceField(label=_("Language of the document"), choices=DocumentLanguage.choices)


def ground_choices(regime: str) -> list[tuple[str, str]]:
    return [(str(g.pk), f"{g.short_label} – {g.label}")
            for g in LegalGround.objects.filter(regime=regime, for_redaction=True)]


class MarkDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accepted", _("Accept")), ("rejected", _("Reject"))])
    ground = forms.TypedChoiceField(label=_("Legal ground"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, regime: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = [("", "—"), *ground_choices(regime)]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "accepted" and not data.get("ground"):
            raise forms.ValidationError(_("Choose the legal ground of the redaction."))
        return data


class ManualMarkForm(forms.Form):
    """Either the rectangle drawn with the mouse (or typed, in PDF points), or the text to find on the page."""

    find_text = forms.CharField(label=_("Text to redact on this page"), max_length=500, required=False,
                                help_text=_("Every occurrence on this page is redacted."))
    x0 = forms.FloatField(label=_("Left (points)"), required=False, min_value=0)
    y0 = forms.FloatField(label=_("Top (points)"), required=False, min_value=0)
    x1 = forms.FloatField(label=_("Right (points)"), required=False, min_value=0)
    y1 = forms.FloatField(label=_("Bottom (points)"), required=False, min_value=0)
    ground = forms.TypedChoiceField(label=_("Legal ground"), coerce=int)

    def __init__(self, *args: Any, regime: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ground"].choices = ground_choices(regime)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        coordinates = [data.get(name) for name in ("x0", "y0", "x1", "y1")]
        has_rect = all(value is not None for value in coordinates)
        if not has_rect and any(value is not None for value in coordinates):
            raise forms.ValidationError(_("Give the four coordinates of the rectangle, or none."))
        if has_rect and (coordinates[2] <= coordinates[0] or coordinates[3] <= coordinates[1]):  # type: ignore[operator]
            raise forms.ValidationError(_("The right edge must be after the left one and the bottom below the "
                                          "top."))
        if not has_rect and not (data.get("find_text") or "").strip():
            raise forms.ValidationError(_("Draw a rectangle on the page, give its coordinates, or type the text "
                                          "to redact."))
        data["has_rect"] = has_rect
        return data


class ReleaseForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the letter and schedule"), choices=Language.choices)
