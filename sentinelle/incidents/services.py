"""Every change to a confidentiality incident made from its pages: recording or
changing it with its measures, and concluding on the risk of serious harm. Each
is one transaction that checks the version the privacy officer saw (`Conflict`
when somebody saved in between), writes the audit event and, when the incident
is in the register already, the register's corrected entry. Register entries
and notices have their own services (`register.record_entry`,
`notices.generate_notice`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from sentinelle.audit.services import Action, record
from sentinelle.incidents import register
from sentinelle.incidents.grid import FACTORS
from sentinelle.incidents.models import Incident
from sentinelle.lib.locking import claim
from sentinelle.lib.references import new_reference

if TYPE_CHECKING:
    from sentinelle.incidents.forms import IncidentForm

GRID_FIELDS = [factor.field for factor in FACTORS]


def save_incident(form: IncidentForm, measures: Any, *, actor: Any, expected_version: int | None,
                  request: Any = None) -> tuple[Incident, bool]:
    """Save the valid incident form (a new incident when its instance is not
    saved yet) and its valid formset of measures. A change to the grid of a
    concluded incident withdraws the conclusion, to be confirmed again: the
    second value returned says so."""
    incident = form.instance
    creating = incident.pk is None
    with transaction.atomic():
        if not creating and expected_version is not None:
            claim(incident, expected_version)
        incident = form.save(commit=False)
        if creating:
            incident.reference = new_reference("I")
            incident.created_by = actor
        reopened = not creating and incident.concluded and any(name in form.changed_data for name in GRID_FIELDS)
        if reopened:
            incident.serious_harm, incident.overridden, incident.override_reason = None, False, ""
            incident.concluded_by, incident.concluded_at = None, None
        incident.save()
        measures.instance = incident
        measures.save()
        changed = sorted({*form.changed_data, *(["measures"] if measures.has_changed() else [])})
        record(Action.CREATE if creating else Action.UPDATE, actor=actor, obj=incident, request=request,
               fields=changed)
        if not creating and register.current_entry(incident) is not None:
            register.record_entry(incident, actor=actor, request=request, only_if_changed=True,
                                  reason=gettext("The incident form was changed: %(fields)s.") % {
                                      "fields": ", ".join(changed)})
    return incident, reopened


def conclude(incident: Incident, *, serious_harm: bool, overridden: bool, reason: str, grid: bool | None,
             actor: Any, expected_version: int | None, request: Any = None) -> Incident:
    """The privacy officer's conclusion on the risk of serious harm, confirming
    the grid's (`grid`) or departing from it with a reason."""
    with transaction.atomic():
        if expected_version is not None:
            claim(incident, expected_version)
        incident.serious_harm = serious_harm
        incident.overridden = overridden
        incident.override_reason = reason.strip() if overridden else ""
        incident.concluded_by = actor
        incident.concluded_at = timezone.now()
        incident.save(update_fields=["serious_harm", "overridden", "override_reason", "concluded_by",
                                     "concluded_at", "updated_at"])
        record(Action.UPDATE, actor=actor, obj=incident, request=request, fields=["conclusion"],
               serious_harm=incident.serious_harm, grid=grid, overridden=overridden)
        register.record_entry(incident, actor=actor, request=request, only_if_changed=True,
                              reason=gettext("Conclusion on the risk of serious harm recorded."))
    return incident
