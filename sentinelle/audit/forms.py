from django import forms
from django.utils.translation import gettext_lazy as _

from sentinelle.audit.models import AuditEvent


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254)
    action = forms.ChoiceField(
        label=_("What"),
        required=False,
        choices=[("", _("Any event")), *AuditEvent.Action.choices],
    )
    since = forms.DateField(label=_("From (YYYY-MM-DD)"), required=False)
    until = forms.DateField(label=_("To (YYYY-MM-DD)"), required=False)
    event = forms.IntegerField(label=_("Entry number"), required=False, min_value=1)
