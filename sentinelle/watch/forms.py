from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from sentinelle.watch.models import RuleKind, WatchRule


class AlertFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Open first, then acknowledged")), ("open", _("Open")),
                 ("acknowledged", _("Acknowledged"))],
    )
    rule = forms.ChoiceField(label=_("Rule"), required=False, choices=[("", _("Any rule")), *RuleKind.choices])
    who = forms.CharField(label=_("Staff member (name or e-mail)"), required=False, max_length=254)
    since = forms.DateField(label=_("From (YYYY-MM-DD)"), required=False)
    until = forms.DateField(label=_("To (YYYY-MM-DD)"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end date must not be before the start date."))
        return data


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you checked and what you found: the note stays with the alert."),
        error_messages={"required": _("Write a note: an alert is acknowledged with what was checked.")},
    )


class RuleForm(forms.ModelForm):
    class Meta:
        model = WatchRule
        fields = ["threshold", "enabled"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["threshold"].validators.append(MaxValueValidator(100_000))
        self.fields["threshold"].widget.attrs.update({"min": 0, "max": 100_000})
        # Labels that name the rule, for screen readers in the table.
        self.fields["threshold"].label = _("Threshold: %(rule)s") % {"rule": self.instance.get_kind_display()}
        self.fields["enabled"].label = _("Enabled: %(rule)s") % {"rule": self.instance.get_kind_display()}


RuleFormSet = forms.modelformset_factory(WatchRule, form=RuleForm, extra=0, can_delete=False)
