"""A complete incident (every field of art. 3, 5 and 7 filled in), to take fields away from."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from sentinelle.incidents.grid import Rating
from sentinelle.incidents.models import Incident, Measure, MeasureKind
from sentinelle.lib.references import new_reference

COMPLETE: dict[str, Any] = {
    "title": "Spreadsheet sent to the wrong employer",
    "body_name": "Sentinelle – Programme d’intégrité",
    "body_neq": "1234567890",
    "contact_name": "Geneviève Tremblay",
    "contact_title": "Privacy officer",
    "contact_phone": "418 555-0142",
    "contact_email": "prp@sentinelle.example",
    "circumstances": "An investigator e-mailed the list of interviewed workers to another employer.",
    "information_concerned": "Names and work-permit numbers of the workers.",
    "occurred_on": date(2026, 3, 2),
    "learned_on": date(2026, 3, 4),
    "persons_concerned": 42,
    "persons_in_quebec": 40,
    "discovered_how": "The receiving employer telephoned.",
    "notification_measures": "A letter to each worker, by post.",
    "suggested_measures": "Report any unusual contact about your work permit.",
    "other_bodies": "None.",
    "sensitivity": Rating.HIGH,
    "malicious_use": Rating.HIGH,
    "consequences": Rating.HIGH,
    "probability": Rating.MEDIUM,
    "serious_harm": True,
    "harm_explanation": "The employer could take reprisals against workers who reported it.",
}


def complete_incident(officer: Any, **changes: Any) -> Incident:
    values = {**COMPLETE, **changes}
    measures = values.pop("with_measures", ("reduce", "prevent"))
    incident = Incident.objects.create(reference=new_reference("I"), created_by=officer, **values)
    if incident.serious_harm is not None:
        incident.concluded_by, incident.concluded_at = officer, timezone.now()
        incident.save()
    if "reduce" in measures:
        Measure.objects.create(incident=incident, kind=MeasureKind.REDUCE, description="Deletion of the e-mail confirmed.",
                               responsible_unit="Quebec regional office", planned_on=date(2026, 3, 4),
                               done_on=date(2026, 3, 5))
    if "prevent" in measures:
        Measure.objects.create(incident=incident, kind=MeasureKind.PREVENT, description="Address autocomplete turned off.",
                               responsible_unit="Cybersecurity service", planned_on=date(2026, 4, 1))
    return incident


def _value(value: Any) -> Any:
    if value is None or value is False:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def edit_data(client: Any, incident: Incident) -> dict[str, Any]:
    """What the edit form of `incident` posts when nothing is changed."""
    page = client.get(f"/en/staff/incidents/{incident.pk}/edit/")
    form, measures = page.context["form"], page.context["measures"]
    data = {name: _value(form[name].value()) for name in form.fields}
    data = {name: value for name, value in data.items() if value != ""}
    for name, value in measures.management_form.initial.items():
        data[f"measures-{name}"] = value
    for measure_form in measures.forms:
        for name in measure_form.fields:
            value = _value(measure_form[name].value())
            if value != "":
                data[measure_form.add_prefix(name)] = value
    return data
